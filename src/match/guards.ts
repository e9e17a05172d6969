import type { FoldTable } from '../fold.ts';
import { Crossings, type CrossingParts } from './crossings.ts';
import { keysAt, nameKeysAt, type NameKeys } from './key-trie.ts';
import { REACH, type Lexicon } from './lexicon.ts';
import { hasHan } from './lexicon-words.ts';

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

/**
 * Scratch for admits and what it calls, which run to completion without yielding
 * (nothing else can run between a write and its read), so one set serves every
 * matcher. A round starts with a window under MAX_WINDOW units that holds the hit,
 * walks at most REACH before it, and grows it by words of at most MAX_WINDOW units:
 * every position walked lies within MAX_WINDOW + 2 * REACH before the hit's start
 * and 2 * MAX_WINDOW after it (under 90 positions, a window under 80 units), each
 * position starting fewer than MAX_WINDOW * 2 words.
 */
const WINDOW_CAPACITY = 128;
const ENDS = new Int32Array(MAX_WINDOW * 2);
const KEYS = new Int32Array(MAX_WINDOW * 2);
/** The same for composes and isWordOrEmpty, which run inside walks over ENDS. */
const NAME_ENDS = new Int32Array(MAX_WINDOW * 4);
const NAME_KEYS = new Int32Array(MAX_WINDOW * 4);
const WORD_ENDS = new Int32Array(MAX_WINDOW * 4);
const WORD_KEYS = new Int32Array(MAX_WINDOW * 4);
/**
 * Lexicon words admits found around a hit: where each starts and ends, its key, and
 * the next word found at the same start (-1 at the last): the segmentation reads
 * them rather than walking the lexicon again.
 */
const FOUND_CAPACITY = WINDOW_CAPACITY * MAX_WINDOW * 2;
const FOUND_FROM = new Int32Array(FOUND_CAPACITY);
const FOUND_TO = new Int32Array(FOUND_CAPACITY);
const FOUND_KEY = new Int32Array(FOUND_CAPACITY);
const FOUND_NEXT = new Int32Array(FOUND_CAPACITY);
/** Per window offset: the first word found starting there (-1: none), its best path's score and next stop. */
const FIRST_AT = new Int32Array(WINDOW_CAPACITY);
const SCORE = new Float64Array(WINDOW_CAPACITY + 1);
const NEXT = new Int32Array(WINDOW_CAPACITY + 1);
/**
 * Which positions this call of admits walked: WALKED[p - start + WALKED_BEFORE] is
 * WALKED_ROUND when p was (see the bounds above).
 */
const WALKED_BEFORE = MAX_WINDOW * 2 + REACH * 2;
const WALKED = new Int32Array(WALKED_BEFORE + WINDOW_CAPACITY);
let WALKED_ROUND = 0;
/** What Guards.look answers: admitted, refused, or bits of which edges a word may cross. */
export const ADMIT = 0;
export const REFUSE = 1;
const LOOK_START = 2;
const LOOK_END = 4;
/** A word may cross the end from before the hit's last unit (one of the key's longer crossings). */
const LOOK_END_LONGER = 8;
/** Guards.compositional: not worked out yet, a word that does not compose, one that does. */
const UNKNOWN = 0;
const CROSSES = 1;
const COMPOSES = 2;

/** What Guards are made of, besides their lexicon. */
export interface GuardParts {
  readonly nameLog: Float64Array;
  readonly guarded: Uint8Array;
  readonly crossings: CrossingParts;
}

/**
 * Keeps a Chinese name from being taken where it straddles the words of a sentence
 * (四川普通话 holds 川普, 高通胀 holds 高通): where a lexicon word crosses an edge of
 * a hit or contains it, the window such words cover is segmented as jieba segments
 * a sentence, by the most probable path (the sum of log(freq / total) of its words,
 * the glossary's names among them), and the name is a mention only when that path
 * has word boundaries at both its edges. A word that is the name and other words
 * (中国政府 = 中国 + 政府) does not count against it: the name is a mention there.
 *
 * Apart from the names' trie: the matcher asks it of each hit in a pass after its
 * scan (Matcher.guard), so text without names costs nothing more. A hit is looked
 * at only when the units across one of its edges can be part of a word that
 * crosses it (bit tests in a table that stays in cache, and the key's short lists
 * of longer crossings: Crossings); about one in eight in news needs the
 * segmentation.
 */
export class Guards {
  private constructor(
    readonly lexicon: Lexicon,
    /** log(freq / total) per name key: its own lexicon frequency, at least NAME_FREQUENCY. */
    private readonly nameLog: Float64Array,
    /** Per name key: 1 for a key with a Han character (the only ones guarded). */
    readonly guarded: Uint8Array,
    private readonly crossings: Crossings,
    /** Per lexicon word: UNKNOWN, CROSSES or COMPOSES (composesAround), worked out on first need. */
    private readonly compositional: Uint8Array,
    /** nameLog of the keys added after nameLog's (withKeys), numbered from its length on; null for compiled guards. */
    private readonly addedNameLog: Float64Array | null = null,
  ) {}

  /** The guards of a matcher's keys. */
  static compile(lexicon: Lexicon, nameKeys: readonly string[]): Guards {
    const floor = Math.log(NAME_FREQUENCY / lexicon.packed.total);
    const nameLog = Float64Array.from(nameKeys, (k) => Math.max(lexicon.logOf(k) ?? floor, floor));
    const guarded = Uint8Array.from(nameKeys, (k) => (hasHan(k) ? 1 : 0));
    return new Guards(lexicon, nameLog, guarded, Crossings.compile(lexicon.pairs, nameKeys, guarded), new Uint8Array(lexicon.wordLog.length));
  }

  /**
   * These guards and those of keys added after this one's (numbered from this one's
   * count on), for a matcher patched by edits: what a key's guard holds depends on
   * the key's text and the lexicon alone, so the base keys' parts are kept as they
   * are. The compositional verdicts start afresh: they depend on the names.
   */
  withKeys(addedKeys: readonly string[]): Guards {
    if (this.addedNameLog) throw new Error('keys are added to compiled guards, never to patched ones');
    const added = Guards.compile(this.lexicon, addedKeys);
    // guarded is read at every hit, so it is one array; nameLog (8 bytes a key, read only in a segmentation) is kept in two.
    const guarded = new Uint8Array(this.guarded.length + addedKeys.length);
    guarded.set(this.guarded);
    guarded.set(added.guarded, this.guarded.length);
    return new Guards(this.lexicon, this.nameLog, guarded, this.crossings.appended(added.crossings), new Uint8Array(this.lexicon.wordLog.length), added.nameLog);
  }

  /** What the guards are made of, for the matcher's artifact (fromParts reads it back, with the same lexicon). */
  parts(): GuardParts {
    if (this.addedNameLog) throw new Error('a patched matcher\'s guards are not stored: the build compiles and stores its own');
    return { nameLog: this.nameLog, guarded: this.guarded, crossings: this.crossings.parts };
  }

  static fromParts(lexicon: Lexicon, p: GuardParts): Guards {
    return new Guards(lexicon, p.nameLog, p.guarded, Crossings.fromParts(p.crossings), new Uint8Array(lexicon.wordLog.length));
  }

  /**
   * Is the hit text[start, end) of name key `key` a word of the sentence, as far as
   * the lexicon can tell? `names` is the matcher's trie. Asked only of guarded keys.
   *
   * admits('四川普通话', fold, 1, 3, key of 川普, names) -> false (四川|普通话)
   */
  admits(text: string, fold: FoldTable, start: number, end: number, key: number, names: NameKeys): boolean {
    const look = this.look(text, fold, start, end, key);
    return look === ADMIT ? true : look === REFUSE ? false : this.segmentsAt(text, fold, start, end, names, look);
  }

  /**
   * What admits first asks, small enough for the matcher's pass over its hits to
   * inline: ADMIT when no lexicon word can cross the hit's edges, REFUSE for a
   * numeral inside a number (一百度), else which edges a word may cross (LOOK_*
   * bits), for segmentsAt.
   */
  look(text: string, fold: FoldTable, start: number, end: number, key: number): number {
    const lexicon = this.lexicon;
    const first = fold[text.charCodeAt(start)]!;
    const before = start > 0 ? fold[text.charCodeAt(start - 1)]! : -1;
    if (before >= 0 && NUMERALS[first] === 1 && NUMERALS[before] === 1) return REFUSE;
    const after = end < text.length ? fold[text.charCodeAt(end)]! : -1;
    // May a word cross the start or hold the hit with the unit before? Such a word ends
    // with that unit and the first, or is one of the key's longer crossings. (For a
    // one-unit hit, any word holding the pair.) May one cross the end? It starts with
    // the last unit and the one after, or is one of the key's longer crossings.
    let look = ADMIT;
    if (before >= 0 && (end - start === 1 ? lexicon.has(before, first) : lexicon.mayEndWith(before, first) || this.crossings.crossesWithBefore(key, before))) look |= LOOK_START;
    if (after >= 0) {
      if (this.crossings.crossesWithAfter(key, after)) look |= LOOK_END | LOOK_END_LONGER;
      else if (lexicon.mayStartWith(fold[text.charCodeAt(end - 1)]!, after)) look |= LOOK_END;
    }
    return look;
  }

  /**
   * The rest of admits, for a hit whose edges look found a word may cross (its
   * LOOK_* bits): is the hit a word of the most probable segmentation around it?
   */
  segmentsAt(text: string, fold: FoldTable, start: number, end: number, names: NameKeys, look: number): boolean {
    const lexicon = this.lexicon;
    const crossesStart = (look & LOOK_START) !== 0;
    const crossesEnd = (look & LOOK_END) !== 0;
    const crossesEndLonger = (look & LOOK_END_LONGER) !== 0;
    // The window: words that cross its edges widen it, until none does. Each round
    // walks where a word crossing the window's edges can start: before it, only
    // where some word holds the two units across its start that far in (offsetsOf);
    // inside it, everywhere, as the segmentation needs those words anyway. It tests
    // every word found so far: one that crossed no edge may cross the next round's
    // (机软件 widens the window to 机; then 手机, found in the first round, crosses it).
    // The first round walks before the hit only when a word may cross its start (a
    // word crossing its end from there crosses both), inside it only when one may
    // cross its end: from its last unit only, unless one of the key's longer
    // crossings may.
    const reach = Math.min(lexicon.longest, REACH);
    if (++WALKED_ROUND === 0x7fffffff) {
      WALKED.fill(0);
      WALKED_ROUND = 1;
    }
    let from = start;
    let to = end;
    let found = 0;
    // What earlier rounds walked: before which window start (-1: none), and every
    // position of [walkedFrom, walkedTo) (empty until a round walks the whole window).
    let walkedBefore = -1;
    let walkedFrom = 0;
    let walkedTo = 0;
    let grown = true;
    for (let round = 0; grown && to - from < MAX_WINDOW; round++) {
      grown = false;
      if (from > 0 && from !== walkedBefore && (round > 0 || crossesStart)) {
        const offsets = lexicon.offsetsOf(fold[text.charCodeAt(from - 1)]!, fold[text.charCodeAt(from)]!);
        for (let j = 1; j < reach && j <= from; j++) if ((offsets & (1 << (j - 1))) !== 0) found = this.walkOnce(text, fold, from - j, start, found);
        walkedBefore = from;
      }
      if (round > 0 || crossesEndLonger) {
        // The window only grows: the positions a round before walked need no second look.
        for (let p = from; p < to; p++) {
          if (p === walkedFrom && walkedTo > walkedFrom) p = walkedTo;
          if (p < to) found = this.walkOnce(text, fold, p, start, found);
        }
        walkedFrom = from;
        walkedTo = to;
      } else if (crossesEnd) found = this.walkOnce(text, fold, end - 1, start, found);
      for (let w = 0; w < found; w++) {
        const p = FOUND_FROM[w]!;
        const q = FOUND_TO[w]!;
        if (!((p < from && q > from) || (p < to && q > to))) continue;
        if (this.composesAround(text, fold, w, start, end, names)) continue;
        if (p < from) from = p;
        if (q > to) to = q;
        grown = true;
      }
    }
    if (from === start && to === end) return true;
    // The segmentation needs every word starting in the window: the last round walked
    // them all, unless MAX_WINDOW cut the rounds short.
    if (grown) for (let p = from; p < to; p++) found = this.walkOnce(text, fold, p, start, found);
    return this.bestPathStopsAt(text, fold, from, to, start, end, names, found);
  }

  /** walkAt, unless this call of admits walked p already; returns the new count of found words. */
  private walkOnce(text: string, fold: FoldTable, p: number, start: number, found: number): number {
    const slot = p - start + WALKED_BEFORE;
    if (WALKED[slot] === WALKED_ROUND) return found;
    WALKED[slot] = WALKED_ROUND;
    return walkAt(this.lexicon, text, fold, p, found);
  }

  /**
   * Does the most probable segmentation of text[from, to) (jieba's route: the best
   * sum of log(freq / total) from each offset to the end, ties to the longer word)
   * have word boundaries at start and end? The lexicon's words are the found ones
   * (FOUND_*), the glossary's names are walked here.
   */
  private bestPathStopsAt(text: string, fold: FoldTable, from: number, to: number, start: number, end: number, names: NameKeys, found: number): boolean {
    const length = to - from;
    if (length >= WINDOW_CAPACITY) throw new Error(`a guard window of ${length} units; at most ${WINDOW_CAPACITY - 1} were planned for`);
    for (let i = 0; i < length; i++) FIRST_AT[i] = -1;
    // Linked by start, last found first: the order does not matter (ties go to the longer word).
    for (let w = 0; w < found; w++) {
      const i = FOUND_FROM[w]! - from;
      if (i < 0 || i >= length || FOUND_TO[w]! > to) continue;
      FOUND_NEXT[w] = FIRST_AT[i]!;
      FIRST_AT[i] = w;
    }
    const wordLog = this.lexicon.wordLog;
    const charLog = this.lexicon.charLog;
    const nameLog = this.nameLog;
    SCORE[length] = 0;
    for (let i = length - 1; i >= 0; i--) {
      const p = from + i;
      let best = charLog[fold[text.charCodeAt(p)]!]! + SCORE[i + 1]!;
      let bestEnd = i + 1;
      for (let w = FIRST_AT[i]!; w >= 0; w = FOUND_NEXT[w]!) {
        if (this.composesAround(text, fold, w, start, end, names)) continue;
        const q = FOUND_TO[w]!;
        const value = wordLog[FOUND_KEY[w]!]! + SCORE[q - from]!;
        if (value > best || (value === best && q - from > bestEnd)) {
          best = value;
          bestEnd = q - from;
        }
      }
      const count = nameKeysAt(names, text, fold, p, to, ENDS, KEYS);
      for (let c = 0; c < count; c++) {
        const q = ENDS[c]!;
        const k = KEYS[c]!;
        const value = (k < nameLog.length ? nameLog[k]! : this.addedNameLog![k - nameLog.length]!) + SCORE[q - from]!;
        if (value > best || (value === best && q - from > bestEnd)) {
          best = value;
          bestEnd = q - from;
        }
      }
      SCORE[i] = best;
      NEXT[i] = bestEnd;
    }
    // Does the path from 0 stop at both start and end?
    const a = start - from;
    const b = end - from;
    let at = 0;
    while (at < a) at = NEXT[at]!;
    if (at !== a) return false;
    while (at < b) at = NEXT[at]!;
    return at === b;
  }

  /**
   * Is found word w, if it contains the hit, a name with words of two or more units
   * around it (中国政府 = 中国 + 政府, 中国农工民主党 = 中国 + 农工民主党)? Such a
   * word counts as its parts. That depends on the word alone, so it is worked out
   * once per lexicon word (compositional).
   */
  private composesAround(text: string, fold: FoldTable, w: number, start: number, end: number, names: NameKeys): boolean {
    const p = FOUND_FROM[w]!;
    const q = FOUND_TO[w]!;
    if (p > start || q < end || (p === start && q === end)) return false;
    const word = FOUND_KEY[w]!;
    let known = this.compositional[word]!;
    if (known === UNKNOWN) {
      known = this.composes(text, fold, p, q, names) ? COMPOSES : CROSSES;
      this.compositional[word] = known;
    }
    return known === COMPOSES;
  }

  /** Is the lexicon word text[p, q) a name with words of two or more units (or nothing) around it? */
  private composes(text: string, fold: FoldTable, p: number, q: number, names: NameKeys): boolean {
    for (let a = p; a < q; a++) {
      const count = nameKeysAt(names, text, fold, a, q, NAME_ENDS, NAME_KEYS);
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

/** Record the lexicon words starting at p in FOUND_*, from index found; returns the new count. */
function walkAt(lexicon: Lexicon, text: string, fold: FoldTable, p: number, found: number): number {
  // Most positions start no word: keysAt tells from the trie's first row, without a walk.
  const count = keysAt(lexicon.words, text, fold, p, Math.min(text.length, p + MAX_WINDOW), ENDS, KEYS);
  if (found + count > FOUND_CAPACITY) throw new Error(`more than ${FOUND_CAPACITY} words around one hit`);
  for (let c = 0; c < count; c++, found++) {
    FOUND_FROM[found] = p;
    FOUND_TO[found] = ENDS[c]!;
    FOUND_KEY[found] = KEYS[c]!;
  }
  return found;
}
