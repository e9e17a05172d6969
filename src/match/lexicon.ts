import { ArtifactRefused, arrayOf, fromArtifactFile, packArtifact, unpackArtifact } from '../binary-artifact.ts';
import { LexiconPairs } from './crossings.ts';
import { KeyTrie } from './key-trie.ts';
import { stringOfUnits, unitsOf } from '../utf16.ts';
import { hasHan, type PackedLexicon } from './lexicon-words.ts';

/** How far before a window's start a word crossing it is looked for: 99.8% of jieba's words are at most this long. */
export const REACH = 8;

/**
 * A lexicon of ordinary Chinese (jieba's), compiled for segmenting the few units
 * around a hit: every word in a trie with log(freq / total), every character's own
 * probability, and which adjacent pairs of units occur inside some word. Does not
 * depend on the glossary, so snapshots made by edits share it.
 */
export class Lexicon {
  private constructor(
    readonly packed: PackedLexicon,
    readonly words: KeyTrie,
    readonly wordLog: Float64Array,
    /** log(freq / total) per single character (folded unit); log(1 / total) for those the lexicon lacks. */
    readonly charLog: Float64Array,
    /** Bits over hashed pairs of units adjacent anywhere in a word. */
    private readonly grams: Int32Array,
    private readonly gramMask: number,
    /**
     * The same for what nearly every hit asks, in a table small enough to stay in
     * cache: kind 2 = a word's last two units, 4 = a word's first two.
     */
    private readonly edgeGrams: Int32Array,
    private readonly edgeGramMask: number,
    /**
     * Per hashed pair of adjacent units, bit j - 1 set when some word holds the pair
     * with its second unit j units after the word's start (j <= 8): a word crossing
     * an edge starts that far before it, and only there need a walk look.
     */
    private readonly pairOffsets: Uint8Array,
    private readonly pairOffsetMask: number,
    /** The longest word, in UTF-16 units. */
    readonly longest: number,
    /** Where each pair of units stands in the words, for each snapshot's Crossings. */
    readonly pairs: LexiconPairs,
  ) {}

  /**
   * The compiled form of a packed lexicon, compiled once per object (it takes about
   * a second): every snapshot of a process, edits' included, shares it.
   */
  static of(packed: PackedLexicon): Lexicon {
    let lexicon = compiled.get(packed);
    if (!lexicon) {
      lexicon = Lexicon.precompiled(packed) ?? Lexicon.compile(packed);
      compiled.set(packed, lexicon);
    }
    return lexicon;
  }

  /**
   * The lexicon as `npm run compile` compiled it into dist/lexicon.bin, when this
   * process runs from dist/ and the file was compiled from the same lexicon (the
   * store's digest): reading it takes tens of milliseconds, compiling half a second.
   * Otherwise undefined, and the lexicon is compiled.
   */
  private static precompiled(packed: PackedLexicon): Lexicon | undefined {
    if (packed.digest === undefined) return undefined;
    return fromArtifactFile(new URL('./lexicon.bin', import.meta.url), (bytes) => Lexicon.fromArtifact(bytes, packed));
  }

  /** The bytes of lexicon.bin: this lexicon's tables, and the digest of the packed lexicon they were compiled from. */
  artifact(digest: string): Buffer {
    const trie = this.words.parts();
    const pairs = this.pairs.parts();
    const meta = { digest, longest: this.longest, gramMask: this.gramMask, edgeGramMask: this.edgeGramMask, pairOffsetMask: this.pairOffsetMask, trie: { mask: trie.mask, states: trie.states, pairMask: trie.pairMask }, pairsMask: pairs.mask };
    return packArtifact(ARTIFACT_KIND, meta, {
      words: unitsOf(this.packed.words),
      wordLog: this.wordLog, charLog: this.charLog, grams: this.grams, edgeGrams: this.edgeGrams, pairOffsets: this.pairOffsets,
      trieFirsts: trie.firsts, trieEdges: trie.edges, triePairBits: trie.pairBits,
      wordStart: pairs.wordStart, startsFirst: pairs.startsFirst, startsWords: pairs.startsWords, innerFirst: pairs.innerFirst, innerWords: pairs.innerWords, innerOffsets: pairs.innerOffsets,
    });
  }

  /** The lexicon in a lexicon.bin, checked to be packed's; throws ArtifactRefused. */
  static fromArtifact(bytes: Buffer, packed: PackedLexicon): Lexicon {
    const { meta, arrays } = unpackArtifact(bytes, ARTIFACT_KIND);
    const m = meta as { digest: string; longest: number; gramMask: number; edgeGramMask: number; pairOffsetMask: number; trie: { mask: number; states: number; pairMask: number }; pairsMask: number };
    if (m.digest !== packed.digest) throw new ArtifactRefused(`compiled from another lexicon (${m.digest}, the store holds ${packed.digest})`);
    const i32 = (name: string) => arrayOf(arrays, name, Int32Array);
    const words = KeyTrie.fromParts({ firsts: i32('trieFirsts'), edges: i32('trieEdges'), pairBits: i32('triePairBits'), ...m.trie });
    // The words from the artifact too: the store's copy is deflated, and inflating it costs more than reading this.
    const pairs = LexiconPairs.fromParts(stringOfUnits(arrayOf(arrays, 'words', Uint16Array)), {
      wordStart: i32('wordStart'), mask: m.pairsMask, startsFirst: i32('startsFirst'), startsWords: i32('startsWords'),
      innerFirst: i32('innerFirst'), innerWords: i32('innerWords'), innerOffsets: arrayOf(arrays, 'innerOffsets', Uint8Array),
    });
    const wordLog = arrayOf(arrays, 'wordLog', Float64Array);
    return new Lexicon(packed, words, wordLog, arrayOf(arrays, 'charLog', Float64Array), i32('grams'), m.gramMask, i32('edgeGrams'), m.edgeGramMask, arrayOf(arrays, 'pairOffsets', Uint8Array), m.pairOffsetMask, m.longest, pairs);
  }

  static compile(packed: PackedLexicon): Lexicon {
    const logTotal = Math.log(packed.total);
    const charLog = new Float64Array(0x10000).fill(-logTotal);
    const words: string[] = [];
    const wordLog: number[] = [];
    const all = packed.words.split('\n');
    const gramBits = 1 << Math.min(27, Math.max(10, Math.ceil(Math.log2(all.length * 32 + 1))));
    const grams = new Int32Array(gramBits >>> 5);
    const gramMask = gramBits - 1;
    let pairs = 0;
    for (const word of all) pairs += Math.max(0, word.length - 1);
    const pairOffsets = new Uint8Array(1 << Math.min(26, Math.max(10, Math.ceil(Math.log2(pairs * 4 + 1)))));
    const pairOffsetMask = pairOffsets.length - 1;
    const set = (h: number) => {
      const bit = h & gramMask;
      grams[bit >>> 5] = grams[bit >>> 5]! | (1 << (bit & 31));
    };
    // About 16 bits per word: two entries each, 1 MB for jieba's.
    const edgeGramBits = 1 << Math.min(24, Math.max(10, Math.ceil(Math.log2(all.length * 16 + 1))));
    const edgeGrams = new Int32Array(edgeGramBits >>> 5);
    const edgeGramMask = edgeGramBits - 1;
    const setEdge = (h: number) => {
      const bit = h & edgeGramMask;
      edgeGrams[bit >>> 5] = edgeGrams[bit >>> 5]! | (1 << (bit & 31));
    };
    let longest = 1;
    for (let w = 0; w < all.length; w++) {
      const word = all[w]!;
      const freq = packed.freqs[w]!;
      if (word.length === 1) {
        charLog[word.charCodeAt(0)] = Math.log(freq) - logTotal;
        continue;
      }
      if (!isSegmentWord(word)) continue;
      words.push(word);
      wordLog.push(Math.log(freq) - logTotal);
      longest = Math.max(longest, word.length);
      const last = word.length - 1;
      for (let i = 1; i < word.length; i++) {
        set(gramHash(0, word.charCodeAt(i - 1), word.charCodeAt(i), 0));
        if (i <= REACH) {
          const slot = gramHash(1, word.charCodeAt(i - 1), word.charCodeAt(i), 0) & pairOffsetMask;
          pairOffsets[slot] = pairOffsets[slot]! | (1 << (i - 1));
        }
      }
      setEdge(gramHash(2, word.charCodeAt(last - 1), word.charCodeAt(last), 0));
      setEdge(gramHash(4, word.charCodeAt(0), word.charCodeAt(1), 0));
    }
    return new Lexicon(packed, KeyTrie.build(words), Float64Array.from(wordLog), charLog, grams, gramMask, edgeGrams, edgeGramMask, pairOffsets, pairOffsetMask, longest, LexiconPairs.build(packed.words, all, isSegmentWord));
  }

  /** May some word hold the units a, b adjacent? False means certainly not. */
  has(a: number, b: number): boolean {
    const bit = gramHash(0, a, b, 0) & this.gramMask;
    return (this.grams[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  /**
   * Where words holding the units a, b (adjacent) may start, as a mask: bit j - 1
   * for j units before b (j <= 8). Zero means no word holds them.
   */
  offsetsOf(a: number, b: number): number {
    return this.pairOffsets[gramHash(1, a, b, 0) & this.pairOffsetMask]!;
  }

  /** May some word end with the units a, b? False means certainly not. */
  mayEndWith(a: number, b: number): boolean {
    const bit = gramHash(2, a, b, 0) & this.edgeGramMask;
    return (this.edgeGrams[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  /** May some word start with the units a, b? False means certainly not. */
  mayStartWith(a: number, b: number): boolean {
    const bit = gramHash(4, a, b, 0) & this.edgeGramMask;
    return (this.edgeGrams[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  /** log(freq / total) of a folded word, or undefined when the lexicon lacks it (one-unit words too: they are charLog's). */
  logOf(word: string): number | undefined {
    if (word.length < 2) return undefined;
    let state = this.words.firsts[word.charCodeAt(0) * 4]!;
    let accepts = 0;
    for (let i = 1; i < word.length && state > 0; i++) {
      const slot = this.words.slot(state, word.charCodeAt(i));
      if (slot < 0) return undefined;
      state = this.words.slotTarget(slot);
      accepts = this.words.slotAccepts(slot);
    }
    return state > 0 && accepts !== 0 ? this.wordLog[accepts - 1] : undefined;
  }

  get bytes(): number {
    return this.words.bytes + this.wordLog.byteLength + this.charLog.byteLength + this.grams.byteLength + this.edgeGrams.byteLength + this.pairOffsets.byteLength;
  }
}

const compiled = new WeakMap<PackedLexicon, Lexicon>();

const ARTIFACT_KIND = 'lexicon-v2';

/** The words segmentation uses (single characters count as charLog, words without Han not at all). */
function isSegmentWord(word: string): boolean {
  return word.length >= 2 && hasHan(word);
}

function gramHash(kind: number, a: number, b: number, c: number): number {
  let h = Math.imul(a ^ (b << 16) ^ (b >>> 16), 0x2c1b3c6d);
  h = Math.imul(h ^ c ^ (kind << 20), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}
