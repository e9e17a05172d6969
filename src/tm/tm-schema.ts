import type { Generated } from 'kysely';

/**
 * The translation memory lives in its own SQLite file (TM_DB, default data/tm.db), or
 * beside the service store in PostgreSQL (DATABASE_URL):
 * the glossary database is rebuilt from glossary/ and replaced whole, while the TM
 * is translators' work that no build may touch.
 */
export interface TmUnitTable {
  id: Generated<number>;
  /** Identifies a unit by its segments, so the same unit is stored once. */
  hash: string;
  /** JSON: the <tu> attributes, props and notes, kept for export. */
  attrs: string;
  created_at: string;
}

export interface TmSegmentTable {
  unit_id: number;
  lang: string;
  /** Plain text; each native-code inline tag is one placeholder character. */
  text: string;
  /** The seg's inner XML, inline tags kept. */
  markup: string;
  /** PostgreSQL only: the text folded (foldText), under a trigram index for concordance search (LIKE). */
  fold?: string;
  /** PostgreSQL only: the folded text's character pairs (segmentGrams), under a GIN index for fuzzy candidates. */
  grams?: number[];
}

export interface TmDatabase {
  tm_unit: TmUnitTable;
  tm_segment: TmSegmentTable;
}
