import { join } from 'node:path';
import { sql, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateStore, openSqlite } from '../src/db/connection.ts';
import { migrations as glossaryMigrations } from '../src/db/migrations/index.ts';
import { serviceMigrations } from '../src/service/migrations/index.ts';
import { tmMigrations } from '../src/tm/migrations/index.ts';
import { lock } from 'proper-lockfile';
import { tempDir } from './helpers.ts';

// `glossary serve` and `glossary token create` may open a new service store at the same
// moment: two migrators on one new file. Here in one process, their steps interleaved at
// every await (without the lock both fail or one does: "table token already exists").
describe('two processes creating one store at once', () => {
  for (const [what, set] of [['service', serviceMigrations], ['translation memory', tmMigrations], ['glossary', glossaryMigrations]] as [string, Readonly<Record<string, Migration>>][]) {
    it(`both bring the ${what} store up to date, each migration run once`, async () => {
      const path = join(tempDir(), 'store.db');
      const a = openSqlite(path);
      const b = openSqlite(path);
      const results = await Promise.allSettled([migrateStore(path, a, set), migrateStore(path, b, set)]);
      expect(results.map((r) => (r.status === 'fulfilled' ? 'ok' : String(r.reason)))).toEqual(['ok', 'ok']);
      const ran = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(a);
      expect(ran.rows.map((r) => r.name)).toEqual(Object.keys(set).sort());
      await Promise.all([a.destroy(), b.destroy()]);
    });
  }
});

// An open that finds the schema current reads that in one query and neither takes the
// lock file nor runs the migrator (every CLI command opens the service store).
describe('opening a store whose schema is current', () => {
  it('neither waits for nor takes the migration lock', async () => {
    const path = join(tempDir(), 'service.db');
    const first = openSqlite(path);
    await migrateStore(path, first, serviceMigrations);
    await first.destroy();
    // Another process holds the lock (as while it migrates a store): a current store opens at once all the same.
    const release = await lock(path, { realpath: false, lockfilePath: `${path}.migrating` });
    try {
      const db = openSqlite(path);
      const started = Date.now();
      await expect(migrateStore(path, db, serviceMigrations)).resolves.toEqual([]);
      // The lock's retries would wait up to 300 times 10-200 ms, and then fail.
      expect(Date.now() - started).toBeLessThan(2_000);
      await db.destroy();
    } finally {
      await release();
    }
  });

  it('runs the migrations a store lacks, under the lock', async () => {
    const path = join(tempDir(), 'service.db');
    const names = Object.keys(serviceMigrations).sort();
    const older = Object.fromEntries(names.slice(0, -1).map((n) => [n, serviceMigrations[n]!]));
    const db = openSqlite(path);
    await migrateStore(path, db, older);
    await expect(migrateStore(path, db, serviceMigrations)).resolves.toEqual([names.at(-1)]);
    await db.destroy();
  });

  it('refuses a store a newer version migrated, as the migrator does', async () => {
    const path = join(tempDir(), 'service.db');
    const db = openSqlite(path);
    const newer: Record<string, Migration> = { ...serviceMigrations, '9999-12-31-from-a-newer-version': { up: async () => {} } };
    await migrateStore(path, db, newer);
    await expect(migrateStore(path, db, serviceMigrations)).rejects.toThrow(/9999-12-31-from-a-newer-version/);
    await db.destroy();
  });
});
