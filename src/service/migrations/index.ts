import type { Migration } from 'kysely';
import * as service from './2026-11-23-service.ts';
import * as journalId from './2026-11-24-journal-id.ts';
import * as postgresService from './postgres/2026-12-04-service.ts';

/** The service store's migrations in SQLite, in order. */
export const serviceMigrations: Readonly<Record<string, Migration>> = {
  '2026-11-23-service': service,
  '2026-11-24-journal-id': journalId,
};

/** The same store's migrations in PostgreSQL (DATABASE_URL), in order. */
export const servicePostgresMigrations: Readonly<Record<string, Migration>> = {
  '2026-12-04-service': postgresService,
};
