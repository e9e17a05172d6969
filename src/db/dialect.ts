import { PostgresAdapter, type Kysely } from 'kysely';

/** Does this Kysely instance talk to PostgreSQL (else SQLite)? Where the two need different SQL. */
export function isPostgres<DB>(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
