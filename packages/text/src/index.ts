// @attune/text: text classification for Attune. So far: the trainable WordPiece tokenizer.
// The classifier plugin is not built yet.
export * from './tokenizer/index.js';
