import { ConfigError, InputError } from '@attune/core';
import { joinTokens } from './decode.js';
import { normalizeText } from './normalize.js';
import { preTokenize } from './pre-tokenize.js';
import { type TokenizerState, validateState } from './state.js';
import { buildPieceTable, encodeWord, type PieceTable } from './wordpiece.js';

export interface EncodeOptions {
  /** Total length including [CLS] and [SEP]. Longer inputs are cut (and flagged); omitted: no limit. */
  maxLength?: number;
  /** 'max' (default): pad with [PAD] up to `maxLength`. 'none': leave short sequences as they are. */
  padding?: 'max' | 'none';
  /** Truncation is always on when `maxLength` is set; the field exists so calls read like Hugging Face's. */
  truncation?: true;
  /** Wrap the pieces in [CLS] … [SEP]. Default true. */
  addSpecialTokens?: boolean;
}

export interface BatchEncodeOptions extends Omit<EncodeOptions, 'padding'> {
  /** As for `encode`, plus 'longest': pad every sequence to the longest one in the batch. */
  padding?: 'max' | 'none' | 'longest';
}

export interface Encoding {
  ids: number[];
  /** 1 for a real token (specials included), 0 for padding. */
  attentionMask: number[];
  /** True when pieces were dropped to fit `maxLength`. */
  truncated: boolean;
  tokens: string[];
}

/** Words cached per tokenizer; cleared when full, so memory stays bounded on endless unique input. */
const CACHE_LIMIT = 50_000;

/**
 * A trained WordPiece tokenizer. Create one with `trainTokenizer()` or `Tokenizer.fromJSON(state)`.
 * Encoding never throws on a string: any text, including malformed UTF-16, encodes to valid ids.
 */
export class Tokenizer {
  readonly padId = 0;
  readonly unkId = 1;
  readonly clsId = 2;
  readonly sepId = 3;
  readonly maskId = 4;
  private readonly state: TokenizerState;
  private readonly table: PieceTable;
  private readonly cache = new Map<string, number[]>();

  private constructor(state: TokenizerState) {
    this.state = state;
    this.table = buildPieceTable(state.vocab, state.specialTokens.length, this.unkId);
  }

  /** Loads a state written by `toJSON()`; throws a `ConfigError` naming the field if it is not one. */
  static fromJSON(state: unknown): Tokenizer {
    return new Tokenizer(validateState(state));
  }

  /** Plain, versioned JSON for the artifact manifest (a copy: editing it does not change the tokenizer). */
  toJSON(): TokenizerState {
    return { ...this.state, specialTokens: [...this.state.specialTokens], vocab: [...this.state.vocab] };
  }

  get vocabSize(): number {
    return this.state.vocab.length;
  }

  get lowercase(): boolean {
    return this.state.lowercase;
  }

  get specialTokens(): readonly string[] {
    return this.state.specialTokens;
  }

  tokenToId(token: string): number | undefined {
    return this.table.ids.get(token) ?? indexOrUndefined(this.state.specialTokens, token);
  }

  idToToken(id: number): string | undefined {
    return this.state.vocab[id];
  }

  /** Piece ids of `text`, without special tokens, truncation or padding. */
  tokenizeToIds(text: string): number[] {
    if (typeof text !== 'string') throw new InputError(`Tokenizer: expected a string to encode, got ${typeof text}.`);
    const out: number[] = [];
    const { ids: pieces, maxPieceLength } = this.table;
    for (const word of preTokenize(normalizeText(text, this.state.lowercase))) {
      // Most words are whole vocabulary entries: the longest match is the word itself, one lookup.
      const whole = word.length <= maxPieceLength ? pieces.get(word) : undefined;
      if (whole !== undefined) {
        out.push(whole);
        continue;
      }
      let ids = this.cache.get(word);
      if (!ids) {
        ids = [];
        encodeWord(word, this.table, ids);
        if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
        this.cache.set(word, ids);
      }
      for (const id of ids) out.push(id);
    }
    return out;
  }

  /** Piece strings of `text` (e.g. `["pay", "##ment"]`), without special tokens. */
  tokenize(text: string): string[] {
    return this.tokenizeToIds(text).map((id) => this.state.vocab[id]!);
  }

  encode(text: string, options: EncodeOptions = {}): Encoding {
    return this.encodeTo(text, options, checkOptions(options));
  }

  encodeBatch(texts: readonly string[], options: BatchEncodeOptions = {}): Encoding[] {
    if (!Array.isArray(texts)) throw new InputError(`Tokenizer.encodeBatch: expected an array of strings, got ${typeof texts}.`);
    const { padding, ...rest } = options;
    const each = padding === 'longest' ? { ...rest, padding: 'none' as const } : { ...rest, padding };
    const length = checkOptions(each);
    const encodings = texts.map((text) => this.encodeTo(text, each, length));
    if (padding === 'longest') {
      const longest = Math.max(0, ...encodings.map((e) => e.ids.length));
      for (const e of encodings) this.pad(e, longest);
    }
    return encodings;
  }

  /** Text of `ids`, best effort (see `joinTokens`). Special tokens are left out unless asked for. */
  decode(ids: readonly number[], options: { skipSpecialTokens?: boolean } = {}): string {
    const skip = options.skipSpecialTokens ?? true;
    const tokens: string[] = [];
    for (const id of ids) {
      const token = Number.isInteger(id) ? this.state.vocab[id] : undefined;
      if (token === undefined) throw new InputError(`Tokenizer.decode: id ${id} is not in the vocabulary (0 to ${this.vocabSize - 1}).`);
      if (!(skip && id < this.state.specialTokens.length)) tokens.push(token);
    }
    return joinTokens(tokens);
  }

  private encodeTo(text: string, options: EncodeOptions, maxLength: number): Encoding {
    const special = options.addSpecialTokens ?? true;
    const pieces = this.tokenizeToIds(text);
    const room = maxLength - (special ? 2 : 0);
    const truncated = pieces.length > room;
    const kept = truncated ? room : pieces.length;
    const padded = (options.padding ?? 'max') === 'max' && Number.isFinite(maxLength);
    // One pass with push keeps the arrays packed (this runs once per example in a data pipeline).
    const ids: number[] = [];
    const attentionMask: number[] = [];
    if (special) ids.push(this.clsId);
    for (let i = 0; i < kept; i++) ids.push(pieces[i]!);
    if (special) ids.push(this.sepId);
    for (let i = 0; i < ids.length; i++) attentionMask.push(1);
    const vocab = this.state.vocab;
    const tokens: string[] = [];
    for (const id of ids) tokens.push(vocab[id]!);
    const encoding: Encoding = { ids, attentionMask, truncated, tokens };
    if (padded) this.pad(encoding, maxLength);
    return encoding;
  }

  private pad(e: Encoding, length: number): void {
    const padToken = this.state.vocab[this.padId]!;
    while (e.ids.length < length) {
      e.ids.push(this.padId);
      e.attentionMask.push(0);
      e.tokens.push(padToken);
    }
  }
}

/** Validates encode options; returns the effective maximum length (Infinity when unset). */
function checkOptions(options: EncodeOptions | BatchEncodeOptions): number {
  const { maxLength, padding, truncation, addSpecialTokens } = options;
  const min = addSpecialTokens === false ? 1 : 2;
  if (maxLength !== undefined && (!Number.isInteger(maxLength) || maxLength < min)) {
    throw new ConfigError('maxLength', maxLength, `an integer >= ${min} (room for [CLS] and [SEP])`);
  }
  if (padding !== undefined && padding !== 'max' && padding !== 'none' && padding !== 'longest') {
    throw new ConfigError('padding', padding, '"max" or "none"');
  }
  if (truncation !== undefined && truncation !== true) throw new ConfigError('truncation', truncation, 'true');
  if (addSpecialTokens !== undefined && typeof addSpecialTokens !== 'boolean') {
    throw new ConfigError('addSpecialTokens', addSpecialTokens, 'a boolean');
  }
  return maxLength ?? Infinity;
}

function indexOrUndefined(list: readonly string[], value: string): number | undefined {
  const i = list.indexOf(value);
  return i < 0 ? undefined : i;
}
