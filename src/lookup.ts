import { foldText } from './fold.ts';

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

interface Ref {
  readonly entityId: string;
  readonly text: string;
}

const HOW_ORDER: Record<MatchHow, number> = { exact: 0, variant: 1, pinyin: 2, prefix: 3, fuzzy: 4 };
const PREFIX_SCAN = 400;

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
    private readonly byText: Map<string, Ref[]>,
    private readonly byKey: Map<string, Ref[]>,
    private readonly sortedKeys: readonly string[],
    private readonly byPinyin: Map<string, Ref[]>,
    private readonly byInitials: Map<string, Ref[]>,
    private readonly sortedPinyin: readonly string[],
    private readonly keysByLength: readonly (readonly string[])[],
    /** Per keysByLength entry, charMask of the key, to rule most keys out before the edit distance. */
    private readonly masksByLength: readonly Int32Array[],
  ) {}

  static compile(names: readonly LookupName[], pinyin: readonly LookupPinyin[]): LookupIndex {
    const byText = new Map<string, Ref[]>();
    const byKey = new Map<string, Ref[]>();
    for (const n of names) {
      push(byText, n.text, { entityId: n.entityId, text: n.text });
      push(byKey, n.key, { entityId: n.entityId, text: n.text });
    }
    const byPinyin = new Map<string, Ref[]>();
    const byInitials = new Map<string, Ref[]>();
    for (const p of pinyin) {
      push(byPinyin, p.key, { entityId: p.entityId, text: p.syllables });
      if (p.initials.length >= 2) push(byInitials, p.initials, { entityId: p.entityId, text: p.syllables });
    }
    const sortedKeys = [...byKey.keys()].sort();
    const keysByLength: string[][] = [];
    for (const key of sortedKeys) (keysByLength[key.length] ??= []).push(key);
    const masksByLength = Array.from(keysByLength, (keys) => Int32Array.from(keys ?? [], charMask));
    return new LookupIndex(byText, byKey, sortedKeys, byPinyin, byInitials, [...byPinyin.keys()].sort(), keysByLength, masksByLength);
  }

  lookup(query: string, limit: number): LookupHit[] {
    const q = query.normalize('NFC').trim();
    if (q === '') return [];
    const folded = foldText(q);
    const best = new Map<string, LookupHit>();

    offer(best, this.byText.get(q), 'exact', 1);
    offer(best, this.byKey.get(folded), 'variant', 0.95);

    const py = pinyinQuery(q);
    if (py) {
      offer(best, this.byPinyin.get(py), 'pinyin', 0.9);
      if (py.length >= 2) offer(best, this.byInitials.get(py), 'pinyin', 0.75);
      if (py.length >= 3) offerExtensions(best, py, this.sortedPinyin, this.byPinyin, 'pinyin', 0.55, 0.2);
    }

    offerExtensions(best, folded, this.sortedKeys, this.byKey, 'prefix', 0.5, 0.3);

    if (best.size < limit) this.fuzzy(folded, best);

    return [...best.values()].sort(byRank).slice(0, limit);
  }

  private fuzzy(folded: string, best: Map<string, LookupHit>): void {
    const budget = typoBudget(folded);
    if (budget === 0) return;
    const mask = charMask(folded);
    for (let length = Math.max(1, folded.length - budget); length <= folded.length + budget; length++) {
      const keys = this.keysByLength[length] ?? [];
      const masks = this.masksByLength[length]!;
      for (let k = 0; k < keys.length; k++) {
        // Each character of one that the other lacks needs an edit of its own.
        if (bitCount(mask & ~masks[k]!) > budget || bitCount(masks[k]! & ~mask) > budget) continue;
        const key = keys[k]!;
        const d = boundedDistance(folded, key, budget, this.scratch);
        if (d > 0 && d <= budget) offer(best, this.byKey.get(key), 'fuzzy', 0.45 * (1 - d / Math.max(folded.length, key.length)));
      }
    }
  }
}

/** Keep, per entity, its best-scoring match so far. */
function offer(best: Map<string, LookupHit>, refs: readonly Ref[] | undefined, how: MatchHow, score: number): void {
  if (!refs) return;
  for (const ref of refs) {
    const had = best.get(ref.entityId);
    if (!had || had.score < score) best.set(ref.entityId, { entityId: ref.entityId, matched: ref.text, how, score });
  }
}

/**
 * Offer the first PREFIX_SCAN keys that extend prefix (not prefix itself), scored
 * base + weight x the share of the key the prefix covers.
 */
function offerExtensions(best: Map<string, LookupHit>, prefix: string, sorted: readonly string[], refs: Map<string, Ref[]>, how: MatchHow, base: number, weight: number): void {
  for (let i = firstWithPrefix(sorted, prefix), end = Math.min(sorted.length, i + PREFIX_SCAN); i < end && sorted[i]!.startsWith(prefix); i++) {
    const key = sorted[i]!;
    if (key !== prefix) offer(best, refs.get(key), how, base + weight * (prefix.length / key.length));
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

/** The index of the first of the sorted strings that is not below prefix (where its extensions begin). */
function firstWithPrefix(sorted: readonly string[], prefix: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
