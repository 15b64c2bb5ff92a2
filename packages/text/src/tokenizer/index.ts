export { Tokenizer, type BatchEncodeOptions, type EncodeOptions, type Encoding } from './tokenizer.js';
export { trainTokenizer, type TrainTokenizerOptions } from './trainer.js';
export { normalizeText } from './normalize.js';
export { preTokenize } from './pre-tokenize.js';
export {
  REQUIRED_SPECIAL_TOKENS,
  STATE_FORMAT,
  STATE_VERSION,
  validateState,
  type TokenizerState,
} from './state.js';
