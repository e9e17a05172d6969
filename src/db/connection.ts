import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { DEFAULT_MIGRATION_TABLE, Kysely, Migrator, SqliteDialect, sql, type Migration } from 'kysely';
import { migrations as glossaryMigrations } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { isPostgresUrl } from './store-location.ts';

export type Store = Kysely<Database>;

export interface OpenOptions {
  readonly readonly?: boolean;
  /**
   * The build writes a whole new file and renames it into place, so it keeps the
   * rollback journal: a WAL file left beside the old name would be replayed into
   * the new database.
   */
  readonly journal?: 'wal' | 'delete';
  /** SQLite's page cache, for files that take large writes. */
  readonly cacheMegabytes?: number;
  /**
   * The page size of a file created here (SQLite's default is 4 KB). The build's
   * store holds artifacts of tens of megabytes: read in 64 KB pages, a start copies
   * them out in a sixteenth of the page steps.
   */
  readonly pageBytes?: number;
}

/** Open the SQLite file at path through Kysely. The file must exist unless writable. */
export function openStore(path: string, options: OpenOptions = {}): Store {
  return openSqlite<Database>(path, options);
}

/** Open any of the project's SQLite files (the glossary, the translation memory). */
export function openSqlite<DB>(path: string, options: OpenOptions = {}): Kysely<DB> {
  const sqlite = new SQLite(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  // Before anything is written: an existing file keeps its page size.
  if (options.pageBytes) sqlite.pragma(`page_size = ${options.pageBytes}`);
  if (!options.readonly) {
    sqlite.pragma(`journal_mode = ${options.journal === 'delete' ? 'DELETE' : 'WAL'}`);
    sqlite.pragma('synchronous = FULL');
  }
  sqlite.pragma('foreign_keys = ON');
  // No memory map for a read-only store: its artifacts are read once, at a start, and
  // every page of them mapped stays in the process's resident set for its lifetime
  // (150 MB of a 100,000-entity service's 490 MB); 64 KB pages read fast enough.
  if (options.cacheMegabytes) sqlite.pragma(`cache_size = -${options.cacheMegabytes * 1024}`);
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** Where a store's migrator records what ran; PostgreSQL stores share one database, so each kind names its own. */
export interface MigrationTables {
  readonly migrationTableName: string;
  readonly migrationLockTableName: string;
}

/** Bring the schema up to date; returns the migrations it ran; throws with the failing migration's error. */
export async function migrateToLatest<DB>(db: Kysely<DB>, migrations: Readonly<Record<string, Migration>> = glossaryMigrations, tables?: MigrationTables): Promise<string[]> {
  const provider = { getMigrations: async () => ({ ...migrations }) };
  const { error, results } = await new Migrator({ db, provider, ...tables }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** A store's migrations for each database it may live in. */
export interface StoreMigrations {
  readonly sqlite: Readonly<Record<string, Migration>>;
  readonly postgres: Readonly<Record<string, Migration>>;
  /** Where PostgreSQL records them (stores share one database there). */
  readonly postgresTables: MigrationTables;
}

/**
 * Open the store at location, schema brought up to date (`migrated` receives the
 * migrations that ran): a PostgreSQL URL (DATABASE_URL), or a SQLite file, created
 * with its folder when missing. A store whose migration fails is closed again.
 */
export async function openMigrated<DB>(location: string, migrations: StoreMigrations, options: OpenOptions = {}, migrated?: (names: string[]) => void): Promise<Kysely<DB>> {
  let db: Kysely<DB>;
  let migrate: () => Promise<string[]>;
  if (isPostgresUrl(location)) {
    const { openPostgres } = await import('./postgres.ts');
    db = openPostgres<DB>(location);
    // Kysely's migrator locks PostgreSQL itself (an advisory lock): replicas starting together migrate once.
    migrate = () => migrateToLatest(db, migrations.postgres, migrations.postgresTables);
  } else {
    mkdirSync(dirname(location), { recursive: true });
    db = openSqlite<DB>(location, options);
    migrate = () => migrateStore(location, db, migrations.sqlite);
  }
  try {
    const ran = await migrate();
    migrated?.(ran);
    return db;
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/**
 * migrateToLatest for a file other processes may open at the same moment (`glossary
 * serve` and `glossary token create` on a new service store): Kysely's Migrator takes
 * no lock on SQLite between reading which migrations ran and running the rest, and
 * SQLite migrations are not one transaction, so two migrators would run the same
 * migration twice and fail half-way. A lock file beside the store (proper-lockfile:
 * released on exit, taken over when its holder died) lets one migrate at a time; the
 * next finds the schema current.
 */
export async function migrateStore<DB>(path: string, db: Kysely<DB>, migrations: Readonly<Record<string, Migration>>): Promise<string[]> {
  // Nearly every open finds the schema current (each CLI command opens the service
  // store): one read says so, without the lock file and the migrator, which cost a
  // command about 5 ms an open.
  if (await ranExactly(db, migrations)) return [];
  // Loaded here: proper-lockfile's graceful-fs patches the fs module when loaded, for every command that opens a store.
  // A CommonJS package: its exports are the default export however it is loaded (Node, esbuild's bundles).
  const { default: lockfile } = await import('proper-lockfile');
  const release = await lockfile.lock(path, {
    realpath: false,
    lockfilePath: `${path}.migrating`,
    // A TM migration rewrites every unit synchronously: a lock this old has lost its holder.
    stale: 60_000,
    retries: { retries: 300, minTimeout: 10, maxTimeout: 200 },
    // Left to proper-lockfile, a lock taken over would throw from a timer and end the process.
    onCompromised: (error) => console.error(`${path}: the migration lock was taken over (${error.message}); migrating on`),
  });
  try {
    return await migrateToLatest(db, migrations);
  } finally {
    await release();
  }
}

/**
 * Has the store run exactly these migrations (recorded where Kysely's migrator records
 * them)? Not when it lacks any, nor when it has one these lack (a newer version's),
 * which the migrator refuses, saying so; false for a new store, with no such table.
 * The migrator records a migration once it has run, so a store another process is
 * migrating is not taken for current. (The migrator's check that they ran in order
 * is not made again: all of them ran.)
 */
async function ranExactly<DB>(db: Kysely<DB>, migrations: Readonly<Record<string, Migration>>): Promise<boolean> {
  let ran: Set<string>;
  try {
    ran = new Set((await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db)).rows.map((r) => r.name));
  } catch {
    return false;
  }
  const names = Object.keys(migrations);
  return ran.size === names.length && names.every((name) => ran.has(name));
}
