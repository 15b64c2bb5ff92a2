// Trains on the real benchmark data (read from the shared folder, never copied) and reports the figures
// the issue asks for: vocabulary size, unknown-token rate on the test split, tokens per text.
import { describe, expect, it } from 'vitest';
import { datasetsDir, hasDatasets, readBanking77, readThucNews } from '../test-support/datasets.js';
import { Tokenizer } from './tokenizer.js';
import { trainTokenizer } from './trainer.js';

function measure(tokenizer: Tokenizer, texts: string[]) {
  let unk = 0;
  let total = 0;
  for (const text of texts) {
    const ids = tokenizer.tokenizeToIds(text);
    total += ids.length;
    for (const id of ids) if (id === tokenizer.unkId) unk++;
  }
  return { unkRate: unk / total, tokensPerText: total / texts.length };
}

function report(name: string, tokenizer: Tokenizer, figures: { unkRate: number; tokensPerText: number }) {
  console.log(
    `[text] ${name}: vocabulary ${tokenizer.vocabSize}, test [UNK] rate ${(figures.unkRate * 100).toFixed(3)}%, ` +
      `${figures.tokensPerText.toFixed(2)} tokens/text`,
  );
}

// The shared data sets sit beside the clone in CI and on every developer machine; a missing folder
// is a failure with directions, never a silent skip.
describe('tokenizer on the benchmark data sets', () => {
  it('finds the shared data sets', () => {
    expect(hasDatasets(), `BANKING77 not found under ${datasetsDir()}; set ATTUNE_DATASETS to the datasets folder`).toBe(true);
  });

  it('BANKING77: trains on train.csv, almost no [UNK] on test.csv', () => {
    const train = readBanking77('train');
    const test = readBanking77('test');
    expect(train).toHaveLength(10_003);
    expect(test).toHaveLength(3_080);
    const tokenizer = trainTokenizer(train.map((r) => r.text), { vocabSize: 8000, minFrequency: 2 });
    const figures = measure(tokenizer, test.map((r) => r.text));
    report('BANKING77', tokenizer, figures);
    expect(tokenizer.vocabSize).toBeGreaterThan(2000); // ~2,800: every word seen twice gets its own token
    expect(figures.unkRate).toBeLessThan(0.005);
    expect(figures.tokensPerText).toBeGreaterThan(8); // mean text is ~54 characters, ~11 words
    expect(figures.tokensPerText).toBeLessThan(20);
    expect(tokenizer.tokenize('I am still waiting on my card?')).toEqual(['i', 'am', 'still', 'waiting', 'on', 'my', 'card', '?']);
    const reloaded = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tokenizer)));
    for (const { text } of test) expect(reloaded.encode(text, { maxLength: 64 }).ids).toEqual(tokenizer.encode(text, { maxLength: 64 }).ids);
  });

  it('THUCNews: trains on dev.txt, almost no [UNK] on test.txt, one token per character', () => {
    const dev = readThucNews('dev');
    const test = readThucNews('test');
    expect(dev).toHaveLength(10_000);
    expect(test).toHaveLength(10_000);
    const tokenizer = trainTokenizer(dev.map((r) => r.text), { vocabSize: 8000, minFrequency: 2 });
    const figures = measure(tokenizer, test.map((r) => r.text));
    report('THUCNews', tokenizer, figures);
    expect(tokenizer.vocabSize).toBeGreaterThan(3000); // ~4,400: mostly the Han characters of the headlines
    expect(figures.unkRate).toBeLessThan(0.005);
    expect(figures.tokensPerText).toBeGreaterThan(12); // headlines are 4–33 characters, mean ~19
    expect(figures.tokensPerText).toBeLessThan(22);
    expect(tokenizer.tokenize('中华女子学院：本科层次仅1专业招男生')).toEqual([...'中华女子学院:本科层次仅1专业招男生']);
    const reloaded = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tokenizer)));
    for (const { text } of test) expect(reloaded.encode(text, { maxLength: 32 }).ids).toEqual(tokenizer.encode(text, { maxLength: 32 }).ids);
  });

  it('one tokenizer for both languages keeps both working', () => {
    const texts = [...readBanking77('train'), ...readThucNews('dev')].map((r) => r.text);
    const tokenizer = trainTokenizer(texts, { vocabSize: 8000 });
    const figures = measure(tokenizer, [...readBanking77('test'), ...readThucNews('test')].map((r) => r.text));
    report('BANKING77 + THUCNews', tokenizer, figures);
    expect(figures.unkRate).toBeLessThan(0.005);
  });
});
