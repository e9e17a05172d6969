import { arrayOf, packArtifact, unpackArtifact, type StoredArray } from './binary-artifact.ts';
import { checkStamp, readStoredArtifact, type BuildStamp } from './db/artifact-repository.ts';
import type { Store } from './db/connection.ts';
import type { Entry } from './glossary/entry.ts';
import { readTable, storeTable, StringTable } from './string-table.ts';

/** The glossary's entries by id, and in id order (code unit order, as JavaScript's <). */
export interface Entries {
  readonly size: number;
  get(id: string): Entry | undefined;
  has(id: string): boolean;
  /** The entry at position i in id order. */
  at(i: number): Entry;
  /** The position of the first entry whose id sorts after id. */
  after(id: string): number;
  keys(): IterableIterator<string>;
  values(): IterableIterator<Entry>;
}

/** Entries in memory: a snapshot compiled from rows (an edit's). */
export class EntryList implements Entries {
  private readonly byId: ReadonlyMap<string, Entry>;

  /** sorted: the entries in id order. */
  constructor(private readonly sorted: readonly Entry[]) {
    this.byId = new Map(sorted.map((e) => [e.id, e]));
  }

  get size(): number {
    return this.sorted.length;
  }

  get(id: string): Entry | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  at(i: number): Entry {
    return this.sorted[i]!;
  }

  after(id: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]!.id <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  keys(): IterableIterator<string> {
    return this.byId.keys();
  }

  values(): IterableIterator<Entry> {
    return this.sorted.values();
  }
}

/**
 * Entries as the build stores them (artifact 'entries'): the sorted ids and each
 * entry's JSON, parsed the first time it is asked for. A process that rewrites one
 * sentence of a large glossary parses the few entries it names, not all of them.
 */
export class StoredEntries implements Entries {
  private readonly parsed: (Entry | undefined)[];
  private readonly decoder = new TextDecoder();

  private constructor(
    private readonly ids: StringTable,
    private readonly bodies: Uint8Array,
    /** Entry i's JSON is bodies[bodyStart[i], bodyStart[i + 1]). */
    private readonly bodyStart: Int32Array,
  ) {
    this.parsed = new Array<Entry | undefined>(ids.size);
  }

  get size(): number {
    return this.ids.size;
  }

  get(id: string): Entry | undefined {
    const i = this.ids.indexOf(id);
    return i < 0 ? undefined : this.at(i);
  }

  has(id: string): boolean {
    return this.ids.indexOf(id) >= 0;
  }

  at(i: number): Entry {
    return (this.parsed[i] ??= JSON.parse(this.decoder.decode(this.bodies.subarray(this.bodyStart[i]!, this.bodyStart[i + 1]!))) as Entry);
  }

  after(id: string): number {
    const i = this.ids.lowerBound(id);
    return i < this.ids.size && this.ids.at(i) === id ? i + 1 : i;
  }

  *keys(): IterableIterator<string> {
    for (let i = 0; i < this.ids.size; i++) yield this.ids.at(i);
  }

  *values(): IterableIterator<Entry> {
    for (let i = 0; i < this.ids.size; i++) yield this.at(i);
  }

  static fromArtifact(bytes: Buffer, stamp: BuildStamp): StoredEntries {
    const { meta, arrays } = unpackArtifact(bytes, KIND);
    checkStamp(meta as BuildStamp, stamp);
    const ids = readTable(arrayOf(arrays, 'ids.units', Uint16Array), arrayOf(arrays, 'ids.offsets', Int32Array));
    return new StoredEntries(ids, arrayOf(arrays, 'bodies', Uint8Array), arrayOf(arrays, 'bodyStart', Int32Array));
  }
}

const KIND = 'entries-v1';
export const ENTRIES_ARTIFACT = 'entries';

/** The entries (any order) as StoredEntries reads them, stamped with their build. */
export function entriesArtifact(entries: readonly Entry[], stamp: BuildStamp): Buffer {
  const sorted = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const bodies = sorted.map((e) => Buffer.from(JSON.stringify(e)));
  const bodyStart = new Int32Array(sorted.length + 1);
  bodies.forEach((b, i) => (bodyStart[i + 1] = bodyStart[i]! + b.length));
  const arrays: Record<string, StoredArray> = { bodies: new Uint8Array(Buffer.concat(bodies)), bodyStart };
  storeTable(arrays, 'ids', StringTable.of(sorted.map((e) => e.id)));
  return packArtifact(KIND, stamp, arrays);
}

/** The entries the build stored, or undefined (readStoredArtifact). */
export function readStoredEntries(db: Store): Promise<StoredEntries | undefined> {
  return readStoredArtifact(db, ENTRIES_ARTIFACT, 'entry table', StoredEntries.fromArtifact);
}

/**
 * Entries with some changed (replaced, added or deleted: null), over entries that
 * stay as they are: an edit's snapshot at 100,000 entities copies nothing of its
 * base. The id order is worked out when first asked for (pages and exports).
 */
export class PatchedEntries implements Entries {
  /** Base positions of the changed ids the base has, ascending. */
  private readonly replaced: Int32Array;
  /** The changed entries that exist now, by id. */
  private readonly added: readonly Entry[];
  private positions: Int32Array | undefined;

  constructor(
    private readonly base: Entries,
    private readonly changes: ReadonlyMap<string, Entry | null>,
  ) {
    const replaced: number[] = [];
    for (const id of changes.keys()) if (base.has(id)) replaced.push(base.after(id) - 1);
    this.replaced = Int32Array.from(replaced).sort();
    this.added = [...changes.values()].filter((e): e is Entry => e !== null).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  get size(): number {
    return this.base.size - this.replaced.length + this.added.length;
  }

  get(id: string): Entry | undefined {
    return this.changes.has(id) ? (this.changes.get(id) ?? undefined) : this.base.get(id);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  at(i: number): Entry {
    const at = this.order()[i]!;
    return at >= 0 ? this.base.at(at) : this.added[-1 - at]!;
  }

  after(id: string): number {
    const inBase = this.base.after(id);
    return inBase - countBelow(this.replaced, inBase) + countAtMost(this.added, id);
  }

  *keys(): IterableIterator<string> {
    for (const [, id] of this.merged()) yield id;
  }

  *values(): IterableIterator<Entry> {
    for (let i = 0; i < this.size; i++) yield this.at(i);
  }

  /** Per position in id order: the base position, or -1 - the index in added. */
  private order(): Int32Array {
    if (this.positions) return this.positions;
    const order = new Int32Array(this.size);
    let o = 0;
    for (const [at] of this.merged()) order[o++] = at;
    return (this.positions = order);
  }

  /**
   * The entries in id order, as [base position or -1 - index in added, id]: the base's
   * ids (keys(), not at(): a stored base parses an entry's JSON only when asked for it)
   * but the replaced ones, and the added ones between them.
   */
  private *merged(): IterableIterator<[number, string]> {
    let r = 0;
    let a = 0;
    let b = 0;
    for (const id of this.base.keys()) {
      if (r < this.replaced.length && this.replaced[r] === b) {
        r++;
        b++;
        continue;
      }
      while (a < this.added.length && this.added[a]!.id < id) yield [-1 - a, this.added[a++]!.id];
      yield [b++, id];
    }
    while (a < this.added.length) yield [-1 - a, this.added[a++]!.id];
  }
}

/** How many of the ascending values are below limit. */
function countBelow(values: Int32Array, limit: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many of the entries (in id order) have an id at most id. */
function countAtMost(entries: readonly Entry[], id: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.id <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
