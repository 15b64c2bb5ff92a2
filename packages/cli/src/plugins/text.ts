import { InputError } from '@attune/core';
import { textClassifierPlugin, type TextExample } from '@attune/text';
import { column, formatOf, MAX_FIELD_CHARS, parseTable } from '../data/table.js';
import { readTextFile } from '../data/text-file.js';
import type { CliAdapter, DataOptions } from './adapter.js';

/**
 * Text classification: labelled texts from a CSV, TSV or JSON-lines file with named columns
 * (`text` and `label` by default; BANKING77's `category` is accepted as the label).
 */
export const textAdapter: CliAdapter<TextExample, string> = {
  task: 'text',
  description: 'text classification (WordPiece + Transformer encoder)',
  plugin: textClassifierPlugin,
  dataHelp: 'a .csv, .tsv or .jsonl file with a text column and a label column (--text-column, --label-column)',
  source: 'built-in',
  trainDefaults: { epochs: 10, batchSize: 32, learningRate: 1e-3 },
  async readExamples(file: string, options: DataOptions) {
    const rows = parseTable(await readTextFile(file, options['encoding']), formatOf(file), file);
    if (rows.length === 0) throw new InputError(`${file} has a header but no examples.`);
    const textColumn = options['textColumn'] ?? 'text';
    const labelColumn = options['labelColumn'] ?? (rows[0]!.values['label'] === undefined && rows[0]!.values['category'] !== undefined ? 'category' : 'label');
    return rows.map((row) => {
      const text = column(row, textColumn, file);
      const label = column(row, labelColumn, file).trim();
      if (text.trim() === '') throw new InputError(`${file}:${row.line}: the text is empty; every example needs some text.`);
      if (label === '') throw new InputError(`${file}:${row.line}: the label is empty; every example needs a label.`);
      return { text, label };
    });
  },
  parseInput(line: string) {
    // a JSON string or {"text": ...} is unwrapped; anything else is the text itself
    let text = line;
    const trimmed = line.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('"')) {
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch {
        value = undefined;
      }
      if (typeof value === 'string') text = value;
      else if (typeof value === 'object' && value !== null) {
        const t = (value as { text?: unknown }).text;
        if (typeof t !== 'string') throw new InputError('A JSON input line needs a "text" string, e.g. {"text": "where is my card?"}.');
        text = t;
      }
    }
    if (text.length > MAX_FIELD_CHARS) throw new InputError(`An input text has ${text.length} characters; the limit is ${MAX_FIELD_CHARS}.`);
    return text;
  },
  fromJson(value) {
    const text = typeof value === 'object' && value !== null ? (value as { text?: unknown }).text : value;
    if (typeof text !== 'string') throw new InputError('A text input is a string or {"text": "..."}.');
    // as `attune predict` refuses a blank line: nothing to classify, yet the model would answer confidently
    if (text.trim() === '') throw new InputError('A text input is empty (or only spaces); give some text to classify.');
    if (text.length > MAX_FIELD_CHARS) throw new InputError(`An input text has ${text.length} characters; the limit is ${MAX_FIELD_CHARS}.`);
    return text;
  },
  inputOf: (example) => example.text,
};
