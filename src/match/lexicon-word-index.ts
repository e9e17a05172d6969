import { ArtifactRefused, arrayOf, fromArtifactFile, packArtifact, unpackArtifact, type StoredArray } from '../binary-artifact.ts';
import { readTable, storeTable, StringTable } from '../string-table.ts';
import { Lexicon } from './lexicon.ts';
import type { PackedLexicon } from './lexicon-words.ts';
import { SortedKeys } from './sorted-keys.ts';

const KIND = 'lexicon-words-v1';

/**
 * The lexicon's words in sorted order with their frequencies: for a short text, a
 * Lexicon of only the words that occur in it (lexiconFor), compiled in a moment,
 * instead of reading the whole compiled lexicon (lexicon.bin, 40 MB).
 *
 * It segments exactly as the whole lexicon does: a segmentation around a hit only
 * ever walks words that occur in the text, every probability is the whole
 * lexicon's (the same total), and a test that the small lexicon answers "no word
 * crosses here" where the whole one answers "maybe" only spares a walk that would
 * have found none.
 */
export class LexiconWordIndex {
  private constructor(
    private readonly words: SortedKeys,
    private readonly freqs: Uint32Array,
    readonly total: number,
    readonly digest: string,
  ) {}

  static ofPacked(packed: PackedLexicon, digest: string): LexiconWordIndex {
    return new LexiconWordIndex(SortedKeys.of(StringTable.of(packed.words.split('\n'))), packed.freqs, packed.total, digest);
  }

  /**
   * The index of a stored lexicon (one with a digest): dist/lexicon-words.bin when it
   * is that lexicon's, else built from packed (its words are then inflated).
   */
  static of(packed: PackedLexicon, digest: string): LexiconWordIndex {
    let index = built.get(digest);
    if (!index) {
      index = fromArtifactFile(new URL('./lexicon-words.bin', import.meta.url), (bytes) => LexiconWordIndex.fromArtifact(bytes, digest)) ?? LexiconWordIndex.ofPacked(packed, digest);
      built.set(digest, index);
    }
    return index;
  }

  artifact(): Buffer {
    const arrays: Record<string, StoredArray> = { freqs: this.freqs, order: this.words.order };
    storeTable(arrays, 'words', this.words.table);
    return packArtifact(KIND, { digest: this.digest, total: this.total }, arrays);
  }

  /** The index in a lexicon-words.bin, checked to be of the lexicon with this digest; throws ArtifactRefused. */
  static fromArtifact(bytes: Buffer, digest: string): LexiconWordIndex {
    const { meta, arrays } = unpackArtifact(bytes, KIND);
    const m = meta as { digest: string; total: number };
    if (m.digest !== digest) throw new ArtifactRefused(`built from another lexicon (${m.digest}, the store holds ${digest})`);
    const table = readTable(arrayOf(arrays, 'words.units', Uint16Array), arrayOf(arrays, 'words.offsets', Int32Array));
    return new LexiconWordIndex(new SortedKeys(table, arrayOf(arrays, 'order', Int32Array)), arrayOf(arrays, 'freqs', Uint32Array), m.total, m.digest);
  }

  /** A lexicon of the words that occur in the texts (folded as the words are). */
  lexiconFor(foldedTexts: readonly string[]): Lexicon {
    const found = new Set<number>();
    for (const text of foldedTexts) this.words.keysIn(text, found);
    const numbers = [...found].sort((a, b) => a - b);
    const freqs = Uint32Array.from(numbers, (w) => this.freqs[w]!);
    return Lexicon.compile({ words: numbers.map((w) => this.words.table.at(w)).join('\n'), freqs, total: this.total });
  }
}

/** Built once per process and lexicon. */
const built = new Map<string, LexiconWordIndex>();
