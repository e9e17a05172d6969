import { foldText } from './fold.ts';
import { StringTable } from './string-table.ts';

export type MatchHow = 'exact' | 'variant' | 'pinyin' | 'prefix' | 'fuzzy';

export interface LookupHit {
  readonly entityId: string;
  /** The stored name (or pinyin) the query matched. */
  readonly matched: string;
  readonly how: MatchHow;
  /** 0..1, higher is better; comparable across `how`. */
  readonly score: number;
}

export interface LookupName {
  readonly entityId: string;
  readonly text: string;
  readonly key: string;
}

export interface LookupPinyin {
  readonly entityId: string;
  readonly syllables: string;
  readonly key: string;
  readonly initials: string;
}

const HOW_ORDER: Record<MatchHow, number> = { exact: 0, variant: 1, pinyin: 2, prefix: 3, fuzzy: 4 };
const PREFIX_SCAN = 400;

/**
 * Sorted keys, each with the entities it names (in the order the store lists their
 * names) and the text each matched: refs of key k are start[k] to start[k + 1].
 */
interface RefIndex {
  readonly keys: StringTable;
  readonly start: Int32Array;
  /** Index into the lookup's entity ids. */
  readonly entity: Int32Array;
  /** Index into the lookup's matched texts. */
  readonly matched: Int32Array;
}

/** What a LookupIndex is made of: typed arrays and strings, as its artifact stores them. */
export interface LookupParts {
  readonly entityIds: StringTable;
  readonly matched: StringTable;
  /** By folded key; a name written exactly as the query is among its key's refs. */
  readonly byKey: RefIndex;
  readonly byPinyin: RefIndex;
  readonly byInitials: RefIndex;
  /** byKey's keys by length (a length's keys in sorted order): those of length L are byLength[lengthStart[L]] to byLength[lengthStart[L + 1]]. */
  readonly byLength: Int32Array;
  readonly lengthStart: Int32Array;
  /** charMask of each key in byLength, to rule most keys out before the edit distance. */
  readonly lengthMasks: Int32Array;
}

/**
 * Finds entities by any of their names: exactly as written, as a script, width or
 * case variant, by pinyin (with or without tones and spaces, or initials), by
 * prefix for autocomplete, and within a small edit distance for typos.
 *
 * index.lookup('hui da', 5) -> [{ entityId: 'nvidia', matched: 'hui da', how: 'pinyin', score: 0.9 }]
 */
export class LookupIndex {
  /** Rows for the edit distance, reused across lookups (requests run one at a time in JS). */
  private readonly scratch = { rows: new Int32Array(256) };

  private constructor(
    readonly parts: LookupParts,
    /** For an index patched by edits (withChanges): per entity of parts, 1 when its refs no longer count. */
    private readonly removed: Uint8Array | null = null,
    /** For an index patched by edits: the changed entities' names and pinyin, indexed on their own. */
    private readonly delta: LookupIndex | null = null,
  ) {}

  static fromParts(parts: LookupParts): LookupIndex {
    return new LookupIndex(parts);
  }

  /**
   * This index with some entities' names replaced (names and pinyin: the changed
   * entities' rows now; an entity in changedIds without rows is deleted), in
   * milliseconds: this index stays as it is, its changed entities' refs passed over,
   * and the changed rows get a small index of their own. It answers exactly as
   * LookupIndex.compile of the changed glossary's rows: each entity's matches come
   * from one of the two, and a prefix's first PREFIX_SCAN keys are counted over both
   * in sorted order. Always made from an index compiled whole, never from a patched one.
   */
  /** Make what withChanges reads (the entities by id) ahead of the first edit. */
  prepareChanges(): void {
    this.parts.entityIds.positions();
  }

  withChanges(changedIds: ReadonlySet<string>, names: readonly LookupName[], pinyin: readonly LookupPinyin[]): LookupIndex {
    if (this.delta) throw new Error('a patched lookup index is patched again from its base, with every change since');
    const removed = new Uint8Array(this.parts.entityIds.size);
    const entities = this.parts.entityIds.positions();
    for (const id of changedIds) {
      const e = entities.get(id);
      if (e !== undefined) removed[e] = 1;
    }
    return new LookupIndex(this.parts, removed, LookupIndex.compile(names, pinyin));
  }

  /** names' keys must be foldText of their text, as the build writes them (exact matches are found among a key's names). */
  static compile(names: readonly LookupName[], pinyin: readonly LookupPinyin[]): LookupIndex {
    const entityIds = new Interned();
    // Each ref's matched text is its row's: names' texts, then pinyin's syllables.
    const matched: string[] = [];
    const byKey = new RefLists();
    for (const n of names) {
      byKey.add(n.key, entityIds.of(n.entityId), matched.length);
      matched.push(n.text);
    }
    const byPinyin = new RefLists();
    const byInitials = new RefLists();
    for (const p of pinyin) {
      const e = entityIds.of(p.entityId);
      byPinyin.add(p.key, e, matched.length);
      if (p.initials.length >= 2) byInitials.add(p.initials, e, matched.length);
      matched.push(p.syllables);
    }
    const keyIndex = byKey.index();
    const keys = keyIndex.keys;
    // A counting sort by length, stable, so each length keeps the keys' sorted order.
    let longest = 0;
    for (let k = 0; k < keys.size; k++) longest = Math.max(longest, keys.lengthAt(k));
    const lengthStart = new Int32Array(longest + 2);
    for (let k = 0; k < keys.size; k++) lengthStart[keys.lengthAt(k) + 1]!++;
    for (let length = 0; length <= longest; length++) lengthStart[length + 1]! += lengthStart[length]!;
    const byLength = new Int32Array(keys.size);
    const lengthMasks = new Int32Array(keys.size);
    const fill = lengthStart.slice(0, longest + 1);
    for (let k = 0; k < keys.size; k++) {
      const at = fill[keys.lengthAt(k)]!++;
      byLength[at] = k;
      lengthMasks[at] = charMask(keys.at(k));
    }
    return new LookupIndex({
      entityIds: entityIds.table(),
      matched: StringTable.of(matched),
      byKey: keyIndex,
      byPinyin: byPinyin.index(),
      byInitials: byInitials.index(),
      byLength,
      lengthStart,
      lengthMasks,
    });
  }

  lookup(query: string, limit: number): LookupHit[] {
    const q = query.normalize('NFC').trim();
    if (q === '') return [];
    const folded = foldText(q);
    const best = new Map<string, LookupHit>();
    const p = this.parts;

    // Each entity's refs are in one layer (this index, or a patch's delta): the order the layers are asked in does not matter.
    const py = pinyinQuery(q);
    for (const layer of this.delta ? [this, this.delta] : [this]) {
      const lp = layer.parts;
      const k = lp.byKey.keys.indexOf(folded);
      layer.offer(best, lp.byKey, k, 'exact', 1, q);
      layer.offer(best, lp.byKey, k, 'variant', 0.95);
      if (py) {
        layer.offer(best, lp.byPinyin, lp.byPinyin.keys.indexOf(py), 'pinyin', 0.9);
        if (py.length >= 2) layer.offer(best, lp.byInitials, lp.byInitials.keys.indexOf(py), 'pinyin', 0.75);
      }
    }
    if (py && py.length >= 3) this.offerExtensions(best, py, (l) => l.parts.byPinyin, 'pinyin', 0.55, 0.2);
    this.offerExtensions(best, folded, (l) => l.parts.byKey, 'prefix', 0.5, 0.3);

    if (best.size < limit) {
      this.fuzzy(folded, best);
      this.delta?.fuzzy(folded, best);
    }

    return [...best.values()].sort(byRank).slice(0, limit);
  }

  private fuzzy(folded: string, best: Map<string, LookupHit>): void {
    const budget = typoBudget(folded);
    if (budget === 0) return;
    const mask = charMask(folded);
    const { byKey, byLength, lengthStart, lengthMasks } = this.parts;
    const lengths = lengthStart.length - 1;
    for (let length = Math.max(1, folded.length - budget); length <= folded.length + budget && length < lengths; length++) {
      for (let i = lengthStart[length]!, end = lengthStart[length + 1]!; i < end; i++) {
        // Each character of one that the other lacks needs an edit of its own.
        if (bitCount(mask & ~lengthMasks[i]!) > budget || bitCount(lengthMasks[i]! & ~mask) > budget) continue;
        const k = byLength[i]!;
        const key = byKey.keys.at(k);
        const d = boundedDistance(folded, key, budget, this.scratch);
        if (d > 0 && d <= budget) this.offer(best, byKey, k, 'fuzzy', 0.45 * (1 - d / Math.max(folded.length, key.length)));
      }
    }
  }

  /**
   * Keep, per entity, its best-scoring match so far: of the refs of key k (none when
   * k is -1), only those whose matched text is `only` when given.
   */
  private offer(best: Map<string, LookupHit>, index: RefIndex, k: number, how: MatchHow, score: number, only?: string): void {
    if (k < 0) return;
    for (let r = index.start[k]!, end = index.start[k + 1]!; r < end; r++) {
      if (this.removed !== null && this.removed[index.entity[r]!] === 1) continue;
      const matched = this.parts.matched.at(index.matched[r]!);
      if (only !== undefined && matched !== only) continue;
      const entityId = this.parts.entityIds.at(index.entity[r]!);
      const had = best.get(entityId);
      if (!had || had.score < score) best.set(entityId, { entityId, matched, how, score });
    }
  }

  /**
   * Offer the first PREFIX_SCAN keys that extend prefix (not prefix itself), scored
   * base + weight x the share of the key the prefix covers. With a patch's delta, its
   * keys and this index's are walked together in sorted order, counted as one index
   * of the changed glossary would count them: a key shared by both once, a key whose
   * refs are all of changed entities not at all.
   */
  private offerExtensions(best: Map<string, LookupHit>, prefix: string, indexOf: (layer: LookupIndex) => RefIndex, how: MatchHow, base: number, weight: number): void {
    const index = indexOf(this);
    const keys = index.keys;
    const delta = this.delta ? indexOf(this.delta) : null;
    let i = keys.lowerBound(prefix);
    let j = delta ? delta.keys.lowerBound(prefix) : 0;
    for (let counted = 0; counted < PREFIX_SCAN; ) {
      const inBase = i < keys.size && keys.startsWithAt(i, prefix);
      const inDelta = delta !== null && j < delta.keys.size && delta.keys.startsWithAt(j, prefix);
      if (!inBase && !inDelta) break;
      const order = inBase && inDelta ? compareKeys(keys, i, delta.keys, j) : inBase ? -1 : 1;
      let live = false;
      if (order <= 0) {
        live = this.hasLiveRef(index, i);
        const length = keys.lengthAt(i);
        if (length !== prefix.length) this.offer(best, index, i, how, base + weight * (prefix.length / length));
        i++;
      }
      if (order >= 0) {
        live = true;
        const length = delta!.keys.lengthAt(j);
        if (length !== prefix.length) this.delta!.offer(best, delta!, j, how, base + weight * (prefix.length / length));
        j++;
      }
      if (live) counted++;
    }
  }

  /** Has key k a ref of an entity not changed since (every key has, in an index compiled whole)? */
  private hasLiveRef(index: RefIndex, k: number): boolean {
    if (this.removed === null) return true;
    for (let r = index.start[k]!; r < index.start[k + 1]!; r++) if (this.removed[index.entity[r]!] === 0) return true;
    return false;
  }
}

/** Key i of a against key j of b, in code unit order. */
function compareKeys(a: StringTable, i: number, b: StringTable, j: number): number {
  const x = a.at(i);
  const y = b.at(j);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Strings numbered in order of first sight. */
class Interned {
  private readonly ids = new Map<string, number>();
  private readonly list: string[] = [];
  /** Rows come grouped by entity: the last string asked is most often asked again. */
  private last = '';
  private lastId = -1;

  of(s: string): number {
    if (s === this.last) return this.lastId;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.list.length;
      this.ids.set(s, id);
      this.list.push(s);
    }
    this.last = s;
    this.lastId = id;
    return id;
  }

  table(): StringTable {
    return StringTable.of(this.list);
  }
}

/** Refs gathered per key, then laid out by sorted key (RefIndex). */
class RefLists {
  private readonly byKey = new Map<string, number[]>();

  add(key: string, entity: number, matched: number): void {
    const list = this.byKey.get(key);
    if (list) list.push(entity, matched);
    else this.byKey.set(key, [entity, matched]);
  }

  index(): RefIndex {
    const keys = [...this.byKey.keys()].sort();
    const lists = keys.map((k) => this.byKey.get(k)!);
    const start = new Int32Array(keys.length + 1);
    let total = 0;
    for (let i = 0; i < lists.length; i++) {
      start[i] = total;
      total += lists[i]!.length >> 1;
    }
    start[keys.length] = total;
    const entity = new Int32Array(total);
    const matched = new Int32Array(total);
    for (let i = 0, r = 0; i < lists.length; i++) {
      const list = lists[i]!;
      for (let j = 0; j < list.length; j += 2, r++) {
        entity[r] = list[j]!;
        matched[r] = list[j + 1]!;
      }
    }
    return { keys: StringTable.of(keys), start, entity, matched };
  }
}

/** Best first; ties go to the stronger kind of match, then the shorter name, then the id. */
function byRank(a: LookupHit, b: LookupHit): number {
  return b.score - a.score || HOW_ORDER[a.how] - HOW_ORDER[b.how] || a.matched.length - b.matched.length || a.entityId.localeCompare(b.entityId);
}

/**
 * The characters of a text as 32 bits (bit code & 31). A bit one text has and the
 * other lacks stands for at least one character that an edit must add or remove,
 * so bitCount(a & ~b) is a lower bound on the edit distance from a to b.
 */
function charMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) mask |= 1 << (text.charCodeAt(i) & 31);
  return mask;
}

function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** How many edits a query of this length may contain and still be taken for a name. */
function typoBudget(folded: string): number {
  const han = /[\u3400-\u9fff]/.test(folded);
  if (han) return folded.length >= 3 ? 1 : 0;
  if (folded.length <= 3) return 0;
  return folded.length <= 8 ? 1 : 2;
}

/**
 * pinyinQuery('Huì Dá') -> 'huida'; pinyinQuery('hui4 da2') -> 'huida';
 * undefined when the query is not pinyin-shaped.
 */
export function pinyinQuery(query: string): string | undefined {
  const typed = plainPinyin(query);
  if (typed !== null) return typed === '' ? undefined : typed;
  const plain = query
    .normalize('NFD')
    .replace(/[uU]\u0308/g, 'v') // ü typed as v
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[1-5]/g, '')
    .replace(/[\s'’-]/g, '')
    .replace(/u:/g, 'v');
  return /^[a-z]+$/.test(plain) ? plain : undefined;
}

/**
 * What most queries are, pinyin typed on a plain keyboard ('hui da', 'Hui2da2'),
 * read in one pass: its letters in lower case, or null when the query has any
 * other character (a tone mark, ü, a Han character) and needs the full rules.
 */
function plainPinyin(query: string): string | null {
  let out = '';
  for (let i = 0; i < query.length; i++) {
    const c = query.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) out += query[i];
    else if (c >= 0x41 && c <= 0x5a) out += String.fromCharCode(c + 0x20);
    else if (!((c >= 0x31 && c <= 0x35) || c === 0x20 || c === 0x27 || c === 0x2d || c === 0x09)) return null;
  }
  return out;
}

/**
 * Optimal string alignment distance (edits and adjacent swaps), giving up early:
 * returns bound + 1 as soon as the distance must exceed bound.
 * boundedDistance('nvdia', 'nvidia', 2) -> 1; boundedDistance('nvidai', 'nvidia', 1) -> 1.
 */
export function boundedDistance(a: string, b: string, bound: number, scratch?: { rows: Int32Array }): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  // Three rows, reused through scratch when given: a lookup compares the query with hundreds of keys.
  const width = b.length + 1;
  const holder = scratch ?? { rows: new Int32Array(3 * width) };
  if (holder.rows.length < 3 * width) holder.rows = new Int32Array(3 * width * 2);
  let prevPrev = 0;
  let prev = width;
  let row = 2 * width;
  const rows = holder.rows;
  for (let j = 0; j < width; j++) {
    rows[prevPrev + j] = 0;
    rows[prev + j] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    rows[row] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = Math.min(rows[prev + j]! + 1, rows[row + j - 1]! + 1, rows[prev + j - 1]! + cost);
      // A swap of two neighbours (Nvidai for Nvidia) is one edit.
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, rows[prevPrev + j - 2]! + 1);
      rows[row + j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > bound) return bound + 1;
    const oldPrevPrev = prevPrev;
    prevPrev = prev;
    prev = row;
    row = oldPrevPrev;
  }
  return rows[prev + b.length]!;
}
