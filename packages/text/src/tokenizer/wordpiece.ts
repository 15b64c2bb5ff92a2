/**
 * WordPiece encoding of one pre-tokenised word: greedy longest match first, left to right (BERT's
 * algorithm). A piece that does not start the word is looked up with the `##` prefix.
 *
 * Where no vocabulary piece matches, only that one code point becomes [UNK] and matching resumes after
 * it. BERT replaces the whole word with [UNK] instead; keeping the rest of the word keeps more signal
 * ("£20" with an unseen "£" still yields "20").
 */
export interface PieceTable {
  /** Token string → id. */
  ids: Map<string, number>;
  /** Longest piece in UTF-16 code units, without the `##` prefix: bounds the search. */
  maxPieceLength: number;
  unkId: number;
}

export function encodeWord(word: string, table: PieceTable, out: number[]): void {
  const { ids, maxPieceLength, unkId } = table;
  const n = word.length;
  let start = 0;
  while (start < n) {
    let end = Math.min(n, start + maxPieceLength);
    let id: number | undefined;
    for (; end > start; end--) {
      const body = word.slice(start, end);
      id = ids.get(start === 0 ? body : '##' + body);
      if (id !== undefined) break;
    }
    if (id !== undefined) {
      out.push(id);
      start = end;
    } else {
      out.push(unkId);
      const c = word.charCodeAt(start);
      start += c >= 0xd800 && c <= 0xdbff && start + 1 < n ? 2 : 1; // a whole code point, never half
    }
  }
}

/** Special tokens (the first `specialCount` entries) are left out: user text never produces them. */
export function buildPieceTable(vocab: readonly string[], specialCount: number, unkId: number): PieceTable {
  const ids = new Map<string, number>();
  let maxPieceLength = 1;
  vocab.forEach((token, id) => {
    if (id < specialCount) return;
    ids.set(token, id);
    const length = token.startsWith('##') ? token.length - 2 : token.length;
    if (length > maxPieceLength) maxPieceLength = length;
  });
  return { ids, maxPieceLength, unkId };
}
