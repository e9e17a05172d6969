import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

/**
 * The PostgreSQL server tests use (the machine's, started by .ci/run): a database on it
 * that tests may create others from. PG_ADMIN_URL overrides it.
 */
const ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The service stores a test suite runs against: the same tests for each (as Kysely tests its dialects). */
export const SERVICE_DIALECTS = ['sqlite', 'postgres'] as const;
export type ServiceDialect = (typeof SERVICE_DIALECTS)[number];

async function admin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database of its own for the enclosing describe block: created before
 * its tests, dropped after them (connections still open to it are ended then). Call
 * it in the describe callback; read `url` in the tests and hooks that follow.
 *
 *   const database = freshDatabase();
 *   beforeAll(async () => { service = await openService(database.url); });
 */
export function freshDatabase(): { readonly url: string } {
  const name = `glossary_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  let created = false;
  beforeAll(async () => {
    await admin((client) => client.query(`create database ${name}`));
    created = true;
  });
  afterAll(async () => {
    if (created) await admin((client) => client.query(`drop database if exists ${name} with (force)`));
  });
  return {
    get url() {
      if (!created) throw new Error('freshDatabase: the database is made in beforeAll; read url in a test or a later hook');
      return url.toString();
    },
  };
}
