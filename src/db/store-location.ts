import { existsSync } from 'node:fs';
import { PostgresAdapter, type Kysely } from 'kysely';

// Apart from postgres.ts, so that commands that only ask where a store is do not load the pg driver.

/** Is this store location a PostgreSQL connection URL (DATABASE_URL) rather than a file? */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Is there a service store at location? A PostgreSQL database always has one (opening it migrates). */
export function serviceStoreExists(location: string | undefined): location is string {
  return location !== undefined && (isPostgresUrl(location) || existsSync(location));
}

/** Does this Kysely instance talk to PostgreSQL (else SQLite)? Where the two need different SQL. */
export function isPostgres<DB>(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
