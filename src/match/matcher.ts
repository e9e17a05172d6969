import { foldTable, foldText, isCapitalizedWords, isLowerUnit, isShortCapitals, WORD_UNITS } from '../fold.ts';
import type { AmbiguousName } from '../glossary/entry.ts';
import type { NameForm, NameType } from '../glossary/expand.ts';
import { REGIONS, type NameLocale, type Region } from '../locale.ts';
import { detectScript, regionBit, textRegion, type TextRegion } from '../region.ts';
import { ADMIT, Guards, REFUSE, type GuardParts } from './guards.ts';
import { Lexicon } from './lexicon.ts';
import type { PackedLexicon } from './lexicon-words.ts';
import { CandidateTable, type CandidateParts, type Candidates, type KeyCandidate } from './candidate-table.ts';
import { KeyTrie, type KeyTrieParts, type LayeredKeys, type NameKeys } from './key-trie.ts';
import type { LexiconWordIndex } from './lexicon-word-index.ts';
import type { SortedKeys } from './sorted-keys.ts';
import { StringTable } from '../string-table.ts';
import { namesIn, withoutLowerCaseWords } from './non-names.ts';

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

/** The index of the first hit that starts at or after offset (hits.length when none does): hits are in order. */
export function firstHitFrom(hits: Hits, offset: number): number {
  const starts = hits.starts;
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
  /** The region whose own name this is (names, full, short), if any. */
  readonly locale?: NameLocale | null;
  /** The regions whose media also write the name (the entity's `admitted`); absent for none. */
  readonly admitted?: readonly Region[];
}

/** What a Matcher is made of, as its artifacts store it. */
export interface MatcherParts extends MatcherCoreParts {
  readonly trie: KeyTrieParts;
}

/** All of a Matcher's parts but its trie (the largest part: what a short text does without, Matcher.forTexts). */
export interface MatcherCoreParts {
  readonly keys: StringTable;
  readonly candidates: CandidateParts;
  /** CandidateTable.plainIndex, stored so that loading does not compute it; absent: computed. */
  readonly plainIndex?: Int32Array;
  readonly capitalsOnly: Uint8Array;
  readonly regionMarks: Uint8Array;
  readonly capitalizedOnly: Uint8Array;
  /** Null for a matcher without a lexicon. */
  readonly guards: GuardParts | null;
}

export type { KeyCandidate } from './candidate-table.ts';

const NAMED_TYPES: ReadonlySet<NameType> = new Set(['name', 'full', 'short']);

/** Has text[from, to) a lower-case letter? (Only asked of short all-capitals keys.) */
function hasLower(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (isLowerUnit(text.charCodeAt(k))) return true;
  return false;
}

/** Hits collected one at a time, in growing arrays. */
class HitList {
  private length = 0;

  private constructor(
    private starts: Int32Array,
    private ends: Int32Array,
    private keys: Int32Array,
  ) {}

  /** An empty list with room for twice as many hits as these. */
  static for(hits: Hits): HitList {
    const capacity = Math.max(64, hits.length * 2);
    return new HitList(new Int32Array(capacity), new Int32Array(capacity), new Int32Array(capacity));
  }

  /** Append hits [from, to) of hits, copied as blocks. */
  append(hits: Hits, from: number, to: number): void {
    if (from >= to) return;
    this.reserve(to - from);
    this.starts.set(hits.starts.subarray(from, to), this.length);
    this.ends.set(hits.ends.subarray(from, to), this.length);
    this.keys.set(hits.keys.subarray(from, to), this.length);
    this.length += to - from;
  }

  push(start: number, end: number, key: number): void {
    this.reserve(1);
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.keys[this.length] = key;
    this.length++;
  }

  private reserve(more: number): void {
    if (this.length + more <= this.starts.length) return;
    const capacity = Math.max(this.starts.length * 2, this.length + more);
    this.starts = grow(this.starts, capacity);
    this.ends = grow(this.ends, capacity);
    this.keys = grow(this.keys, capacity);
  }

  hits(): Hits {
    const n = this.length;
    return { length: n, starts: this.starts.subarray(0, n), ends: this.ends.subarray(0, n), keys: this.keys.subarray(0, n) };
  }
}

function grow(array: Int32Array, capacity: number): Int32Array {
  const grown = new Int32Array(capacity);
  grown.set(array);
  return grown;
}

/**
 * Finds every name of the glossary in a text: leftmost-longest, case-, width- and
 * script-insensitive (through folding), and for names that start or end with a
 * Latin letter or digit only at word edges, so Meta is not found in Metadata and
 * H20 is not found in H200. The one exception to case: an all-capitals name of up
 * to four letters (US, AMD) is found only in capitals, so "let us know" has no US.
 * (findNames adds one more: "his trump card" has no Trump.)
 *
 * Matcher.compile(names).scan('辉达H200') -> { length: 2, starts: [0, 2], ends: [2, 6], keys: [...] }
 */
export class Matcher {
  private constructor(
    private readonly trie: KeyTrie,
    private readonly keyTable: StringTable,
    private readonly table: Candidates,
    /**
     * Per key, 1 when every name behind it is an all-capitals name of up to four
     * letters (isShortCapitals): the key matches only where the text has no lower-case
     * letter in the span. Derived from the names' text, so the store needs no column.
     */
    private readonly capitalsOnly: Uint8Array,
    /**
     * Per key, the regions (regionBit) that alone use it for an entity whose other
     * regions write it otherwise (輝達: zh-TW; 芯片: zh-CN), else 0: the vocabulary
     * textRegion reads. Derived from the glossary's own per-region names.
     */
    private readonly regionMarks: Uint8Array,
    /**
     * Per key, 1 when every name behind it is written capitalized (isCapitalizedWords):
     * the key written all in lower case in English prose is an ordinary word (findNames).
     */
    private readonly capitalizedOnly: Uint8Array,
    /** Null without a lexicon (tests of the scan alone): every hit is then taken. */
    private readonly lexicon: PackedLexicon | null,
    /** The guards, when read from an artifact; else compiled by the first scan. */
    private compiledGuards?: Guards | null,
    /** For a matcher compiled for some texts only (forTexts): those texts. */
    private readonly validFor?: ReadonlySet<string>,
    /** For a matcher patched by edits (matcher-patch.ts): the base trie's dead keys and the added keys' trie. */
    private readonly layers?: LayeredKeys,
  ) {
    this.plainIndex = table.plainIndex;
    this.entityOfCandidate = table.entityOf;
    this.admittedOfCandidate = table.admittedOf;
    this.names = layers ?? trie;
  }

  /** The names a guard's segmentation walks: the trie, or a patched matcher's layers. */
  private readonly names: NameKeys;

  /** KeyCandidate.entityIndex by candidate index. */
  readonly entityOfCandidate: Int32Array;
  /** KeyCandidate.admittedIn by candidate index: a typed read per mention in the rewrite. */
  readonly admittedOfCandidate: Uint8Array;
  /** Per key, the index of its one candidate when the key names one entity and needs no context, else -1. */
  readonly plainIndex: Int32Array;

  /** The candidate of this index (KeyCandidate.index). */
  candidate(index: number): KeyCandidate {
    return this.table.candidate(index);
  }

  get entityCount(): number {
    return this.table.entityCount;
  }

  /** Every key, folded, by key number (made on first use: a scan never needs them as strings). */
  get keys(): readonly string[] {
    return (this.keyList ??= Array.from({ length: this.keyTable.size }, (_, k) => this.keyTable.at(k)));
  }

  private keyList: readonly string[] | undefined;

  /*
   * The guards are compiled by the first scan, not at compile time: compiling them
   * takes about a second with a large glossary, and a process that only looks
   * entries up or edits them never scans. Made once, then never changed.
   */
  private guards(): Guards | null {
    if (this.compiledGuards === undefined) this.compiledGuards = this.lexicon ? Guards.compile(Lexicon.of(this.lexicon), this.keys) : null;
    return this.compiledGuards;
  }

  /** What the matcher is made of, for its artifact (Matcher.fromParts reads it back); compiles the guards if not yet. */
  parts(): MatcherParts {
    if (!(this.table instanceof CandidateTable) || this.layers) throw new Error('a matcher patched by edits is not stored; compile the glossary to store its matcher');
    return { trie: this.trie.parts(), keys: this.keyTable, candidates: this.table.parts, plainIndex: this.plainIndex, capitalsOnly: this.capitalsOnly, regionMarks: this.regionMarks, capitalizedOnly: this.capitalizedOnly, guards: this.guards()?.parts() ?? null };
  }

  /**
   * What matcher-patch.ts builds on: this matcher's own tables, its guards compiled.
   * Only a matcher compiled whole (or read from its artifact) is a base: a patch is
   * always made from the base, with every edit since, so patches never chain.
   */
  patchBase(): PatchBase {
    if (this.layers || this.validFor || !(this.table instanceof CandidateTable)) throw new Error('only a whole glossary\'s matcher, not a patched one or one for some texts, is a patch base');
    return { trie: this.trie, keyTable: this.keyTable, table: this.table, capitalsOnly: this.capitalsOnly, regionMarks: this.regionMarks, capitalizedOnly: this.capitalizedOnly, lexicon: this.lexicon, guards: this.guards() };
  }

  /** A matcher of a base's trie with patched tables and layers (matcher-patch.ts). */
  static patched(base: PatchBase, p: { keyTable: StringTable; table: Candidates; capitalsOnly: Uint8Array; regionMarks: Uint8Array; capitalizedOnly: Uint8Array; guards: Guards | null; layers: LayeredKeys }): Matcher {
    return new Matcher(base.trie, p.keyTable, p.table, p.capitalsOnly, p.regionMarks, p.capitalizedOnly, base.lexicon, p.guards, undefined, p.layers);
  }

  /**
   * A matcher for these texts only, from the parts of a whole glossary's matcher but
   * its trie: a trie of the keys that occur in the texts (found through sortedKeys)
   * and guards whose lexicon holds the words that occur in them (words). It finds in
   * those texts exactly what the whole matcher finds, and refuses to scan any other.
   * Also returns the numbers of the keys it holds (for the entries it may name).
   */
  static forTexts(core: MatcherCoreParts, sortedKeys: SortedKeys, texts: readonly string[], words: LexiconWordIndex | null): { matcher: Matcher; keys: readonly number[] } {
    const folded = texts.map(foldText);
    const found = new Set<number>();
    for (const text of folded) sortedKeys.keysIn(text, found);
    const keys = [...found].sort((a, b) => a - b);
    const trie = KeyTrie.build(keys.map((k) => core.keys.at(k)), keys);
    const guards = core.guards ? Guards.fromParts(words!.lexiconFor(folded), core.guards) : null;
    const matcher = new Matcher(trie, core.keys, CandidateTable.fromParts(core.candidates, core.plainIndex), core.capitalsOnly, core.regionMarks, core.capitalizedOnly, null, guards, new Set(texts));
    return { matcher, keys };
  }

  /** A matcher from its parts; the lexicon is the one its guards were compiled with. */
  static fromParts(p: MatcherParts, lexicon: PackedLexicon | null): Matcher {
    const guards = p.guards && lexicon ? Guards.fromParts(Lexicon.of(lexicon), p.guards) : lexicon ? undefined : null;
    return new Matcher(KeyTrie.fromParts(p.trie), p.keys, CandidateTable.fromParts(p.candidates, p.plainIndex), p.capitalsOnly, p.regionMarks, p.capitalizedOnly, lexicon, guards);
  }

  /** With a lexicon, a Chinese name is found only where it is a word of the sentence (Guards). */
  static compile(names: readonly MatcherName[], lexicon?: PackedLexicon): Matcher {
    const index = new Map<string, number>();
    const entityIndex = new Map<string, number>();
    const keys: string[] = [];
    const found: MatcherName[][] = [];
    const flags = new KeyFlagSet();
    for (const n of names) {
      let k = index.get(n.key);
      if (k === undefined) {
        k = keys.length;
        index.set(n.key, k);
        keys.push(n.key);
        found.push([]);
      }
      flags.add(n, k);
      const list = found[k]!;
      // One candidate per entity and key: the first row (the most important type) wins.
      if (list.some((c) => c.entityId === n.entityId)) continue;
      list.push(n);
      if (!entityIndex.has(n.entityId)) entityIndex.set(n.entityId, entityIndex.size);
    }
    const table = CandidateTable.compile(keys, found, [...entityIndex.keys()]);
    const { capitalsOnly, regionMarks, capitalizedOnly } = flags.compile();
    const matcher = new Matcher(KeyTrie.build(keys), StringTable.of(keys), table, capitalsOnly, regionMarks, capitalizedOnly, lexicon ?? null);
    matcher.keyList = keys;
    return matcher;
  }

  /**
   * The region a text was written in (region.ts), by its script and by the regional
   * names among its hits.
   *
   * matcher.textRegion('輝達發表新晶片', matcher.findNames('輝達發表新晶片')) -> { script: 'Hant', regions: ['zh-TW'] }
   */
  textRegion(text: string, hits: Hits): TextRegion {
    const votes = REGIONS.map(() => 0);
    for (let i = 0; i < hits.length; i++) {
      const mask = this.regionMarks[hits.keys[i]!]!;
      if (mask === 0) continue;
      for (let r = 0; r < REGIONS.length; r++) if ((mask & (1 << r)) !== 0) votes[r]!++;
    }
    return textRegion(detectScript(text), votes);
  }

  candidates(key: number): readonly KeyCandidate[] {
    return this.table.ofKey(key);
  }

  /** The number of a folded key, or -1 when no name folds to it: keyNumber(foldText('輝達')). */
  keyNumber(key: string): number {
    const k = keyIn(this.trie, key);
    if (!this.layers) return k;
    return k >= 0 && this.layers.dead[k] === 0 ? k : keyIn(this.layers.added, key);
  }

  /**
   * The hits of scan that are names where they stand: none inside a URL, an e-mail
   * address, a handle or code, no Latin name taken out of a longer one (namesIn), and
   * no name the glossary writes capitalized (Trump, Meta, Azure) written all in lower
   * case in English prose ("his trump card", "the azure sky": withoutLowerCaseWords).
   * What canonicalize and the translation memory read.
   */
  findNames(text: string): Hits {
    return withoutLowerCaseWords(text, namesIn(text, this.scan(text)), this.capitalizedOnly);
  }

  /**
   * Every leftmost-longest hit in text, in order, not overlapping; with a lexicon,
   * only hits its guards admit (a refused hit gives way to a shorter name at its
   * start, else to the next position).
   */
  scan(text: string): Hits {
    if (this.validFor && !this.validFor.has(text)) throw new Error('this matcher was compiled for other texts (Matcher.forTexts): it would miss names in this one');
    const hits = this.scanUnguarded(text);
    const guards = this.guards();
    return guards ? this.guard(text, hits, guards) : hits;
  }

  /**
   * The hits of scanUnguarded that guards admit, as if the scan had asked them at
   * each hit. Asked in a pass of their own, the guards' tables stay in cache from
   * one hit to the next (in the scan, a large glossary's trie pushes them out).
   * After a refusal, the text is scanned again from the refused hit, with guards,
   * until the scan stands where the unguarded one stood (past the refused hit, and
   * not inside any of its hits): from there on the two scans agree.
   */
  private guard(text: string, hits: Hits, guards: Guards): Hits {
    const fold = foldTable();
    const names = this.names;
    const guarded = guards.guarded;
    const { starts, ends, keys } = hits;
    const n = hits.length;
    // Made at the first refusal; until then the kept hits are the scan's own. Admitted
    // hits are copied to it a run at a time (from `kept` to a refusal), not one by one.
    let out: HitList | null = null;
    let kept = 0;
    let i = 0;
    while (i < n) {
      const start = starts[i]!;
      const key = keys[i]!;
      const look = guarded[key] === 0 ? ADMIT : guards.look(text, fold, start, ends[i]!, key);
      if (look === ADMIT || (look !== REFUSE && guards.segmentsAt(text, fold, start, ends[i]!, names, look))) {
        i++;
        continue;
      }
      out ??= HitList.for(hits);
      out.append(hits, kept, i);
      let p = start;
      for (;;) {
        const hit = p < text.length ? this.guardedHitAt(text, p, guards) : null;
        if (hit) out.push(p, hit.end, hit.key);
        p = hit ? hit.end : p + 1;
        while (i < n && ends[i]! <= p) i++;
        if (i >= n || starts[i]! >= p) break;
      }
      kept = i;
    }
    if (!out) return hits;
    out.append(hits, kept, n);
    return out.hits();
  }

  /** The hit the scan takes at p, guards asked, or null; as scanUnguarded's loop, one position at a time. */
  private guardedHitAt(text: string, p: number, guards: Guards): { end: number; key: number } | null {
    const fold = foldTable();
    const first = fold[text.charCodeAt(p)]!;
    const previous = p > 0 ? fold[text.charCodeAt(p - 1)]! : 0;
    if ((this.trie.firsts[first * 4] === 0 && !(this.layers && this.layers.addedFirsts[first] === 1)) || (WORD_UNITS[first] === 1 && WORD_UNITS[previous] === 1)) return null;
    let hit = this.longestBefore(text, p, text.length + 1);
    while (hit && guards.guarded[hit.key] !== 0 && !guards.admits(text, fold, p, hit.end, hit.key, this.names)) hit = this.longestBefore(text, p, hit.end);
    return hit;
  }

  /** Every leftmost-longest hit in text, in order, not overlapping, guards not asked. */
  private scanUnguarded(text: string): Hits {
    const fold = foldTable();
    const trie = this.trie;
    const firsts = trie.firsts;
    const capitalsOnly = this.capitalsOnly;
    // A patched matcher's layers (undefined for one compiled whole): keys no name is left behind, and added keys.
    const dead = this.layers?.dead;
    const addedFirsts = this.layers?.addedFirsts;
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
      if ((state === 0 && (addedFirsts === undefined || addedFirsts[first] === 0)) || (WORD_UNITS[first] === 1 && WORD_UNITS[previous] === 1)) {
        previous = first;
        i++;
        continue;
      }
      let bestEnd = -1;
      let bestKey = 0;
      // The first step reads only small, cached tables; see KeyTrie.mayStartWith.
      const second = i + 1 < n ? fold[text.charCodeAt(i + 1)]! : 0;
      const firstKey = firsts[first * 4 + 1]!;
      if (firstKey !== 0 && (dead === undefined || dead[firstKey - 1] === 0) && !(WORD_UNITS[first] === 1 && WORD_UNITS[second] === 1) && (capitalsOnly[firstKey - 1] === 0 || !hasLower(text, i, i + 1))) {
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
          if (key !== 0 && (dead === undefined || dead[key - 1] === 0) && !(WORD_UNITS[last] === 1 && WORD_UNITS[nextUnit] === 1) && (capitalsOnly[key - 1] === 0 || !hasLower(text, i, j))) {
            bestEnd = j;
            bestKey = key - 1;
          }
          if (j >= n || !trie.slotMayContinue(slot, nextUnit)) break;
          slot = trie.slot(trie.slotTarget(slot), nextUnit);
          last = nextUnit;
          j++;
        }
      }
      if (addedFirsts !== undefined && addedFirsts[first] === 1) {
        const added = this.longestIn(this.layers!.added, undefined, text, i, n + 1);
        if (added && added.end > bestEnd) {
          bestEnd = added.end;
          bestKey = added.key;
        }
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
    const base = this.longestIn(this.trie, this.layers?.dead, text, start, limit);
    const layers = this.layers;
    if (!layers || layers.addedFirsts[foldTable()[text.charCodeAt(start)]!] === 0) return base;
    const added = this.longestIn(layers.added, undefined, text, start, limit);
    return added && (!base || added.end > base.end) ? added : base;
  }

  /** longestBefore in one trie; dead: per key, 1 for a key not to be taken. */
  private longestIn(trie: KeyTrie, dead: Uint8Array | undefined, text: string, start: number, limit: number): { end: number; key: number } | null {
    const fold = foldTable();
    let found: { end: number; key: number } | null = null;
    let state = 0;
    for (let j = start; j < limit - 1; j++) {
      const unit = fold[text.charCodeAt(j)]!;
      let accepts: number;
      if (j === start) {
        state = trie.firsts[unit * 4]!;
        accepts = trie.firsts[unit * 4 + 1]!;
      } else {
        const slot = trie.slot(state, unit);
        if (slot < 0) break;
        state = trie.slotTarget(slot);
        accepts = trie.slotAccepts(slot);
      }
      const nextUnit = j + 1 < text.length ? fold[text.charCodeAt(j + 1)]! : 0;
      if (accepts !== 0 && (dead === undefined || dead[accepts - 1] === 0) && !(WORD_UNITS[unit] === 1 && WORD_UNITS[nextUnit] === 1) && (this.capitalsOnly[accepts - 1] === 0 || !hasLower(text, start, j + 1))) found = { end: j + 1, key: accepts - 1 };
      if (state === 0) break;
    }
    return found;
  }

  get stats(): { keys: number; states: number; bytes: number } {
    return { keys: this.keyTable.size, states: this.trie.states, bytes: this.trie.bytes };
  }
}

/** The number of a folded key in a trie, or -1. */
export function keyIn(trie: KeyTrie, key: string): number {
  if (key.length === 0) return -1;
  const firsts = trie.firsts;
  let state = firsts[key.charCodeAt(0) * 4]!;
  let accepts = firsts[key.charCodeAt(0) * 4 + 1]!;
  for (let i = 1; i < key.length; i++) {
    if (state === 0) return -1;
    const slot = trie.slot(state, key.charCodeAt(i));
    if (slot < 0) return -1;
    state = trie.slotTarget(slot);
    accepts = trie.slotAccepts(slot);
  }
  return accepts - 1;
}

/** What matcher-patch.ts reads of a base matcher (Matcher.patchBase). */
export interface PatchBase {
  readonly trie: KeyTrie;
  readonly keyTable: StringTable;
  readonly table: CandidateTable;
  readonly capitalsOnly: Uint8Array;
  readonly regionMarks: Uint8Array;
  readonly capitalizedOnly: Uint8Array;
  readonly lexicon: PackedLexicon | null;
  readonly guards: Guards | null;
}

/**
 * The per-key flags Matcher.compile derives from names (capitalsOnly, capitalizedOnly,
 * regionMarks), by key, for these names: exact for a key when they hold every name
 * of every entity that names it (a region mark depends on all of an entity's names).
 */
export function keyFlags(names: readonly MatcherName[]): Map<string, { capitalsOnly: number; capitalizedOnly: number; regionMarks: number }> {
  const index = new Map<string, number>();
  const flags = new KeyFlagSet();
  for (const n of names) {
    let k = index.get(n.key);
    if (k === undefined) {
      k = index.size;
      index.set(n.key, k);
    }
    flags.add(n, k);
  }
  const { capitalsOnly, capitalizedOnly, regionMarks } = flags.compile();
  return new Map([...index].map(([key, k]) => [key, { capitalsOnly: capitalsOnly[k]!, capitalizedOnly: capitalizedOnly[k]!, regionMarks: regionMarks[k]! }]));
}

/** The per-key flags of Matcher.compile, gathered a name at a time (keys numbered in order of first sight). */
class KeyFlagSet {
  /** Per key: 1 while every name seen for it is short capitals (one other spelling, Us or us, makes case free). */
  private readonly capitals: number[] = [];
  /** Per key: 1 while every name seen for it is written capitalized. */
  private readonly capitalized: number[] = [];
  private readonly marks = new RegionMarks();

  /** Name n, of key k: a key not seen before is the next number. */
  add(n: MatcherName, k: number): void {
    const shortCapitals = n.text !== undefined && isShortCapitals(n.text) ? 1 : 0;
    const capitalWords = n.text !== undefined && isCapitalizedWords(n.text) ? 1 : 0;
    if (k === this.capitals.length) {
      this.capitals.push(shortCapitals);
      this.capitalized.push(capitalWords);
    } else {
      this.capitals[k] = this.capitals[k]! & shortCapitals;
      this.capitalized[k] = this.capitalized[k]! & capitalWords;
    }
    this.marks.add(n, k);
  }

  compile(): { capitalsOnly: Uint8Array; capitalizedOnly: Uint8Array; regionMarks: Uint8Array } {
    return { capitalsOnly: Uint8Array.from(this.capitals), capitalizedOnly: Uint8Array.from(this.capitalized), regionMarks: this.marks.compile(this.capitals.length) };
  }
}

/**
 * Collects, per entity, which regions name it by which key, and compiles the keys that
 * only some of an entity's regions use: 晶片 (zh-TW, zh-HK) against 芯片 (zh-CN).
 * A key every region of the entity shares (工信部) marks none.
 */
class RegionMarks {
  /** Per entity: key -> regions naming it so. */
  private readonly byEntity = new Map<string, Map<number, number>>();

  add(n: MatcherName, key: number): void {
    // Latin names (NVIDIA, written by Hong Kong media and everyone) mark no region.
    // Nor do Singapore's, Malaysia's and Macau's names: no text is told to be theirs (locale.ts).
    if (!n.locale || !(REGIONS as readonly string[]).includes(n.locale) || n.latin || !NAMED_TYPES.has(n.type) || n.ambiguity !== null) return;
    let keys = this.byEntity.get(n.entityId);
    if (!keys) this.byEntity.set(n.entityId, (keys = new Map()));
    keys.set(key, (keys.get(key) ?? 0) | regionBit(n.locale as Region));
  }

  compile(keyCount: number): Uint8Array {
    const marks = new Uint8Array(keyCount);
    for (const keys of this.byEntity.values()) {
      let all = 0;
      for (const mask of keys.values()) all |= mask;
      for (const [key, mask] of keys) if (mask !== all) marks[key]! |= mask;
    }
    return marks;
  }
}
