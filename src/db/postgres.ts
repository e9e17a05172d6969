import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';

/**
 * A PostgreSQL database through Kysely (the `pg` driver's pool). When the server
 * restarts, its connections fail, idle or in use: the pool drops them and opens new
 * ones for the next queries, and the failure never ends the process.
 */
export function openPostgres<DB>(url: string, options: { readonly max?: number } = {}): Kysely<DB> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 8, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  pool.on('error', (error) => console.error(`database: an idle connection failed (${error.message}); the next query opens a new one`));
  // The pool listens to its idle connections only: one in use when the server goes away
  // emits 'error' with no listener, which ends the process (the crash test met it). Its
  // query fails on its own (503 to the request); the pool drops the connection on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
