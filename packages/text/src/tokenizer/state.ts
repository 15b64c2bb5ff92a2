import { ConfigError } from '@attune/core';

/**
 * The tokenizer's saved state: plain JSON, stored in the artifact manifest's `preprocessing`. Everything
 * encoding needs is here (the normalisation switches and the vocabulary); the merge list used during
 * training is not, because WordPiece encodes by longest match over the vocabulary alone.
 */
export interface TokenizerState {
  /** Identifies the kind of state, so a foreign object (another plugin's) is refused clearly. */
  format: typeof STATE_FORMAT;
  /** Bumped on any change to normalisation, pre-tokenisation or encoding that would change ids. */
  version: typeof STATE_VERSION;
  /** Lower-case after NFKC. */
  lowercase: boolean;
  /** Prefix of a piece that continues a word (BERT's convention). Fixed; stored to be self-describing. */
  continuingSubwordPrefix: '##';
  /** Special tokens; `vocab[i] === specialTokens[i]`. The first five are always [PAD] [UNK] [CLS] [SEP] [MASK]. */
  specialTokens: string[];
  /** Token strings; a token's id is its index. */
  vocab: string[];
}

export const STATE_FORMAT = 'attune-text/wordpiece';
export const STATE_VERSION = 1;
export const REQUIRED_SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
/** Ids are packed into pair keys during training (id * 2^20 + id); also a sanity limit when loading. */
export const MAX_VOCAB_SIZE = 1 << 20;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Checks that `value` is a tokenizer state this version can load, and returns a copy. Every failure is a
 * `ConfigError` naming the field, e.g. `Invalid tokenizerState.vocab[7]: got "the"; expected a token that
 * appears once (it is also vocab[3]).`
 */
export function validateState(value: unknown): TokenizerState {
  const f = (field: string) => `tokenizerState${field}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError('tokenizerState', Array.isArray(value) ? 'an array' : value, 'a tokenizer state object (Tokenizer#toJSON())');
  }
  const s = value as Record<string, unknown>;
  if (s.format !== STATE_FORMAT) {
    throw new ConfigError(f('.format'), s.format, `"${STATE_FORMAT}" (is this an @attune/text tokenizer state?)`);
  }
  if (typeof s.version === 'number' && s.version > STATE_VERSION) {
    throw new ConfigError(f('.version'), s.version, `${STATE_VERSION} (written by a newer @attune/text; upgrade it)`);
  }
  if (s.version !== STATE_VERSION) throw new ConfigError(f('.version'), s.version, String(STATE_VERSION));
  if (typeof s.lowercase !== 'boolean') throw new ConfigError(f('.lowercase'), s.lowercase, 'a boolean');
  if (s.continuingSubwordPrefix !== '##') {
    throw new ConfigError(f('.continuingSubwordPrefix'), s.continuingSubwordPrefix, '"##"');
  }
  const specials = stringArray(s.specialTokens, f('.specialTokens'));
  REQUIRED_SPECIAL_TOKENS.forEach((token, i) => {
    if (specials[i] !== token) throw new ConfigError(f(`.specialTokens[${i}]`), specials[i], `"${token}"`);
  });
  const vocab = stringArray(s.vocab, f('.vocab'));
  if (vocab.length < specials.length || vocab.length > MAX_VOCAB_SIZE) {
    throw new ConfigError(f('.vocab.length'), vocab.length, `${specials.length} to ${MAX_VOCAB_SIZE}`);
  }
  const seen = new Map<string, number>();
  vocab.forEach((token, i) => {
    if (token === '' || token === '##' || LONE_SURROGATE.test(token)) {
      throw new ConfigError(f(`.vocab[${i}]`), token, 'a non-empty, well-formed token');
    }
    const first = seen.get(token);
    if (first !== undefined) {
      throw new ConfigError(f(`.vocab[${i}]`), token, `a token that appears once (it is also vocab[${first}])`);
    }
    seen.set(token, i);
    if (i < specials.length && token !== specials[i]) {
      throw new ConfigError(f(`.vocab[${i}]`), token, `the special token ${JSON.stringify(specials[i])}`);
    }
  });
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    lowercase: s.lowercase,
    continuingSubwordPrefix: '##',
    specialTokens: specials,
    vocab,
  };
}

function stringArray(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw new ConfigError(field, typeof value, 'an array of strings');
  const bad = value.findIndex((v) => typeof v !== 'string');
  if (bad >= 0) throw new ConfigError(`${field}[${bad}]`, typeof value[bad], 'a string');
  return value.slice() as string[];
}
