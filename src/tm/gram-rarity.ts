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
 *   rarity.rows(pair('的', '是')) -> 41200
 */
export class GramRarity {
  static readonly UNKNOWN = new GramRarity(new Map(), 0);

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

/**
 * The pair statistics of one memory in PostgreSQL, as its TranslationMemory reads
 * them: at most once per FRESH_MS, lookups going on with the last reading while a
 * new one is on its way. A reading that fails is said once and taken as no
 * statistics; the next lookup reads again.
 */
export class PairStatistics {
  private last: { readonly at: number; readonly rarity: Promise<GramRarity> } | undefined;

  constructor(private readonly db: TmStore) {}

  current(): Promise<GramRarity> {
    const last = this.last;
    if (last && performance.now() - last.at < FRESH_MS) return last.rarity;
    const rarity = readRarity(this.db).catch((error: unknown) => {
      this.last = undefined;
      console.error(`translation memory: could not read the pair statistics (${error instanceof Error ? error.message : String(error)}); taking every pair as rare`);
      return GramRarity.UNKNOWN;
    });
    this.last = { at: performance.now(), rarity };
    return last ? last.rarity : rarity;
  }
}

async function readRarity(db: TmStore): Promise<GramRarity> {
  const { rows } = await sql<{ elems: string | null; freqs: number[] | null; total: number }>`
    select s.most_common_elems::text as elems, s.most_common_elem_freqs as freqs, c.reltuples::float8 as total
    from pg_class c left join pg_stats s on s.schemaname = current_schema() and s.tablename = 'tm_segment' and s.attname = 'grams'
    where c.oid = to_regclass('tm_segment')`.execute(db);
  const row = rows[0];
  if (!row?.elems || !row.freqs || row.total <= 0) return GramRarity.UNKNOWN;
  const elems = row.elems.slice(1, -1).split(',').map(Number);
  // The frequencies list each element's, then their minimum, maximum and the null share.
  const common = new Map(elems.map((gram, i) => [gram, row.freqs![i]! * row.total]));
  const rarest = row.freqs[elems.length] ?? 0;
  return new GramRarity(common, (rarest * row.total) / 2);
}
