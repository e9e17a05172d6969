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

/**
 * Is this error PostgreSQL (or the way to it) being unavailable, rather than a query
 * that is wrong: the server restarting or shutting down, a refused or broken
 * connection, a pool that could not connect in time. Requests that meet one get 503
 * with Retry-After, not 500.
 */
export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  // 57P01-57P03: admin shutdown, crash shutdown, cannot connect now; 08xxx: connection exceptions.
  if (/^(57P0[123]|08\d\d\d)$/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/.test(message);
}
