import { InputError } from '@attune/core';
import {
  buildSequences, parseInteractionsCsv, sequentialRecommenderPlugin,
  type ItemId, type RecommendInput, type SequenceExample,
} from '@attune/recommend';
import { readTextFile } from '../data/text-file.js';
import { parseJsonText, type CliAdapter, type DataOptions } from './adapter.js';
import { itemIdArray } from './json-input.js';

/** Most item ids in a history, candidates or exclude list: bounds the work one request can ask for. */
const MAX_IDS = 10_000;

/** Numeric-looking ids become numbers, as parseInteractionsCsv makes them, so both sides match. */
const idOf = (raw: string): ItemId => (/^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw);

/** Whether the first non-blank line names columns (parseInteractionsCsv's rule: not every field a number). */
function hasHeader(text: string): boolean {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return !first.split(first.includes('\t') ? '\t' : ',').every((f) => f.trim() !== '' && Number.isFinite(Number(f)));
}

/** `where` prefixes messages (an input line); a server request's index is added by the server. */
function checkInput(value: unknown, where?: string): RecommendInput {
  const v = Array.isArray(value) ? { history: value } : value;
  if (typeof v !== 'object' || v === null || !Array.isArray((v as { history?: unknown }).history)) {
    throw new InputError(`${where ?? 'A recommend input'}: expected {"history": [item ids...], "k": 10} or an array of item ids.`);
  }
  const input = v as RecommendInput;
  try {
    itemIdArray(input.history, 'history', MAX_IDS);
    if (input.candidates !== undefined) itemIdArray(input.candidates, 'candidates', MAX_IDS);
    if (input.exclude !== undefined && typeof input.exclude !== 'boolean') itemIdArray(input.exclude, 'exclude', MAX_IDS);
    if (input.k !== undefined && !(typeof input.k === 'number' && Number.isInteger(input.k) && input.k >= 1)) {
      throw new InputError(`"k" must be a positive integer; got ${JSON.stringify(input.k)}.`);
    }
  } catch (error) {
    if (error instanceof InputError && where) throw new InputError(`${where}: ${error.message}`);
    throw error;
  }
  return input;
}

/**
 * Next-item recommendation: an interaction log (CSV or TSV with user, item and timestamp columns;
 * MovieLens `ratings.csv` works as is) becomes one time-ordered sequence per user.
 */
export const recommendAdapter: CliAdapter<SequenceExample, RecommendInput> = {
  task: 'recommend',
  description: 'next-item recommendation from interaction logs (SASRec)',
  plugin: sequentialRecommenderPlugin,
  dataHelp: 'an interaction CSV/TSV with user, item and timestamp columns (--user-column, --item-column, --time-column; default MovieLens userId,movieId,timestamp)',
  source: 'built-in',
  trainDefaults: { epochs: 20, batchSize: 128, learningRate: 1e-3 },
  async readExamples(file: string, options: DataOptions) {
    const text = await readTextFile(file, options['encoding']);
    // by name when the file has a header: user, item and timestamp only, as documented (ratings are
    // not used, so a log without a rating column is read too); by position (u.data) when it has none
    const flagged = options['userColumn'] || options['itemColumn'] || options['timeColumn'];
    const columns = flagged || hasHeader(text)
      ? { user: options['userColumn'] ?? 'userId', item: options['itemColumn'] ?? 'movieId', timestamp: options['timeColumn'] ?? 'timestamp' }
      : undefined;
    let sequences;
    try {
      sequences = buildSequences(parseInteractionsCsv(text, columns ? { columns } : {}));
    } catch (error) {
      if (error instanceof InputError) throw new InputError(`${file}: ${error.message}`);
      throw error;
    }
    return sequences.map((s) => ({ items: s.items }));
  },
  splitValidation(examples) {
    // leave-one-out by time: each user with 3+ items trains without its last item (kept in the
    // catalogue) and is validated on ranking that item after the rest
    const train: SequenceExample[] = [];
    const validation: SequenceExample[] = [];
    for (const e of examples) {
      if (e.items.length >= 3) {
        train.push({ items: e.items.slice(0, -1), heldOut: [e.items.at(-1)!] });
        validation.push({ items: e.items });
      } else train.push(e);
    }
    return { train, validation };
  },
  parseInput(line: string) {
    const trimmed = line.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) return checkInput(parseJsonText(trimmed, 'An input line'), 'An input line');
    return { history: trimmed.split(/[\s,]+/).filter(Boolean).map(idOf) };
  },
  fromJson: (value) => checkInput(value),
  inputOf: (example) => ({ history: example.items.slice(0, -1) }),
};

/** The recommendation plugin as a built-in task. */
export function builtInRecommend(): CliAdapter[] {
  return [recommendAdapter as CliAdapter];
}
