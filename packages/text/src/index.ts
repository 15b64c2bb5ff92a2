// @attune/text: text classification for Attune — the trainable WordPiece tokenizer and the
// classifier plugin (`textClassifierPlugin`) with its facade (`TextClassifier`).
export * from './tokenizer/index.js';
export * from './classifier/index.js';
export { parseCsv, parseLabelledCsv, parseLabelledTsv, type LabelledText } from './data/labelled-text.js';
