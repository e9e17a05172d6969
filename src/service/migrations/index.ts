import type { Migration } from 'kysely';
import * as service from './2026-11-23-service.ts';

/** The service store's migrations, in order. */
export const serviceMigrations: Readonly<Record<string, Migration>> = {
  '2026-11-23-service': service,
};
