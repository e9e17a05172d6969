// The machine's PostgreSQL server (scripts/postgres-admin.ts, started by .ci/run), for tests
// that keep a store in it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { adminQuery, databaseUrl } from '../scripts/postgres-admin.ts';

/** The service stores a test suite runs against: the same tests for each (as Kysely tests its dialects). */
export const SERVICE_DIALECTS = ['sqlite', 'postgres'] as const;

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
  let created = false;
  beforeAll(async () => {
    await adminQuery(`create database ${name}`);
    created = true;
  });
  afterAll(async () => {
    if (created) await adminQuery(`drop database if exists ${name} with (force)`);
  });
  return {
    get url() {
      if (!created) throw new Error('freshDatabase: the database is made in beforeAll; read url in a test or a later hook');
      return databaseUrl(name);
    },
  };
}
