import type { Migration } from 'kysely';
import * as glossary from './2026-11-22-glossary.ts';
import * as admittedNames from './2026-12-02-admitted-names.ts';
import * as lexicon from './2026-12-02-lexicon.ts';
import * as artifacts from './2026-12-02-artifacts.ts';

/** Every migration of the SQLite store, in order; a static list so bundlers and readers see them all. */
export const migrations: Readonly<Record<string, Migration>> = {
  '2026-11-22-glossary': glossary,
  '2026-12-02-admitted-names': admittedNames,
  '2026-12-02-lexicon': lexicon,
  '2026-12-02-artifacts': artifacts,
};
