// Apart from postgres.ts: the HTTP app asks it of any error without loading the pg driver.

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
