import type { Migration } from 'kysely';
import * as service from './2026-11-23-service.ts';
import * as journalId from './2026-11-24-journal-id.ts';

/** The service store's migrations, in order. */
export const serviceMigrations: Readonly<Record<string, Migration>> = {
  '2026-11-23-service': service,
  '2026-11-24-journal-id': journalId,
};
