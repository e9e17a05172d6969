import pg from 'pg';

const ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/**
 * Run use with the URL of a new, empty PostgreSQL database on the machine's server
 * (PG_ADMIN_URL overrides where), dropped afterwards whatever happens.
 */
export async function withBenchDatabase<T>(use: (url: string) => Promise<T>): Promise<T> {
  const name = `glossary_bench_${process.pid}_${Date.now()}`;
  await admin(`create database ${name}`);
  try {
    return await use(Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString());
  } finally {
    await admin(`drop database if exists ${name} with (force)`);
  }
}
