// Recommendation: browse a catalogue, click items, and watch "next for you" change after every
// click. The visitor is new to the model (no retraining): SASRec reads the clicks in order, and
// items already clicked are left out.
import { Recommender, type ItemId } from '@attune/recommend';
import type { CatalogueItem } from '../../shared/catalogue.js';
import type { DemoModelEntry } from '../../shared/model-index.js';
import { describeDataset, type AppContext } from '../app-context.js';
import { el, errorText, ms } from '../ui.js';
import type { Tab } from './tab.js';

/** Tiles shown at once (MovieLens has thousands of films: filter and search narrow them). */
const MAX_TILES = 48;

export const recommendTab: Tab = {
  id: 'recommend',
  title: 'Recommendation',
  render(panel, app) {
    const models = app.models('recommend');
    if (models.length === 0) {
      panel.append(el('p', { class: 'error' }, 'No recommendation model was prepared: run `npm run demo` from the repository root.'));
      return;
    }
    new RecommendTab(panel, app, models).mount();
  },
};

class RecommendTab {
  private recommender: Promise<Recommender> | undefined;
  private key = '';
  private catalogue: CatalogueItem[] = [];
  private byId = new Map<string, CatalogueItem>();
  private history: ItemId[] = [];
  /** Bumped on every refresh: a slower, older answer never overwrites a newer one. */
  private generation = 0;
  private readonly select: HTMLSelectElement;
  private readonly info = el('p', { class: 'muted', 'data-testid': 'recommend-dataset' });
  private readonly group = el('select', { 'data-testid': 'recommend-group' });
  private readonly search = el('input', { type: 'text', placeholder: 'Search the catalogue…', style: 'max-width:18rem' });
  private readonly tiles = el('div', { class: 'items', 'data-testid': 'catalogue' });
  private readonly clicks = el('ol', { 'data-testid': 'history' });
  private readonly recs = el('ol', { 'data-testid': 'recommendations' });
  private readonly status = el('p', { class: 'muted', 'data-testid': 'recommend-status' });

  constructor(
    private readonly panel: HTMLElement,
    private readonly app: AppContext,
    private readonly models: DemoModelEntry[],
  ) {
    this.select = el('select', { 'data-testid': 'recommend-model' }, ...models.map((m) => el('option', { value: m.id }, m.title)));
  }

  mount(): void {
    const reset = el('button', { 'data-testid': 'recommend-reset' }, 'New visitor');
    reset.addEventListener('click', () => {
      this.history = [];
      void this.refresh();
    });
    this.select.addEventListener('change', () => void this.load());
    this.app.onDeviceChange(() => void this.refresh());
    this.group.addEventListener('change', () => this.drawTiles());
    this.search.addEventListener('input', () => this.drawTiles());
    this.panel.append(
      el('div', { class: 'card' },
        el('h2', {}, 'Next for you'),
        el('div', { class: 'row' }, this.select),
        this.info,
        el('p', { class: 'muted' }, 'You are a new visitor: the model has never seen you and is not retrained. It reads your clicks in order and ranks every item; items you already clicked are left out.'),
      ),
      el('div', { class: 'grid2' },
        el('div', { class: 'card' }, el('h3', {}, 'Catalogue'), el('div', { class: 'row' }, this.group, this.search), el('p'), this.tiles),
        el('div', { class: 'card' }, el('h3', {}, 'Recommended next'), this.recs, this.status, el('h3', {}, 'Your clicks'), this.clicks, reset),
      ),
    );
    void this.load();
  }

  private get entry(): DemoModelEntry {
    return this.models.find((m) => m.id === this.select.value)!;
  }

  private async load(): Promise<void> {
    this.history = [];
    this.info.textContent = describeDataset(this.entry);
    try {
      this.catalogue = await this.app.loadJson<CatalogueItem[]>(this.entry, 'catalogue.json');
      this.byId = new Map(this.catalogue.map((c) => [String(c.id), c]));
      const groups = [...new Set(this.catalogue.map((c) => c.group))].sort();
      this.group.replaceChildren(el('option', { value: '' }, 'All categories'), ...groups.map((g) => el('option', { value: g }, g)));
      this.drawTiles();
      await this.refresh();
    } catch (error) {
      this.status.textContent = errorText(error);
    }
  }

  private model(): Promise<Recommender> {
    const key = `${this.entry.id}/${this.app.device}`;
    if (!this.recommender || key !== this.key) {
      void this.recommender?.then((r) => r.release()).catch(() => undefined);
      this.key = key;
      this.recommender = this.app.loadArtifact(this.entry).then((a) => Recommender.fromArtifact(a, this.app.runtime()));
      this.recommender.catch(() => (this.recommender = undefined));
    }
    return this.recommender;
  }

  private drawTiles(): void {
    const query = this.search.value.trim().toLowerCase();
    const shown = this.catalogue.filter((c) => (!this.group.value || c.group === this.group.value) && (!query || c.title.toLowerCase().includes(query))).slice(0, MAX_TILES);
    const seen = new Set(this.history.map(String));
    this.tiles.replaceChildren(...shown.map((c) => this.tile(c, seen.has(String(c.id)))));
  }

  private tile(item: CatalogueItem, seen: boolean): HTMLElement {
    const b = el('button', { class: seen ? 'item seen' : 'item', 'data-id': String(item.id), title: seen ? 'already clicked' : 'click to visit' }, el('strong', {}, item.title), el('br'), el('span', { class: 'muted' }, item.group));
    b.addEventListener('click', () => {
      this.history.push(item.id);
      void this.refresh();
    });
    return b;
  }

  private async refresh(): Promise<void> {
    this.drawTiles();
    this.clicks.replaceChildren(...this.history.map((id) => el('li', { 'data-id': String(id) }, this.byId.get(String(id))?.title ?? String(id))));
    const generation = ++this.generation;
    try {
      const model = await this.model();
      const started = performance.now();
      const result = await model.recommend(this.history, { k: 10 });
      const latency = performance.now() - started;
      if (generation !== this.generation) return;
      this.recs.replaceChildren(
        ...result.items.map(({ item, score }) => {
          const c = this.byId.get(String(item));
          const li = el('li', { 'data-id': String(item) }, el('button', { class: 'item', style: 'width:100%' }, `${c?.title ?? item} `, el('span', { class: 'muted' }, `${c?.group ?? ''} · ${score.toFixed(2)}`)));
          li.querySelector('button')!.addEventListener('click', () => {
            this.history.push(item);
            void this.refresh();
          });
          return li;
        }),
      );
      this.status.textContent = `${ms(latency)} on ${model.device}, ${this.history.length} click${this.history.length === 1 ? '' : 's'}${result.popularityFallback ? ' (no clicks yet: most popular items)' : ''}.`;
      this.status.dataset['clicks'] = String(this.history.length);
    } catch (error) {
      this.status.textContent = errorText(error);
    }
  }
}
