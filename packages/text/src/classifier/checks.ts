import { InputError } from '@attune/core';
import type { TextExample } from './types.js';

/** Throws an InputError naming the example when it has no text or no label. */
export function checkExample(example: unknown, index: number | undefined): asserts example is TextExample {
  const where = index === undefined ? 'An example' : `Example ${index}`;
  if (typeof example !== 'object' || example === null) {
    throw new InputError(`${where} is ${example === null ? 'null' : typeof example}; expected { text: string, label: string }.`);
  }
  const { text, label } = example as Partial<TextExample>;
  if (typeof text !== 'string' || text.trim() === '') {
    throw new InputError(`${where} has no text (got ${JSON.stringify(text)}); expected a non-empty string.`);
  }
  if (typeof label !== 'string' || label === '') {
    throw new InputError(`${where} has no label (got ${JSON.stringify(label)}); expected a non-empty string.`);
  }
}

/** The sorted label set of a training set; throws on an empty set, a bad example, or a single class. */
export function collectLabels(examples: readonly TextExample[]): string[] {
  if (!Array.isArray(examples) || examples.length === 0) {
    throw new InputError('text-classifier: training needs at least one example; got none.');
  }
  examples.forEach((e, i) => checkExample(e, i));
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) {
    throw new InputError(`Training needs at least two labels; every example is labelled "${labels[0]}".`);
  }
  return labels;
}

/** Texts to predict on must be strings (empty is allowed: it predicts from [CLS] [SEP] alone). */
export function checkTexts(texts: unknown): asserts texts is string[] {
  if (!Array.isArray(texts)) throw new InputError(`predict expects an array of strings; got ${typeof texts}.`);
  texts.forEach((t, i) => {
    if (typeof t !== 'string') throw new InputError(`Text ${i} is ${t === null ? 'null' : typeof t}; expected a string.`);
  });
}
