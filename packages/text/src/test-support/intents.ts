// Small synthetic intent data for classifier tests: three intents, each a keyword placed among
// shared filler words, so a model must find the keyword (not just count words) to get it right.
import type { TextExample } from '../classifier/index.js';

const intents: Record<string, string[]> = {
  card: ['card', 'debit card', 'new card', 'card delivery'],
  transfer: ['transfer', 'bank transfer', 'wire', 'sending money'],
  refund: ['refund', 'money back', 'return', 'reimbursement'],
};
const filler = ['where', 'is', 'my', 'the', 'please', 'help', 'with', 'I', 'need', 'a', 'about', 'today', 'why', 'still', 'waiting'];

export function intentData(n: number, seed: number): TextExample[] {
  let s = seed >>> 0;
  const rand = (k: number) => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 16) % k; // high bits: an LCG's low bits cycle
  const labels = Object.keys(intents);
  return Array.from({ length: n }, () => {
    const label = labels[rand(labels.length)]!;
    const words = Array.from({ length: 2 + rand(6) }, () => filler[rand(filler.length)]!);
    const keyword = intents[label]![rand(intents[label]!.length)]!;
    words.splice(rand(words.length + 1), 0, keyword);
    return { text: `${words.join(' ')}${rand(2) ? '?' : '.'}`, label };
  });
}
