/** One item of a recommendation catalogue as the app shows it (`catalogue.json` next to the model). */
export interface CatalogueItem {
  id: number | string;
  title: string;
  /** A category or genre, for grouping in the UI. */
  group: string;
}
