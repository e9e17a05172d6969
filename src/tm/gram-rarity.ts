import { sql } from 'kysely';
import type { TmStore } from './tm-repository.ts';

/** How long a reading of the statistics serves: PostgreSQL renews them only when it analyzes the table (after an import, or autovacuum). */
const FRESH_MS = 60_000;

/**
 * How many segments hold each character pair, as PostgreSQL's statistics of
 * tm_segment.grams estimate it (pg_stats: the column's most common elements and
 * their frequencies, times the table's rows). A pair not among them is rarer than
 * the rarest listed: half that is its estimate. A memory never analyzed has no
 * statistics: every pair is then taken as rare.
 *
 *   (await gramRarity(db)).rows(pair('的', '是')) -> 41200
 */
export class GramRarity {
  constructor(
    private readonly common: ReadonlyMap<number, number>,
    private readonly rare: number,
  ) {}

  /** Has the column statistics (it was analyzed with rows in it)? */
  get known(): boolean {
    return this.common.size > 0;
  }

  rows(gram: number): number {
    return this.common.get(gram) ?? this.rare;
  }
}

interface Reading {
  readonly at: number;
  readonly rarity: Promise<GramRarity>;
}

/** Per memory, the last reading of its statistics; a process has one or two memories open. */
const readings = new WeakMap<TmStore, Reading>();

/**
 * The statistics of db's memory: read at most once per FRESH_MS, and while a new
 * reading is on its way lookups go on with the last one.
 */
export async function gramRarity(db: TmStore): Promise<GramRarity> {
  const last = readings.get(db);
  if (last && performance.now() - last.at < FRESH_MS) return last.rarity;
  // Without statistics a lookup still works, asking for fewer pairs than it could; the next one reads them again.
  const rarity = readRarity(db).catch((error: unknown) => {
    readings.delete(db);
    console.error(`translation memory: could not read the pair statistics (${error instanceof Error ? error.message : String(error)}); taking every pair as rare`);
    return new GramRarity(new Map(), 0);
  });
  readings.set(db, { at: performance.now(), rarity });
  return last ? last.rarity : rarity;
}

/** The statistics were renewed (this process analyzed the table): the next lookup reads them again. */
export function forgetRarity(db: TmStore): void {
  readings.delete(db);
}

async function readRarity(db: TmStore): Promise<GramRarity> {
  const { rows } = await sql<{ elems: string | null; freqs: number[] | null; total: number }>`
    select s.most_common_elems::text as elems, s.most_common_elem_freqs as freqs, c.reltuples::float8 as total
    from pg_class c left join pg_stats s on s.schemaname = current_schema() and s.tablename = 'tm_segment' and s.attname = 'grams'
    where c.oid = to_regclass('tm_segment')`.execute(db);
  const row = rows[0];
  if (!row?.elems || !row.freqs || row.total <= 0) return new GramRarity(new Map(), 0);
  const elems = row.elems.slice(1, -1).split(',').map(Number);
  // The frequencies list each element's, then their minimum, maximum and the null share.
  const common = new Map(elems.map((gram, i) => [gram, row.freqs![i]! * row.total]));
  const rarest = row.freqs[elems.length] ?? 0;
  return new GramRarity(common, (rarest * row.total) / 2);
}
