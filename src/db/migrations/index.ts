import type { Migration } from 'kysely';
import * as glossary from './2026-11-22-glossary.ts';
import * as admittedNames from './2026-12-02-admitted-names.ts';
import * as lexicon from './2026-12-02-lexicon.ts';
import * as artifacts from './2026-12-02-artifacts.ts';
import * as postgresBuilds from './postgres/2026-12-04-glossary-builds.ts';
import * as postgresGeneration from './postgres/2026-12-04-glossary.ts';

/** Every migration of the SQLite store, in order; a static list so bundlers and readers see them all. */
export const migrations: Readonly<Record<string, Migration>> = {
  '2026-11-22-glossary': glossary,
  '2026-12-02-admitted-names': admittedNames,
  '2026-12-02-lexicon': lexicon,
  '2026-12-02-artifacts': artifacts,
};

/** In PostgreSQL (DATABASE_URL): the list of builds, one schema each, and which is current. */
export const buildListMigrations: Readonly<Record<string, Migration>> = {
  '2026-12-04-glossary-builds': postgresBuilds,
};

/** In PostgreSQL: the tables of one build's schema, created afresh by every build. */
export const generationMigrations: Readonly<Record<string, Migration>> = {
  '2026-12-04-glossary': postgresGeneration,
};
