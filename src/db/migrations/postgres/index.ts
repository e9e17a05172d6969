import type { Migration } from 'kysely';
import * as builds from './2026-12-04-glossary-builds.ts';
import * as generation from './2026-12-04-glossary.ts';

// Apart from the SQLite store's index (../index.ts), which every read of a store file loads.

/** In PostgreSQL (DATABASE_URL): the list of builds, one schema each, and which is current. */
export const buildListMigrations: Readonly<Record<string, Migration>> = {
  '2026-12-04-glossary-builds': builds,
};

/** In PostgreSQL: the tables of one build's schema, created afresh by every build. */
export const generationMigrations: Readonly<Record<string, Migration>> = {
  '2026-12-04-glossary': generation,
};
