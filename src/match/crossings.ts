import { pairHash } from './key-trie.ts';

/** What Crossings are made of, for the matcher's artifact. */
export interface CrossingParts {
  readonly beforeStart: Int32Array;
  readonly beforeUnits: Uint16Array;
  readonly afterStart: Int32Array;
  readonly afterUnits: Uint16Array;
}

/**
 * Per name key, exactly which units next to a hit let a lexicon word cross its
 * edges by more than one unit of the hit: the word ends with the unit before and
 * two or more of the key's first units, or holds that unit and the whole key
 * (`before`); or it starts with two or more of the key's last units, or the whole
 * key, and goes on with the unit after (`after`). Crossing by one unit (a word that
 * ends with the unit before and the first, or starts with the last and the unit
 * after) is the lexicon's pair tables' to tell, for every key alike.
 *
 * Nearly every hit asks these, so they are short sorted lists a hit reads in one
 * cache line, not walks in the lexicon's trie (16 MB for jieba's, which the names'
 * trie keeps out of cache in a large glossary).
 *
 * For 美国: after holds 人 (美国人), 队 (美国队), ...; before holds 南 (南美国家).
 */
export class Crossings {
  private constructor(
    private readonly beforeStart: Int32Array,
    private readonly beforeUnits: Uint16Array,
    private readonly afterStart: Int32Array,
    private readonly afterUnits: Uint16Array,
    /** The crossings of the keys numbered after this one's (appended), or null. */
    private readonly next: Crossings | null = null,
  ) {}

  get parts(): CrossingParts {
    return { beforeStart: this.beforeStart, beforeUnits: this.beforeUnits, afterStart: this.afterStart, afterUnits: this.afterUnits };
  }

  static fromParts(p: CrossingParts): Crossings {
    return new Crossings(p.beforeStart, p.beforeUnits, p.afterStart, p.afterUnits);
  }

  /**
   * The crossings of each key (folded) for which guarded is not 0, from the
   * lexicon's pair index: a few lookups per key, so every snapshot (each edit
   * makes one) compiles its own in a moment.
   */
  static compile(pairs: LexiconPairs, keys: readonly string[], guarded: Uint8Array): Crossings {
    const before = new UnitLists(keys.length);
    const after = new UnitLists(keys.length);
    const none: ReadonlySet<number> = new Set();
    const units = new Set<number>();
    keys.forEach((key, k) => {
      if (guarded[k] === 0 || key.length < 2) {
        before.add(k, none);
        after.add(k, none);
        return;
      }
      units.clear();
      pairs.unitsBefore(key, units);
      before.add(k, units);
      units.clear();
      for (let i = 0; i + 2 <= key.length; i++) pairs.unitsAfter(key, i, units);
      after.add(k, units);
    });
    return new Crossings(...before.packed(), ...after.packed());
  }

  /**
   * These crossings followed by other's (keys numbered after these), for a patched
   * matcher's added keys: nothing copied, a key past these is asked of other.
   */
  appended(other: Crossings): Crossings {
    if (this.next) throw new Error('crossings are appended to a base\'s, never to a patched one\'s');
    return new Crossings(this.beforeStart, this.beforeUnits, this.afterStart, this.afterUnits, other);
  }

  /** Does some word hold `before` and two or more of key's first units (ending inside the hit), or `before` and the whole key? */
  crossesWithBefore(key: number, before: number): boolean {
    const own = this.beforeStart.length - 1;
    return key < own ? holds(this.beforeStart, this.beforeUnits, key, before) : this.next!.crossesWithBefore(key - own, before);
  }

  /** Does some word start with two or more of key's last units, or the whole key, and go on with `after`? */
  crossesWithAfter(key: number, after: number): boolean {
    const own = this.afterStart.length - 1;
    return key < own ? holds(this.afterStart, this.afterUnits, key, after) : this.next!.crossesWithAfter(key - own, after);
  }
}

/** What a LexiconPairs is made of, for a compiled artifact (its text is the packed lexicon's words). */
export interface LexiconPairsParts {
  readonly wordStart: Int32Array;
  readonly mask: number;
  readonly startsFirst: Int32Array;
  readonly startsWords: Int32Array;
  readonly innerFirst: Int32Array;
  readonly innerWords: Int32Array;
  readonly innerOffsets: Uint8Array;
}

/**
 * Where each pair of adjacent units stands in the lexicon's words: at a word's
 * start (for what a word goes on with after a key's last units), or further in (for
 * what stands before a key's first units). Built once per lexicon, from its packed
 * word list; the words are read from that string, not copied.
 */
export class LexiconPairs {
  private constructor(
    private readonly text: string,
    /** Word w is text[wordStart[w], wordStart[w + 1] - 1) (a line of the packed list). */
    private readonly wordStart: Int32Array,
    private readonly mask: number,
    /** Per hashed pair (bucket h): the words starting with it, startsWords[startsFirst[h], startsFirst[h + 1]). */
    private readonly startsFirst: Int32Array,
    private readonly startsWords: Int32Array,
    /** Per hashed pair: where it stands after a word's first unit (word and offset of its first unit). */
    private readonly innerFirst: Int32Array,
    private readonly innerWords: Int32Array,
    private readonly innerOffsets: Uint8Array,
  ) {}

  /** Its tables, for a compiled artifact; the text is the packed lexicon's own words. */
  parts(): LexiconPairsParts {
    const { wordStart, mask, startsFirst, startsWords, innerFirst, innerWords, innerOffsets } = this;
    return { wordStart, mask, startsFirst, startsWords, innerFirst, innerWords, innerOffsets };
  }

  static fromParts(packedWords: string, p: LexiconPairsParts): LexiconPairs {
    return new LexiconPairs(packedWords, p.wordStart, p.mask, p.startsFirst, p.startsWords, p.innerFirst, p.innerWords, p.innerOffsets);
  }

  /** packedWords: the packed list, one word a line; lines: its lines; used: which of them to index. */
  static build(packedWords: string, lines: readonly string[], used: (word: string) => boolean): LexiconPairs {
    const wordStart = new Int32Array(lines.length + 1);
    let at = 0;
    let startCount = 0;
    lines.forEach((word, w) => {
      wordStart[w] = at;
      at += word.length + 1;
      if (used(word)) startCount++;
    });
    wordStart[lines.length] = at;
    const buckets = 1 << Math.max(10, Math.ceil(Math.log2(startCount + 1)));
    const mask = buckets - 1;
    const startsFirst = new Int32Array(buckets + 1);
    const innerFirst = new Int32Array(buckets + 1);
    // Two passes, counting then placing: a CSR by bucket.
    const eachPair = (visit: (bucket: number, w: number, offset: number) => void) => {
      lines.forEach((word, w) => {
        if (!used(word)) return;
        const n = Math.min(word.length, 256);
        for (let i = 0; i + 1 < n; i++) visit(pairHash(word.charCodeAt(i), word.charCodeAt(i + 1)) & mask, w, i);
      });
    };
    eachPair((b, _w, i) => (i === 0 ? startsFirst : innerFirst)[b + 1]!++);
    for (let b = 0; b < buckets; b++) {
      startsFirst[b + 1]! += startsFirst[b]!;
      innerFirst[b + 1]! += innerFirst[b]!;
    }
    const startsWords = new Int32Array(startsFirst[buckets]!);
    const innerWords = new Int32Array(innerFirst[buckets]!);
    const innerOffsets = new Uint8Array(innerFirst[buckets]!);
    const startsFill = startsFirst.slice(0, buckets);
    const innerFill = innerFirst.slice(0, buckets);
    eachPair((b, w, i) => {
      if (i === 0) startsWords[startsFill[b]!++] = w;
      else {
        innerWords[innerFill[b]!] = w;
        innerOffsets[innerFill[b]!++] = i;
      }
    });
    return new LexiconPairs(packedWords, wordStart, mask, startsFirst, startsWords, innerFirst, innerWords, innerOffsets);
  }

  /**
   * Adds to units what some word that starts with key[from, end) (two units or
   * more) goes on with.
   */
  unitsAfter(key: string, from: number, units: Set<number>): void {
    const b = pairHash(key.charCodeAt(from), key.charCodeAt(from + 1)) & this.mask;
    const length = key.length - from;
    for (let e = this.startsFirst[b]!, last = this.startsFirst[b + 1]!; e < last; e++) {
      const w = this.startsWords[e]!;
      const start = this.wordStart[w]!;
      if (this.wordStart[w + 1]! - 1 - start > length && this.matches(start, key, from, key.length)) units.add(this.text.charCodeAt(start + length));
    }
  }

  /**
   * Adds to units the units some word holds right before two or more of key's first
   * units where it ends, or right before the whole key.
   */
  unitsBefore(key: string, units: Set<number>): void {
    const b = pairHash(key.charCodeAt(0), key.charCodeAt(1)) & this.mask;
    for (let e = this.innerFirst[b]!, last = this.innerFirst[b + 1]!; e < last; e++) {
      const w = this.innerWords[e]!;
      const at = this.wordStart[w]! + this.innerOffsets[e]!;
      const rest = this.wordStart[w + 1]! - 1 - at;
      // The word goes on past the key, or ends inside it after two units or more.
      if (this.matches(at, key, 0, Math.min(rest, key.length))) units.add(this.text.charCodeAt(at - 1));
    }
  }

  /** Is text[at, at + to - from) the same as key[from, to)? */
  private matches(at: number, key: string, from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.text.charCodeAt(at + i - from) !== key.charCodeAt(i)) return false;
    return true;
  }
}

/** Sorted unit lists by key, appended in key order and packed into two arrays. */
class UnitLists {
  private readonly start: Int32Array;
  private units: Uint16Array = new Uint16Array(1024);
  private length = 0;
  private next = 0;

  constructor(keyCount: number) {
    this.start = new Int32Array(keyCount + 1);
  }

  /** The list of the next key (keys are added in order). */
  add(key: number, set: ReadonlySet<number>): void {
    if (key !== this.next) throw new Error('UnitLists: keys out of order');
    this.start[key] = this.length;
    if (this.length + set.size > this.units.length) {
      const grown = new Uint16Array(Math.max(this.units.length * 2, this.length + set.size));
      grown.set(this.units);
      this.units = grown;
    }
    this.units.set(Uint16Array.from(set).sort(), this.length);
    this.length += set.size;
    this.next++;
    this.start[this.next] = this.length;
  }

  packed(): [Int32Array, Uint16Array] {
    return [this.start, this.units.slice(0, this.length)];
  }
}

function holds(start: Int32Array, units: Uint16Array, key: number, unit: number): boolean {
  let lo = start[key]!;
  let hi = start[key + 1]!;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const u = units[mid]!;
    if (u === unit) return true;
    if (u < unit) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

