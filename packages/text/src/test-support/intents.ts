// Small synthetic intent data for classifier tests: three intents, each a keyword placed among
// shared filler words, so a model must find the keyword (not just count words) to get it right.

const intents: Record<string, string[]> = {
  card: ['card', 'debit card', 'new card', 'card delivery'],
  transfer: ['transfer', 'bank transfer', 'wire', 'sending money'],
  refund: ['refund', 'money back', 'return', 'reimbursement'],
};
const filler = ['where', 'is', 'my', 'the', 'please', 'help', 'with', 'I', 'need', 'a', 'about', 'today', 'why', 'still', 'waiting'];

export function intentData(n: number, seed: number): Array<{ text: string; label: string }> {
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

/** Multi-label intents: each text mentions 0 to 3 of the intents' keywords; its labels are those intents. */
export function multiIntentData(n: number, seed: number): Array<{ text: string; labels: string[] }> {
  let s = (seed * 7919 + 17) >>> 0;
  const rand = (k: number) => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 16) % k;
  const names = Object.keys(intents);
  return Array.from({ length: n }, () => {
    const labels = names.filter(() => rand(100) < 35);
    const words = Array.from({ length: 2 + rand(5) }, () => filler[rand(filler.length)]!);
    for (const label of labels) words.splice(rand(words.length + 1), 0, intents[label]![rand(intents[label]!.length)]!);
    return { text: words.join(' '), labels: labels.sort() };
  });
}

/**
 * Two intents, one rare (`share` of the examples), told apart only by which of two overlapping word
 * lists a text draws from: a model that ignores the imbalance calls most of the rare ones common.
 */
export function imbalancedData(n: number, seed: number, share: number): Array<{ text: string; label: string }> {
  let s = (seed * 104729 + 3) >>> 0;
  const rand = (k: number) => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 16) % k;
  const common = ['card', 'card', 'card', 'money', 'account', 'payment'];
  const rare = ['refund', 'money', 'account', 'payment', 'payment', 'money'];
  return Array.from({ length: n }, () => {
    const label = rand(10_000) < share * 10_000 ? 'refund' : 'card';
    const pool = label === 'refund' ? rare : common;
    const words = Array.from({ length: 2 + rand(3) }, () => (rand(2) ? pool[rand(pool.length)]! : filler[rand(filler.length)]!));
    return { text: words.join(' '), label };
  });
}
