import { InputError } from '@attune/core';
import type { TextExample } from './types.js';

/**
 * Throws an InputError naming the example when it has no text or no label (multi-label: `labels`
 * must be an array of non-empty strings, possibly empty).
 */
export function checkExample(example: unknown, index: number | undefined, multiLabel = false): asserts example is TextExample {
  const where = index === undefined ? 'An example' : `Example ${index}`;
  const shape = multiLabel ? '{ text: string, labels: string[] }' : '{ text: string, label: string }';
  if (typeof example !== 'object' || example === null) {
    throw new InputError(`${where} is ${example === null ? 'null' : typeof example}; expected ${shape}.`);
  }
  const { text, label, labels } = example as { text?: unknown; label?: unknown; labels?: unknown };
  if (typeof text !== 'string' || text.trim() === '') {
    throw new InputError(`${where} has no text (got ${JSON.stringify(text)}); expected a non-empty string.`);
  }
  if (multiLabel) {
    if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string' || l === '')) {
      const hint = typeof label === 'string' ? ' (it has `label`: a multi-label model takes `labels: [...]`)' : '';
      throw new InputError(`${where} has no valid labels (got ${JSON.stringify(labels)})${hint}; expected an array of non-empty strings.`);
    }
  } else if (typeof label !== 'string' || label === '') {
    const hint = Array.isArray(labels) ? ' (it has `labels`: set config.multiLabel for several labels per text)' : '';
    throw new InputError(`${where} has no label (got ${JSON.stringify(label)})${hint}; expected a non-empty string.`);
  }
}

/** The labels of one checked example. */
export function labelsOf(example: TextExample): readonly string[] {
  return 'labels' in example && Array.isArray(example.labels) ? example.labels : [(example as { label: string }).label];
}

/** The sorted label set of a training set; throws on an empty set, a bad example, or a single class. */
export function collectLabels(examples: readonly TextExample[], multiLabel = false): string[] {
  if (!Array.isArray(examples) || examples.length === 0) {
    throw new InputError('text-classifier: training needs at least one example; got none.');
  }
  examples.forEach((e, i) => checkExample(e, i, multiLabel));
  const labels = [...new Set(examples.flatMap(labelsOf))].sort();
  if (labels.length < 2) {
    if (multiLabel && labels.length === 1) return labels; // one label that may or may not apply is a binary task
    throw new InputError(
      labels.length === 0
        ? 'Training needs at least one label; no example has any.'
        : `Training needs at least two labels; every example is labelled "${labels[0]}".`,
    );
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
