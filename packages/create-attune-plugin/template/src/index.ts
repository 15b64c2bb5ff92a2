// The Attune CLI finds this package by its name (attune-plugin-*) and reads `plugin`.
export { plugin, type LabelledSeries, type SeriesInput, type SeriesPrediction, type SeriesConfig, type SeriesState } from './plugin.js';
export { SeriesTransformer, type SeriesModelConfig, type SeriesExample } from './model.js';
