import type { Migration } from 'kysely';
import * as tm from './2026-11-23-tm.ts';
import * as unitIds from './2026-11-23-tm-unit-ids.ts';
import * as dropKey from './2026-11-23T04-tm-drop-key.ts';
import * as postgresTm from './postgres/2026-12-04-tm.ts';
import * as postgresGrams from './postgres/2026-12-05-tm-grams.ts';

/** The translation memory's migrations in SQLite, in order. */
export const tmMigrations: Readonly<Record<string, Migration>> = {
  '2026-11-23-tm': tm,
  '2026-11-23-tm-unit-ids': unitIds,
  // Kysely runs migrations in name order and refuses a name before one already run.
  '2026-11-23T04-tm-drop-key': dropKey,
};

/** The same store's migrations in PostgreSQL (DATABASE_URL), in order. */
export const tmPostgresMigrations: Readonly<Record<string, Migration>> = {
  '2026-12-04-tm': postgresTm,
  '2026-12-05-tm-grams': postgresGrams,
};
