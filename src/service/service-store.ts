import type { Kysely } from 'kysely';
import { openMigrated, type StoreMigrations } from '../db/connection.ts';
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
  // In SQLite, the service and CLI processes take turns at the journal's write lock. A
  // writer that finds it taken waits for it (better-sqlite3's default busy timeout, 5 s)
  // rather than failing at once; the wait is synchronous, so while a CLI holds the lock
  // the service's main thread stalls on its next write. Every holder keeps it short: a
  // write holds it for the check, the insert and the commit only (validation runs
  // before), export --format yaml for one UPDATE. Measured (scripts/bench-journal-lock.ts,
  // a loaded 2-core machine): 206 CLI writes held it 3.1 ms median, 8.0 ms at most; a
  // process taking the lock meanwhile waited under 10 ms in most commands and 42 ms at
  // worst (a holder descheduled mid-hold), so no CLI path needs to give the lock up sooner.
  return openMigrated<ServiceDatabase>(location, SERVICE_MIGRATIONS, {}, migrated);
}

const SERVICE_MIGRATIONS: StoreMigrations = {
  sqlite: serviceMigrations,
  postgres: servicePostgresMigrations,
  postgresTables: { migrationTableName: 'service_migration', migrationLockTableName: 'service_migration_lock' },
};

/** Open the service store at location for one piece of work, and close it after, whatever happens. */
export async function withServiceStore<T>(location: string, use: (service: ServiceStore) => Promise<T>): Promise<T> {
  const service = await openService(location);
  try {
    return await use(service);
  } finally {
    await service.destroy();
  }
}
