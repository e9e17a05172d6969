import { stringOfUnits, unitsOf } from './utf16.ts';
import type { StoredArray } from './binary-artifact.ts';

/**
 * Strings kept as one string and the offsets where each starts: a few objects in
 * place of hundreds of thousands, and, as UTF-16 units, an artifact a process reads
 * back without parsing. A sorted table (code unit order, as JavaScript's sort and <)
 * answers by binary search.
 */
export class StringTable {
  /** The strings joined; for a table read from an artifact, decoded from its units on first need. */
  private joined: string | undefined;
  /** A table read from an artifact: its UTF-16 units. */
  private readonly units: Uint16Array | undefined;
  /** Strings read one by one from units so far (see at). */
  private reads = 0;

  constructor(
    all: string | Uint16Array,
    /** String i is all[offsets[i], offsets[i + 1]). */
    readonly offsets: Int32Array,
  ) {
    if (typeof all === 'string') this.joined = all;
    else this.units = all;
  }

  get all(): string {
    return (this.joined ??= stringOfUnits(this.units!));
  }

  static of(strings: readonly string[]): StringTable {
    const offsets = new Int32Array(strings.length + 1);
    let at = 0;
    strings.forEach((s, i) => {
      offsets[i] = at;
      at += s.length;
    });
    offsets[strings.length] = at;
    return new StringTable(strings.join(''), offsets);
  }

  get size(): number {
    return this.offsets.length - 1;
  }

  /** Each string's index, for tables in any order (made on first use, then kept: the table never changes). */
  positions(): ReadonlyMap<string, number> {
    return (this.byString ??= new Map(Array.from({ length: this.size }, (_, i) => [this.at(i), i])));
  }

  private byString: Map<string, number> | undefined;

  /** A table with these strings after this one's. */
  appended(strings: readonly string[]): StringTable {
    if (strings.length === 0) return this;
    const offsets = new Int32Array(this.offsets.length + strings.length);
    offsets.set(this.offsets);
    let at = this.offsets[this.size]!;
    strings.forEach((s, i) => {
      at += s.length;
      offsets[this.size + i + 1] = at;
    });
    return new StringTable(this.all + strings.join(''), offsets);
  }

  /**
   * String i. A table read from an artifact is decoded whole (megabytes at 100,000
   * entities: 16 ms for a lookup index's tables) only once it has been read from
   * often: a CLI lookup reads a few strings and decodes only those.
   */
  at(i: number): string {
    if (this.joined === undefined && ++this.reads <= DECODE_AFTER_READS) return stringOfUnits(this.units!.subarray(this.offsets[i]!, this.offsets[i + 1]!));
    return this.all.slice(this.offsets[i]!, this.offsets[i + 1]!);
  }

  lengthAt(i: number): number {
    return this.offsets[i + 1]! - this.offsets[i]!;
  }

  /** Sorted tables: the first index whose string is not below s. */
  lowerBound(s: string): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(mid, s) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Sorted tables: the index of s, or -1. */
  indexOf(s: string): number {
    const i = this.lowerBound(s);
    return i < this.size && this.compareAt(i, s) === 0 ? i : -1;
  }

  startsWithAt(i: number, prefix: string): boolean {
    if (this.lengthAt(i) < prefix.length) return false;
    if (this.joined !== undefined) return this.joined.startsWith(prefix, this.offsets[i]!);
    const from = this.offsets[i]!;
    for (let k = 0; k < prefix.length; k++) if (this.units![from + k] !== prefix.charCodeAt(k)) return false;
    return true;
  }

  /** String i against s, in code unit order (negative: i sorts first). */
  private compareAt(i: number, s: string): number {
    const from = this.offsets[i]!;
    const length = this.offsets[i + 1]! - from;
    const n = Math.min(length, s.length);
    const joined = this.joined;
    const units = this.units;
    for (let k = 0; k < n; k++) {
      const d = (joined !== undefined ? joined.charCodeAt(from + k) : units![from + k]!) - s.charCodeAt(k);
      if (d !== 0) return d;
    }
    return length - s.length;
  }
}

/** A table as two arrays of an artifact, under name.units and name.offsets. */
export function storeTable(arrays: Record<string, StoredArray>, name: string, table: StringTable): void {
  arrays[`${name}.units`] = unitsOf(table.all);
  arrays[`${name}.offsets`] = table.offsets;
}

/** A table an artifact stored with storeTable. */
export function readTable(units: Uint16Array, offsets: Int32Array): StringTable {
  return new StringTable(units, offsets);
}

/** Reads of single strings after which a table read from an artifact is decoded whole (each read alone costs about 0.2 µs). */
const DECODE_AFTER_READS = 4096;
