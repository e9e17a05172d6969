import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';

/**
 * A PostgreSQL database through Kysely (the `pg` driver's pool). When the server
 * restarts, idle connections fail: the pool drops them and opens new ones for the
 * next queries, so the error is reported here rather than ending the process.
 */
export function openPostgres<DB>(url: string): Kysely<DB> {
  const pool = new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  pool.on('error', (error) => console.error(`database: an idle connection failed (${error.message}); the next query opens a new one`));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
