import { foldTable, foldText, isLowerUnit, isShortCapitals, isWordUnit } from '../fold.ts';
import type { AmbiguousName } from '../glossary/entry.ts';
import type { NameForm, NameType } from '../glossary/expand.ts';
import { Guards, Lexicon } from './guards.ts';
import type { PackedLexicon } from './lexicon-words.ts';
import { KeyTrie } from './key-trie.ts';
import { namesIn } from './non-names.ts';

/** One entity a folded key can name, and how. */
export interface KeyCandidate {
  /** Unique across the matcher's candidates, for per-candidate tables. */
  readonly index: number;
  readonly entityId: string;
  /** Unique per entity across the matcher, for per-entity tables. */
  readonly entityIndex: number;
  readonly form: NameForm;
  readonly type: NameType;
  readonly latin: boolean;
  readonly ambiguity: AmbiguousName | null;
  /** The ambiguity's context words, folded once at compile time. */
  readonly contextKeys: readonly string[];
}

/**
 * The hits of one scan, as parallel arrays (a long text has tens of thousands of
 * hits; objects for each would cost more in garbage collection than the scan).
 * Hit i spans [starts[i], ends[i]) in UTF-16 code units and names key keys[i].
 */
export interface Hits {
  readonly length: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly keys: Int32Array;
}

export interface MatcherName {
  readonly entityId: string;
  /** The name as written; absent (as in tests of folding alone), case never matters. */
  readonly text?: string;
  readonly key: string;
  readonly type: NameType;
  readonly form: NameForm;
  readonly latin: boolean;
  readonly ambiguity: AmbiguousName | null;
}

/** Has text[from, to) a lower-case letter? (Only asked of short all-capitals keys.) */
function hasLower(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (isLowerUnit(text.charCodeAt(k))) return true;
  return false;
}

function grow(array: Int32Array, capacity: number): Int32Array {
  const grown = new Int32Array(capacity);
  grown.set(array);
  return grown;
}

const WORD = (() => {
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) table[c] = isWordUnit(c) ? 1 : 0;
  return table;
})();

/**
 * Finds every name of the glossary in a text: leftmost-longest, case-, width- and
 * script-insensitive (through folding), and for names that start or end with a
 * Latin letter or digit only at word edges, so Meta is not found in Metadata and
 * H20 is not found in H200. The one exception to case: an all-capitals name of up
 * to four letters (US, AMD) is found only in capitals, so "let us know" has no US.
 *
 * Matcher.compile(names).scan('辉达H200') -> { length: 2, starts: [0, 2], ends: [2, 6], keys: [...] }
 */
export class Matcher {
  private constructor(
    private readonly trie: KeyTrie,
    readonly keys: readonly string[],
    private readonly candidatesByKey: readonly (readonly KeyCandidate[])[],
    readonly entityCount: number,
    /** Per key: its one candidate when the key names one entity and needs no context, else null. */
    plain: readonly (KeyCandidate | null)[],
    /**
     * Per key, 1 when every name behind it is an all-capitals name of up to four
     * letters (isShortCapitals): the key matches only where the text has no lower-case
     * letter in the span. Derived from the names' text, so the store needs no column.
     */
    private readonly capitalsOnly: Uint8Array,
    /** Null without a lexicon (tests of the scan alone): every hit is then taken. */
    private readonly lexicon: PackedLexicon | null,
  ) {
    this.byIndex = candidatesByKey.flat().sort((a, b) => a.index - b.index);
    this.plainIndex = Int32Array.from(plain, (c) => (c ? c.index : -1));
    this.entityOfCandidate = Int32Array.from(this.byIndex, (c) => c.entityIndex);
  }

  /** KeyCandidate.entityIndex by candidate index. */
  readonly entityOfCandidate: Int32Array;

  /** Every candidate, by KeyCandidate.index. */
  readonly byIndex: readonly KeyCandidate[];
  /** Per key, the index of its one candidate when the key names one entity and needs no context, else -1. */
  readonly plainIndex: Int32Array;

  /**
   * Compiled by the first scan, not here: compiling the lexicon takes about a second,
   * and a process that only looks entries up or edits them (most CLI commands) never
   * scans. Made once, then never changed.
   */
  private compiledGuards: Guards | null | undefined;

  private guards(): Guards | null {
    if (this.compiledGuards === undefined) this.compiledGuards = this.lexicon ? Guards.compile(Lexicon.of(this.lexicon), this.keys) : null;
    return this.compiledGuards;
  }

  /** With a lexicon, a Chinese name is found only where it is a word of the sentence (Guards). */
  static compile(names: readonly MatcherName[], lexicon?: PackedLexicon): Matcher {
    const index = new Map<string, number>();
    const entityIndex = new Map<string, number>();
    const keys: string[] = [];
    const candidates: KeyCandidate[][] = [];
    // Per key: 1 while every name seen for it is short capitals (one other spelling, Us or us, makes case free).
    const capitals: number[] = [];
    let candidateCount = 0;
    for (const n of names) {
      let k = index.get(n.key);
      const shortCapitals = n.text !== undefined && isShortCapitals(n.text) ? 1 : 0;
      if (k === undefined) {
        k = keys.length;
        index.set(n.key, k);
        keys.push(n.key);
        candidates.push([]);
        capitals.push(shortCapitals);
      } else {
        capitals[k] = capitals[k]! & shortCapitals;
      }
      const list = candidates[k]!;
      // One candidate per entity and key: the first row (the most important type) wins.
      if (list.some((c) => c.entityId === n.entityId)) continue;
      const contextKeys = (n.ambiguity?.context ?? []).map(foldText);
      let entity = entityIndex.get(n.entityId);
      if (entity === undefined) {
        entity = entityIndex.size;
        entityIndex.set(n.entityId, entity);
      }
      list.push({ index: candidateCount++, entityId: n.entityId, entityIndex: entity, form: n.form, type: n.type, latin: n.latin, ambiguity: n.ambiguity, contextKeys });
    }
    const plain = candidates.map((list) => (list.length === 1 && list[0]!.ambiguity === null ? list[0]! : null));
    return new Matcher(KeyTrie.build(keys), keys, candidates, entityIndex.size, plain, Uint8Array.from(capitals), lexicon ?? null);
  }

  candidates(key: number): readonly KeyCandidate[] {
    return this.candidatesByKey[key]!;
  }

  /**
   * The hits of scan that are names where they stand: none inside a URL, an e-mail
   * address, a handle or code, and no Latin name taken out of a longer one (namesIn).
   * What canonicalize and the translation memory read.
   */
  findNames(text: string): Hits {
    return namesIn(text, this.scan(text));
  }

  /** Every leftmost-longest hit in text, in order, not overlapping. */
  scan(text: string): Hits {
    const fold = foldTable();
    const trie = this.trie;
    const firsts = trie.firsts;
    const capitalsOnly = this.capitalsOnly;
    const guards = this.guards();
    const guarded = guards?.guarded;
    const n = text.length;
    // About one hit per eight units in news; sized so that an article's scan never grows.
    let capacity = Math.max(64, Math.min(1 << 16, n >> 3));
    let starts: Int32Array = new Int32Array(capacity);
    let ends: Int32Array = new Int32Array(capacity);
    let keys: Int32Array = new Int32Array(capacity);
    let count = 0;
    let previous = 0; // folded unit before i; 0 is not a word unit
    let i = 0;
    // Unit i folded, carried over from the step before when it read it (-1 when not).
    let carried = -1;
    while (i < n) {
      const first = carried >= 0 ? carried : fold[text.charCodeAt(i)]!;
      carried = -1;
      const state = firsts[first * 4]!;
      // A name that starts with a word unit cannot start inside a word.
      if (state === 0 || (WORD[first] === 1 && WORD[previous] === 1)) {
        previous = first;
        i++;
        continue;
      }
      let bestEnd = -1;
      let bestKey = 0;
      // The first step reads only small, cached tables; see KeyTrie.mayStartWith.
      const second = i + 1 < n ? fold[text.charCodeAt(i + 1)]! : 0;
      const firstKey = firsts[first * 4 + 1]!;
      if (firstKey !== 0 && !(WORD[first] === 1 && WORD[second] === 1) && (capitalsOnly[firstKey - 1] === 0 || !hasLower(text, i, i + 1))) {
        bestEnd = i + 1;
        bestKey = firstKey - 1;
      }
      if (i + 1 < n && trie.mayStartWith(first, second)) {
        // Each step reads one slot: its target's accepted key and child summary are in it.
        let slot = trie.slot(state, second);
        let last = second;
        let j = i + 2;
        while (slot >= 0) {
          const key = trie.slotAccepts(slot);
          const nextUnit = j < n ? fold[text.charCodeAt(j)]! : 0;
          if (key !== 0 && !(WORD[last] === 1 && WORD[nextUnit] === 1) && (capitalsOnly[key - 1] === 0 || !hasLower(text, i, j))) {
            bestEnd = j;
            bestKey = key - 1;
          }
          if (j >= n || !trie.slotMayContinue(slot, nextUnit)) break;
          slot = trie.slot(trie.slotTarget(slot), nextUnit);
          last = nextUnit;
          j++;
        }
      }
      // A hit its guards refuse gives way to a shorter name at the same start, else to the next position.
      while (bestEnd >= 0 && guarded !== undefined && guarded[bestKey] === 1 && !guards!.admits(text, fold, i, bestEnd, bestKey, trie)) {
        const shorter = this.longestBefore(text, i, bestEnd);
        bestEnd = shorter ? shorter.end : -1;
        bestKey = shorter ? shorter.key : 0;
      }
      if (bestEnd < 0) {
        previous = first;
        carried = second;
        i++;
        continue;
      }
      if (count === capacity) {
        capacity *= 2;
        starts = grow(starts, capacity);
        ends = grow(ends, capacity);
        keys = grow(keys, capacity);
      }
      starts[count] = i;
      ends[count] = bestEnd;
      keys[count] = bestKey;
      count++;
      previous = fold[text.charCodeAt(bestEnd - 1)]!;
      i = bestEnd;
    }
    return { length: count, starts: starts.subarray(0, count), ends: ends.subarray(0, count), keys: keys.subarray(0, count) };
  }

  /**
   * The longest key at start that ends before limit, under the scan's rules (word
   * edges, short capitals); null when none. Only asked after guards refused a hit.
   */
  private longestBefore(text: string, start: number, limit: number): { end: number; key: number } | null {
    const fold = foldTable();
    let found: { end: number; key: number } | null = null;
    let state = 0;
    for (let j = start; j < limit - 1; j++) {
      const unit = fold[text.charCodeAt(j)]!;
      let accepts: number;
      if (j === start) {
        state = this.trie.firsts[unit * 4]!;
        accepts = this.trie.firsts[unit * 4 + 1]!;
      } else {
        const slot = this.trie.slot(state, unit);
        if (slot < 0) break;
        state = this.trie.slotTarget(slot);
        accepts = this.trie.slotAccepts(slot);
      }
      const nextUnit = j + 1 < text.length ? fold[text.charCodeAt(j + 1)]! : 0;
      if (accepts !== 0 && !(WORD[unit] === 1 && WORD[nextUnit] === 1) && (this.capitalsOnly[accepts - 1] === 0 || !hasLower(text, start, j + 1))) found = { end: j + 1, key: accepts - 1 };
      if (state === 0) break;
    }
    return found;
  }

  get stats(): { keys: number; states: number; bytes: number } {
    return { keys: this.keys.length, states: this.trie.states, bytes: this.trie.bytes };
  }
}
