import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import { migrateStore, openSqlite } from '../db/connection.ts';
import { serviceMigrations } from './migrations/index.ts';
import type { ServiceDatabase } from './service-schema.ts';

export type ServiceStore = Kysely<ServiceDatabase>;

/** The service's own store: API tokens and the journal of changes made through the service. */
export async function openService(path: string): Promise<ServiceStore> {
  mkdirSync(dirname(path), { recursive: true });
  const db = openSqlite<ServiceDatabase>(path);
  // The service and CLI processes take turns at the journal's write lock. A writer that
  // finds it taken waits for it (better-sqlite3's default busy timeout, 5 s) rather than
  // failing at once; the wait is synchronous, so while a CLI holds the lock the service's
  // main thread stalls on its next write. Every holder keeps it short: a write holds it
  // for the check, the insert and the commit only (validation runs before), export
  // --format yaml for one UPDATE. Measured (scripts/bench-journal-lock.ts, a loaded
  // 2-core machine): 206 CLI writes held it 3.1 ms median, 8.0 ms at most; a process
  // taking the lock meanwhile waited under 10 ms in most commands and 42 ms at worst (a
  // holder descheduled mid-hold), so no CLI path needs to give the lock up sooner.
  try {
    await migrateStore(path, db, serviceMigrations);
  } catch (error) {
    await db.destroy();
    throw error;
  }
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
