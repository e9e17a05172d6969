import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest, openSqlite } from '../db/connection.ts';
import { serviceMigrations } from './migrations/index.ts';
import type { ServiceDatabase } from './service-schema.ts';

export type ServiceStore = Kysely<ServiceDatabase>;

/** The service's own store: API tokens and the journal of changes made through the service. */
export async function openService(path: string): Promise<ServiceStore> {
  mkdirSync(dirname(path), { recursive: true });
  const db = openSqlite<ServiceDatabase>(path);
  // The service and CLI processes take turns at the journal's write lock (held for a
  // check and an insert, milliseconds): a writer that finds it taken waits up to 5 s
  // for it rather than failing at once.
  await sql`pragma busy_timeout = 5000`.execute(db);
  await migrateToLatest(db, serviceMigrations);
  return db;
}

/** Open the service store at path for one piece of work, and close it after, whatever happens. */
export async function withServiceStore<T>(path: string, use: (service: ServiceStore) => Promise<T>): Promise<T> {
  const service = await openService(path);
  try {
    return await use(service);
  } finally {
    await service.destroy();
  }
}
