import type { FoldTable } from '../fold.ts';
import { KeyTrie } from './key-trie.ts';
import { hasHan, type PackedLexicon } from './lexicon-words.ts';

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

/** Longest window segmented around a hit, in UTF-16 units. */
const MAX_WINDOW = 24;

/** How far before a window's start a word crossing it is looked for: 99.8% of jieba's words are at most this long. */
const REACH = 8;

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
    /**
     * Bits over hashed n-grams of the words: kind 0 = two adjacent units anywhere in
     * a word, 2 = a word's last two units, 3 = three adjacent units.
     */
    private readonly grams: Int32Array,
    private readonly gramMask: number,
    /** The longest word, in UTF-16 units. */
    readonly longest: number,
  ) {}

  /**
   * The compiled form of a packed lexicon, compiled once per object (it takes about
   * a second): every snapshot of a process, edits' included, shares it.
   */
  static of(packed: PackedLexicon): Lexicon {
    let lexicon = compiled.get(packed);
    if (!lexicon) {
      lexicon = Lexicon.compile(packed);
      compiled.set(packed, lexicon);
    }
    return lexicon;
  }

  static compile(packed: PackedLexicon): Lexicon {
    const logTotal = Math.log(packed.total);
    const charLog = new Float64Array(0x10000).fill(-logTotal);
    const words: string[] = [];
    const wordLog: number[] = [];
    const all = packed.words.split('\n');
    const gramBits = 1 << Math.min(27, Math.max(10, Math.ceil(Math.log2(all.length * 64 + 1))));
    const grams = new Int32Array(gramBits >>> 5);
    const gramMask = gramBits - 1;
    const set = (h: number) => {
      const bit = h & gramMask;
      grams[bit >>> 5] = grams[bit >>> 5]! | (1 << (bit & 31));
    };
    let longest = 1;
    for (let w = 0; w < all.length; w++) {
      const word = all[w]!;
      const freq = packed.freqs[w]!;
      if (word.length === 1) {
        charLog[word.charCodeAt(0)] = Math.log(freq) - logTotal;
        continue;
      }
      if (!hasHan(word)) continue;
      words.push(word);
      wordLog.push(Math.log(freq) - logTotal);
      longest = Math.max(longest, word.length);
      const last = word.length - 1;
      for (let i = 1; i < word.length; i++) set(gramHash(0, word.charCodeAt(i - 1), word.charCodeAt(i), 0));
      for (let i = 2; i < word.length; i++) set(gramHash(3, word.charCodeAt(i - 2), word.charCodeAt(i - 1), word.charCodeAt(i)));
      set(gramHash(2, word.charCodeAt(last - 1), word.charCodeAt(last), 0));
    }
    return new Lexicon(packed, KeyTrie.build(words), Float64Array.from(wordLog), charLog, grams, gramMask, longest);
  }

  /** May some word hold this n-gram (kind as in grams; c is 0 for pairs)? False means certainly not. */
  has(kind: number, a: number, b: number, c: number): boolean {
    const bit = gramHash(kind, a, b, c) & this.gramMask;
    return (this.grams[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  /**
   * May a word cross the start of text[start, end) or contain it with a unit before
   * it? Such a word ends with the unit before and the first, or holds the unit
   * before and the first two. (For a one-unit hit, any pair will do.)
   */
  mayCrossStart(before: number, first: number, second: number, oneUnit: boolean): boolean {
    return oneUnit ? this.has(0, before, first, 0) : this.has(2, before, first, 0) || this.has(3, before, first, second);
  }

  /** The words trie's state after text[from, end) from its root, or 0 when no word starts so. */
  stateAfter(text: string, from: number): number {
    let state = this.words.firsts[text.charCodeAt(from) * 4]!;
    for (let i = from + 1; i < text.length && state > 0; i++) {
      const slot = this.words.slot(state, text.charCodeAt(i));
      state = slot < 0 ? 0 : this.words.slotTarget(slot);
    }
    return state;
  }

  /** log(freq / total) of a folded word, or undefined when the lexicon lacks it. */
  logOf(word: string): number | undefined {
    const ends = new Int32Array(word.length);
    const keys = new Int32Array(word.length);
    const count = keysAt(this.words, word, IDENTITY, 0, word.length, ends, keys);
    return count > 0 && ends[count - 1] === word.length ? this.wordLog[keys[count - 1]!] : undefined;
  }

  get bytes(): number {
    return this.words.bytes + this.wordLog.byteLength + this.charLog.byteLength + this.grams.byteLength;
  }
}

/**
 * Scratch for keysAt in admits and bestPath, which run to completion without
 * yielding (nothing else can run between a write and its read), so one pair serves
 * every matcher; sized for the longest window.
 */
const compiled = new WeakMap<PackedLexicon, Lexicon>();

const ENDS = new Int32Array(MAX_WINDOW * 2);
const KEYS = new Int32Array(MAX_WINDOW * 2);
/** The same for composes and isWordOrEmpty, which run inside walks over ENDS. */
const NAME_ENDS = new Int32Array(MAX_WINDOW * 4);
const NAME_KEYS = new Int32Array(MAX_WINDOW * 4);
const WORD_ENDS = new Int32Array(MAX_WINDOW * 4);
const WORD_KEYS = new Int32Array(MAX_WINDOW * 4);
/** Words admits found around a hit: where each starts and ends, and whether it composes (COMPOSES) or not (CROSSES). */
const FOUND_FROM = new Int32Array(1024);
const FOUND_TO = new Int32Array(1024);
const FOUND_STATE = new Uint8Array(1024);
const UNKNOWN = 0;
const CROSSES = 1;
const COMPOSES = 2;

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
 * more; a hit is looked at only when the units across one of its edges can be
 * part of a word that crosses it (Lexicon.mayCrossStart: bit tests; Guards.crossesEnd:
 * a trie step from each of the key's precomputed tail states).
 */
export class Guards {
  private constructor(
    readonly lexicon: Lexicon,
    /** log(freq / total) per name key: its own lexicon frequency, at least NAME_FREQUENCY. */
    private readonly nameLog: Float64Array,
    /** Per name key: 1 for a key with a Han character (the only ones guarded). */
    readonly guarded: Uint8Array,
    /**
     * Per guarded key, the lexicon trie's states after each of its suffixes that
     * begins some word (the whole key, ..., its last unit): key k's are
     * tailStates[tailStart[k], tailStart[k + 1]). A word that starts inside or at
     * the hit and runs past its end goes on from one of them by the unit after.
     */
    private readonly tailStart: Int32Array,
    private readonly tailStates: Int32Array,
  ) {}

  static compile(lexicon: Lexicon, nameKeys: readonly string[]): Guards {
    const floor = Math.log(NAME_FREQUENCY / lexicon.packed.total);
    const nameLog = Float64Array.from(nameKeys, (k) => Math.max(lexicon.logOf(k) ?? floor, floor));
    const guarded = Uint8Array.from(nameKeys, (k) => (hasHan(k) ? 1 : 0));
    const tailStart = new Int32Array(nameKeys.length + 1);
    const tailStates: number[] = [];
    nameKeys.forEach((key, k) => {
      tailStart[k] = tailStates.length;
      if (guarded[k] === 1) for (let i = 0; i < key.length; i++) {
        const state = lexicon.stateAfter(key, i);
        if (state > 0) tailStates.push(state);
      }
    });
    tailStart[nameKeys.length] = tailStates.length;
    return new Guards(lexicon, nameLog, guarded, tailStart, Int32Array.from(tailStates));
  }

  /** Does some word that starts inside or at the hit of key go on past its end by `after`? Exact: trie walks from the key's tail states. */
  private crossesEnd(key: number, after: number): boolean {
    const words = this.lexicon.words;
    for (let t = this.tailStart[key]!, last = this.tailStart[key + 1]!; t < last; t++) if (words.slot(this.tailStates[t]!, after) >= 0) return true;
    return false;
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
    const oneUnit = end - start === 1;
    const crossesStart = before >= 0 && lexicon.mayCrossStart(before, first, fold[text.charCodeAt(start + 1)]!, oneUnit);
    const crossesEnd = after >= 0 && this.crossesEnd(key, after);
    if (!crossesStart && !crossesEnd) return true;
    // The window: words that cross its edges widen it, until none does. Each round
    // walks only positions no round walked before, but tests every word found so far:
    // a word that crossed no edge may cross the next round's (机软件 widens the
    // window to 机; then 手机, found in the first round, crosses it).
    const reach = Math.min(lexicon.longest, REACH);
    // The first round walks only where a crossing word can start: before the hit when
    // one may cross its start (a word crossing its end from there crosses both), inside
    // it when one may cross its end.
    let from = start;
    let to = end;
    let walkedLo = start;
    let walkedHi = start;
    let found = 0;
    for (let grown = true, round = 0; grown && to - from < MAX_WINDOW; round++) {
      grown = false;
      const lo = round === 0 && !crossesStart ? start : Math.max(0, from - reach + 1);
      const hi = round === 0 && !crossesEnd ? start : to;
      for (let p = lo; p < hi; p++) {
        if (p === walkedLo && walkedHi > walkedLo) p = walkedHi;
        if (p >= hi) break;
        const count = keysAt(lexicon.words, text, fold, p, Math.min(text.length, p + MAX_WINDOW), ENDS, KEYS);
        for (let c = 0; c < count && found < FOUND_FROM.length; c++, found++) {
          FOUND_FROM[found] = p;
          FOUND_TO[found] = ENDS[c]!;
          FOUND_STATE[found] = UNKNOWN;
        }
      }
      walkedLo = round === 0 ? lo : Math.min(walkedLo, lo);
      walkedHi = round === 0 ? hi : Math.max(walkedHi, hi);
      for (let w = 0; w < found; w++) {
        const p = FOUND_FROM[w]!;
        const q = FOUND_TO[w]!;
        if (!((p < from && q > from) || (p < to && q > to))) continue;
        if (FOUND_STATE[w] === UNKNOWN) FOUND_STATE[w] = this.composes(text, fold, p, q, start, end, names) ? COMPOSES : CROSSES;
        if (FOUND_STATE[w] === COMPOSES) continue;
        if (p < from) from = p;
        if (q > to) to = q;
        grown = true;
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
      for (let trie = 0; trie < 2; trie++) {
        const count = keysAt(trie === 0 ? lexicon.words : names, text, fold, p, to, ENDS, KEYS);
        for (let c = 0; c < count; c++) {
          const q = ENDS[c]!;
          if (trie === 0 && this.composes(text, fold, p, q, start, end, names)) continue;
          const value = (trie === 0 ? lexicon.wordLog : this.nameLog)[KEYS[c]!]! + score[q - from]!;
          if (value > best || (value === best && q - from > bestEnd)) {
            best = value;
            bestEnd = q - from;
          }
        }
      }
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
      const count = keysAt(names, text, fold, a, q, NAME_ENDS, NAME_KEYS);
      for (let c = 0; c < count; c++) {
        const b = NAME_ENDS[c]!;
        if (!(a === p && b === q) && this.isWordOrEmpty(text, fold, p, a) && this.isWordOrEmpty(text, fold, b, q)) return true;
      }
    }
    return false;
  }

  private isWordOrEmpty(text: string, fold: FoldTable, from: number, to: number): boolean {
    if (from === to) return true;
    if (to - from < 2) return false;
    const count = keysAt(this.lexicon.words, text, fold, from, to, WORD_ENDS, WORD_KEYS);
    return count > 0 && WORD_ENDS[count - 1] === to;
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

/**
 * The keys of trie that text[from, end) folds to, end <= to, written to ends and
 * keys (shortest first); returns how many. Arrays, not a callback: this runs in the
 * scan's hot loop, where a closure per call costs more than the walk.
 */
function keysAt(trie: KeyTrie, text: string, fold: FoldTable, from: number, to: number, ends: Int32Array, keys: Int32Array): number {
  let count = 0;
  const first = fold[text.charCodeAt(from)]!;
  const accepted = trie.firsts[first * 4 + 1]!;
  if (accepted !== 0) {
    ends[count] = from + 1;
    keys[count++] = accepted - 1;
  }
  let state = trie.firsts[first * 4]!;
  if (state === 0 || from + 1 >= to || !trie.mayStartWith(first, fold[text.charCodeAt(from + 1)]!)) return count;
  for (let j = from + 1; j < to && count < ends.length; j++) {
    const slot = trie.slot(state, fold[text.charCodeAt(j)]!);
    if (slot < 0) break;
    const key = trie.slotAccepts(slot);
    if (key !== 0) {
      ends[count] = j + 1;
      keys[count++] = key - 1;
    }
    state = trie.slotTarget(slot);
  }
  return count;
}

function gramHash(kind: number, a: number, b: number, c: number): number {
  let h = Math.imul(a ^ (b << 16) ^ (b >>> 16), 0x2c1b3c6d);
  h = Math.imul(h ^ c ^ (kind << 20), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}
