// Small made-up data sets for tests and the load benchmark: learnable in a few epochs on 2 cores.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const INTENTS: Record<string, { verbs: string[]; objects: string[] }> = {
  card: { verbs: ['lost', 'blocked', 'need a new', 'cannot find', 'damaged'], objects: ['card', 'debit card', 'credit card', 'bank card'] },
  transfer: { verbs: ['send', 'move', 'wire', 'transfer'], objects: ['money to a friend', 'funds abroad', 'cash to my sister', 'payment to rent'] },
  balance: { verbs: ['check', 'see', 'show', 'what is'], objects: ['my balance', 'account total', 'money left', 'savings amount'] },
};
const OPENERS = ['please', 'hi', 'hello', 'i want to', 'can you', 'help me', 'quickly'];

/** A seeded linear congruential generator (tests need the same data every run). */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return (n: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % n;
}

/** `count` labelled texts over three intents. */
export function tinyTexts(count: number, seed = 1): Array<{ text: string; label: string }> {
  const r = rng(seed);
  const labels = Object.keys(INTENTS);
  return Array.from({ length: count }, (_, i) => {
    const label = labels[i % labels.length]!;
    const { verbs, objects } = INTENTS[label]!;
    const text = `${OPENERS[r(OPENERS.length)]} ${verbs[r(verbs.length)]} ${objects[r(objects.length)]}`;
    return { text, label };
  });
}

/** CSV text (RFC 4180 quoting) with a `text,label` header. */
export function toCsv(rows: ReadonlyArray<{ text: string; label: string }>): string {
  const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return `text,label\n${rows.map((r) => `${q(r.text)},${q(r.label)}`).join('\n')}\n`;
}

export function writeTinyCsv(file: string, count: number, seed = 1): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, toCsv(tinyTexts(count, seed)));
  return file;
}

/** Model settings small enough that a test trains in seconds. */
export const TINY_TEXT_SETTINGS = ['--set', 'dModel=32', '--set', 'numHeads=2', '--set', 'numLayers=1', '--set', 'ffnDim=64', '--set', 'vocabSize=200', '--set', 'maxLength=16'];
