import type { FoldTable } from '../fold.ts';
import { KeyTrie } from './key-trie.ts';
import { hasHan, type LexiconRows } from './lexicon-words.ts';

/**
 * The frequency a glossary name counts with in segmentation, when the lexicon has
 * it rarer or not at all (华为 373, 特朗普 14, 英伟达 absent): the glossary holds
 * names that news writes, and jieba's corpus predates most of them. 1,500 is about
 * the top 1% of jieba's multi-character words (the 99th percentile is 1,589). It is
 * high enough that 对|华为 beats 对华|为 (needs > 628) and low enough that 升华|为
 * beats 升|华为 (< 14,757) and 高|通胀 beats 高通|胀 (< 10,956).
 */
export const NAME_FREQUENCY = 1500;

/** Chinese numerals: a name that starts with one is not taken inside a number (一百度 is 100 degrees). */
const NUMERALS = (() => {
  const table = new Uint8Array(0x10000);
  for (const c of '〇零一二三四五六七八九十百千万亿两') table[c.charCodeAt(0)] = 1;
  return table;
})();

/** Longest window segmented around a hit, in UTF-16 units: jieba's sentences are clauses. */
const MAX_WINDOW = 48;

/**
 * A lexicon of ordinary Chinese (jieba's), compiled for segmenting the few units
 * around a hit: every word in a trie with log(freq / total), every character's own
 * probability, and which adjacent pairs of units occur inside some word. Does not
 * depend on the glossary, so snapshots made by edits share it.
 */
export class Lexicon {
  private constructor(
    readonly rows: LexiconRows,
    readonly words: KeyTrie,
    readonly wordLog: Float64Array,
    /** log(freq / total) per single character (folded unit); log(1 / total) for those the lexicon lacks. */
    readonly charLog: Float64Array,
    /** A bit per hashed pair of adjacent units inside some word of two or more units. */
    private readonly pairs: Int32Array,
    private readonly pairMask: number,
    /** The longest word, in UTF-16 units. */
    readonly longest: number,
  ) {}

  static compile(rows: LexiconRows): Lexicon {
    const logTotal = Math.log(rows.total);
    const charLog = new Float64Array(0x10000).fill(-logTotal);
    const words: string[] = [];
    const wordLog: number[] = [];
    const pairBits = 1 << Math.min(26, Math.max(10, Math.ceil(Math.log2(rows.words.length * 16 + 1))));
    const pairs = new Int32Array(pairBits >>> 5);
    const pairMask = pairBits - 1;
    let longest = 1;
    for (const { word, freq } of rows.words) {
      if (word.length === 1) {
        charLog[word.charCodeAt(0)] = Math.log(freq) - logTotal;
        continue;
      }
      if (!hasHan(word)) continue;
      words.push(word);
      wordLog.push(Math.log(freq) - logTotal);
      longest = Math.max(longest, word.length);
      for (let i = 1; i < word.length; i++) {
        const bit = pairHash(word.charCodeAt(i - 1), word.charCodeAt(i)) & pairMask;
        pairs[bit >>> 5] = pairs[bit >>> 5]! | (1 << (bit & 31));
      }
    }
    return new Lexicon(rows, KeyTrie.build(words), Float64Array.from(wordLog), charLog, pairs, pairMask, longest);
  }

  /** May some word hold these two units side by side? False means certainly not. */
  joins(first: number, second: number): boolean {
    const bit = pairHash(first, second) & this.pairMask;
    return (this.pairs[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  /** log(freq / total) of a folded word, or undefined when the lexicon lacks it. */
  logOf(word: string): number | undefined {
    let key = -1;
    eachKey(this.words, word, IDENTITY, 0, word.length, (end, k) => {
      if (end === word.length) key = k;
    });
    return key < 0 ? undefined : this.wordLog[key];
  }

  get bytes(): number {
    return this.words.bytes + this.wordLog.byteLength + this.charLog.byteLength + this.pairs.byteLength;
  }
}

const IDENTITY: FoldTable = (() => {
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) table[c] = c;
  return table;
})();

/**
 * Keeps a Chinese name from being taken where it straddles the words of a sentence
 * (四川普通话 holds 川普, 高通胀 holds 高通): where a lexicon word crosses an edge of
 * a hit or contains it, the window such words cover is segmented as jieba segments
 * a sentence, by the most probable path (the sum of log(freq / total) of its words,
 * the glossary's names among them), and the name is a mention only when that path
 * has word boundaries at both its edges. A word that is the name and other words
 * (中国政府 = 中国 + 政府) does not count against it: the name is a mention there.
 *
 * Apart from the names' trie, so the scan of text without names costs nothing
 * more; a hit is looked at only when a pair of units across one of its edges
 * occurs in some word (one bit test each).
 */
export class Guards {
  private constructor(
    readonly lexicon: Lexicon,
    /** log(freq / total) per name key: its own lexicon frequency, at least NAME_FREQUENCY. */
    private readonly nameLog: Float64Array,
    /** Per name key: 1 for a key with a Han character (the only ones guarded). */
    readonly guarded: Uint8Array,
  ) {}

  static compile(lexicon: Lexicon, nameKeys: readonly string[]): Guards {
    const floor = Math.log(NAME_FREQUENCY / lexicon.rows.total);
    const nameLog = Float64Array.from(nameKeys, (k) => Math.max(lexicon.logOf(k) ?? floor, floor));
    const guarded = Uint8Array.from(nameKeys, (k) => (hasHan(k) ? 1 : 0));
    return new Guards(lexicon, nameLog, guarded);
  }

  /**
   * Is the hit text[start, end) of name key `key` a word of the sentence, as far as
   * the lexicon can tell? `names` is the matcher's trie. Asked only of guarded keys.
   *
   * admits('四川普通话', fold, 1, 3, key of 川普, names) -> false (四川|普通话)
   */
  admits(text: string, fold: FoldTable, start: number, end: number, key: number, names: KeyTrie): boolean {
    const lexicon = this.lexicon;
    const first = fold[text.charCodeAt(start)]!;
    const before = start > 0 ? fold[text.charCodeAt(start - 1)]! : -1;
    if (before >= 0 && NUMERALS[first] === 1 && NUMERALS[before] === 1) return false;
    const after = end < text.length ? fold[text.charCodeAt(end)]! : -1;
    if (!(before >= 0 && lexicon.joins(before, first)) && !(after >= 0 && lexicon.joins(fold[text.charCodeAt(end - 1)]!, after))) return true;
    // The window: words that cross its edges widen it, until none does.
    let from = start;
    let to = end;
    for (let grown = true; grown && to - from < MAX_WINDOW; ) {
      grown = false;
      const lo = from;
      const hi = to;
      for (let p = Math.max(0, lo - lexicon.longest + 1); p < hi; p++) {
        eachKey(lexicon.words, text, fold, p, Math.min(text.length, p + MAX_WINDOW), (q) => {
          if (((p < lo && q > lo) || (p < hi && q > hi)) && !this.composes(text, fold, p, q, start, end, names)) {
            if (p < from) from = p;
            if (q > to) to = q;
            grown = true;
          }
        });
      }
    }
    if (from === start && to === end) return true;
    return onBestPath(this.bestPath(text, fold, from, to, start, end, names), start - from, end - from);
  }

  /** next[i] = where the best path from from + i goes next (offsets from `from`), as jieba's route. */
  private bestPath(text: string, fold: FoldTable, from: number, to: number, start: number, end: number, names: KeyTrie): Int32Array {
    const lexicon = this.lexicon;
    const length = to - from;
    const score = new Float64Array(length + 1);
    const next = new Int32Array(length + 1);
    for (let i = length - 1; i >= 0; i--) {
      const p = from + i;
      let best = lexicon.charLog[fold[text.charCodeAt(p)]!]! + score[i + 1]!;
      let bestEnd = i + 1;
      // Ties go to the longer word, as in jieba.
      const consider = (q: number, log: number) => {
        const value = log + score[q - from]!;
        if (value > best || (value === best && q - from > bestEnd)) {
          best = value;
          bestEnd = q - from;
        }
      };
      eachKey(lexicon.words, text, fold, p, to, (q, k) => {
        if (!this.composes(text, fold, p, q, start, end, names)) consider(q, lexicon.wordLog[k]!);
      });
      eachKey(names, text, fold, p, to, (q, k) => consider(q, this.nameLog[k]!));
      score[i] = best;
      next[i] = bestEnd;
    }
    return next;
  }

  /**
   * Is the word text[p, q) a name with words of two or more units around it
   * (中国政府 = 中国 + 政府, 中国农工民主党 = 中国 + 农工民主党)? Such a word counts as
   * its parts. Asked only of words that contain the hit.
   */
  private composes(text: string, fold: FoldTable, p: number, q: number, start: number, end: number, names: KeyTrie): boolean {
    if (p > start || q < end || (p === start && q === end)) return false;
    for (let a = p; a < q; a++) {
      let found = false;
      eachKey(names, text, fold, a, q, (b) => {
        if (!found && !(a === p && b === q) && this.isWordOrEmpty(text, fold, p, a) && this.isWordOrEmpty(text, fold, b, q)) found = true;
      });
      if (found) return true;
    }
    return false;
  }

  private isWordOrEmpty(text: string, fold: FoldTable, from: number, to: number): boolean {
    if (from === to) return true;
    if (to - from < 2) return false;
    let found = false;
    eachKey(this.lexicon.words, text, fold, from, to, (q) => {
      if (q === to) found = true;
    });
    return found;
  }
}

/** Does the path of next, from 0, stop at both a and b? */
function onBestPath(next: Int32Array, a: number, b: number): boolean {
  let at = 0;
  let seen = 0;
  while (at < next.length - 1) {
    if (at === a || at === b) seen++;
    at = next[at]!;
  }
  if (at === b) seen++;
  return seen === 2;
}

/** Calls visit(end, key) for each key of trie that text[from, end) folds to, end <= to. */
function eachKey(trie: KeyTrie, text: string, fold: FoldTable, from: number, to: number, visit: (end: number, key: number) => void): void {
  const first = fold[text.charCodeAt(from)]!;
  const accepted = trie.firsts[first * 4 + 1]!;
  if (accepted !== 0) visit(from + 1, accepted - 1);
  let state = trie.firsts[first * 4]!;
  if (state === 0) return;
  for (let j = from + 1; j < to; j++) {
    const slot = trie.slot(state, fold[text.charCodeAt(j)]!);
    if (slot < 0) return;
    const key = trie.slotAccepts(slot);
    if (key !== 0) visit(j + 1, key - 1);
    state = trie.slotTarget(slot);
  }
}

function pairHash(first: number, second: number): number {
  const h = Math.imul(first ^ (second << 16), 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}
