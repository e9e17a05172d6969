import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import { migrateStore, migrateToLatest, openSqlite } from '../db/connection.ts';
import { isPostgresUrl } from '../db/store-location.ts';
import { serviceMigrations, servicePostgresMigrations } from './migrations/index.ts';
import type { ServiceDatabase } from './service-schema.ts';

export type ServiceStore = Kysely<ServiceDatabase>;

/**
 * The service's own store: API tokens and the journal of changes made through the
 * service. `location` is a SQLite file (SERVICE_DB) or a PostgreSQL URL
 * (DATABASE_URL), which replicas of the service share. Migrated on open; `migrated`
 * receives the migrations that ran.
 */
export async function openService(location: string, migrated?: (names: string[]) => void): Promise<ServiceStore> {
  if (isPostgresUrl(location)) {
    const { openPostgres } = await import('../db/postgres.ts');
    const db = openPostgres<ServiceDatabase>(location);
    try {
      // Kysely's migrator locks PostgreSQL itself (an advisory lock): replicas starting together migrate once.
      const ran = await migrateToLatest(db, servicePostgresMigrations, { migrationTableName: 'service_migration', migrationLockTableName: 'service_migration_lock' });
      migrated?.(ran);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return db;
  }
  mkdirSync(dirname(location), { recursive: true });
  const db = openSqlite<ServiceDatabase>(location);
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
    const ran = await migrateStore(location, db, serviceMigrations);
    migrated?.(ran);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/** Open the service store at location for one piece of work, and close it after, whatever happens. */
export async function withServiceStore<T>(location: string, use: (service: ServiceStore) => Promise<T>): Promise<T> {
  const service = await openService(location);
  try {
    return await use(service);
  } finally {
    await service.destroy();
  }
}
