/**
 * A lexicon of ordinary Chinese as the store keeps it. Pure: the build reads the
 * lexicon (jieba's dictionary) and keeps it packed in the store; the matcher
 * compiles it (lexicon.ts).
 */

/**
 * A whole lexicon, packed as the store keeps it: its words, folded, joined by
 * '\n'; their frequencies in the same order; the sum of all frequencies. One
 * string and one typed array rather than 347,000 objects: reading and compiling
 * it is then a pass over two buffers.
 */
export interface PackedLexicon {
  readonly words: string;
  readonly freqs: Uint32Array;
  readonly total: number;
  /** The store's digest of it, when read from a store: what a compiled lexicon artifact is checked against. */
  readonly digest?: string;
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Has the text a Han character? Only such names and words take part in segmentation. */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}
