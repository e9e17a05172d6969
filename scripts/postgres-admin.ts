// The machine's PostgreSQL server as the tests and benches use it: databases of their
// own, made and dropped through an administrative connection (PG_ADMIN_URL overrides
// where; by default the postgres database on 127.0.0.1:5432, trust authentication).
import pg from 'pg';

const ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Run one statement on the administrative connection (create database, drop database). */
export async function adminQuery(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the same server. */
export function databaseUrl(name: string): string {
  return Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();
}

/** Run use with the URL of a new, empty database, dropped afterwards whatever happens. */
export async function withBenchDatabase<T>(use: (url: string) => Promise<T>): Promise<T> {
  const name = `glossary_bench_${process.pid}_${Date.now()}`;
  await adminQuery(`create database ${name}`);
  try {
    return await use(databaseUrl(name));
  } finally {
    await adminQuery(`drop database if exists ${name} with (force)`);
  }
}
