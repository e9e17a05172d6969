import { join } from 'node:path';
import { sql, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateStore, openSqlite } from '../src/db/connection.ts';
import { migrations as glossaryMigrations } from '../src/db/migrations/index.ts';
import { serviceMigrations } from '../src/service/migrations/index.ts';
import { tmMigrations } from '../src/tm/migrations/index.ts';
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
