import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateGlossary } from '../scripts/generate-glossary.ts';
import { readGlossaryRows } from '../src/db/glossary-repository.ts';
import { glossarySource, type GlossarySource } from '../src/db/glossary-source.ts';
import { buildGlossary, buildIfStale } from '../src/glossary/build.ts';
import { GlossaryInvalid } from '../src/glossary/glossary-error.ts';
import { GlossaryKeeper } from '../src/service/glossary-keeper.ts';
import { ensureStore } from '../src/cli/ensure-store.ts';
import { openService } from '../src/service/service-store.ts';
import { GlossarySnapshot } from '../src/snapshot.ts';
import { canonicalize } from '../src/canonicalize.ts';
import { fixtureGlossaryDir, ROOT, SEEDS, target, tempDir } from './helpers.ts';
import { freshDatabase, SERVICE_DIALECTS } from './postgres.ts';

const BIN = join(ROOT, 'scripts/glossary.cjs');

/** The current build of the store at location, loaded as the service loads it; its identity and snapshot. */
async function loadCurrent(location: string): Promise<{ build: string; snapshot: GlossarySnapshot; rows: Awaited<ReturnType<typeof readGlossaryRows>> }> {
  const source = await glossarySource(location);
  try {
    const opened = await source.open();
    try {
      return { build: opened.build, snapshot: await GlossarySnapshot.load(opened.db), rows: await readGlossaryRows(opened.db) };
    } finally {
      await opened.close();
    }
  } finally {
    await source.close();
  }
}

// The same tests for a store file (GLOSSARY_DB) and for generations in PostgreSQL
// (DATABASE_URL), as Kysely tests its dialects.
describe.each(SERVICE_DIALECTS)('the glossary store in %s', (dialect) => {
  const database = dialect === 'postgres' ? freshDatabase() : undefined;
  let location: string;
  let dir: string;

  beforeAll(async () => {
    dir = fixtureGlossaryDir(false);
    location = database ? database.url : join(tempDir(), 'glossary.db');
    await buildGlossary(dir, location);
  });

  it('serves what was built: lookup, canonicalize and the rows as written', async () => {
    const { snapshot, rows } = await loadCurrent(location);
    expect(snapshot.lookupEntries('輝達', 1)[0]?.entry.id).toBe('nvidia');
    expect(snapshot.lookupEntries('huida', 3).map((r) => r.entry.id)).toContain('nvidia');
    expect(canonicalize(snapshot, '川普会见了黄仁勋', { target: target('zh-CN') }).text).toBe('特朗普会见了黄仁勋');
    // Rows come back in the order the build wrote them (rowid), entries in id order by code unit.
    const ids = rows.entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const nvidia = rows.names.filter((n) => n.entityId === 'nvidia').map((n) => n.text);
    expect(nvidia.slice(0, 2)).toEqual(['英伟达', '輝達']);
  });

  it('refuses an invalid glossary with file:line and keeps the build in use whole', async () => {
    const before = await loadCurrent(location);
    const broken = fixtureGlossaryDir(false);
    appendFileSync(join(broken, 'terms.yaml'), '\n- id: nvidia\n  kind: term\n  names: { zh-CN: 重复的编号 }\n');
    const error = await buildGlossary(broken, location).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GlossaryInvalid);
    expect((error as GlossaryInvalid).errors.map((e) => `${e.file}:${e.line}`).join(' ')).toMatch(/terms\.yaml:\d+/);
    const after = await loadCurrent(location);
    expect(after.build).toBe(before.build);
    expect(after.rows.entries.length).toBe(before.rows.entries.length);
  });

  it('builds at a start only when stale: a file, when the glossary changed; PostgreSQL, only by `glossary build`', async () => {
    const { build } = await loadCurrent(location);
    expect(await buildIfStale(dir, location)).toBeUndefined();
    expect((await loadCurrent(location)).build).toBe(build);
    await new Promise((r) => setTimeout(r, 20));
    appendFileSync(join(dir, 'terms.yaml'), '\n- id: stale-check-term\n  kind: term\n  names: { zh-CN: 过期检查词 }\n');
    const report = await buildIfStale(dir, location);
    if (dialect === 'sqlite') {
      // A file written after the build makes it stale.
      expect(report?.entities).toBe((await loadCurrent(location)).rows.entries.length);
    } else {
      // Replicas share the build: one replica's checkout, newer or older, does not replace it unasked.
      expect(report).toBeUndefined();
      await buildGlossary(dir, location);
    }
    expect((await loadCurrent(location)).snapshot.entries.has('stale-check-term')).toBe(true);
  });

  it('is followed by a serving keeper: a new build is picked up without a restart, journal changes still applied', async () => {
    const service = await openService(database ? database.url : join(tempDir(), 'service.db'));
    const keeper = await GlossaryKeeper.watch(location, service);
    try {
      expect((await keeper.create('tester', { id: 'journal-only', kind: 'term', names: { 'zh-CN': '日志词' }, aliases: [] })).ok).toBe(true);
      appendFileSync(join(dir, 'terms.yaml'), '\n- id: rebuilt-term\n  kind: term\n  names: { zh-CN: 重建词, en: rebuilt term }\n');
      // Built without the journal (lastSeq 0): the service applies its change on top.
      await buildGlossary(dir, location, { journal: { changes: [], lastSeq: 0 } });
      let snapshot = keeper.current();
      for (let i = 0; i < 40 && !snapshot.entries.has('rebuilt-term'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        snapshot = keeper.current();
      }
      expect(snapshot.entries.get('rebuilt-term')?.names.en).toBe('rebuilt term');
      expect(snapshot.entries.has('journal-only')).toBe(true);
      // Edits after the switch read the new build's rows.
      expect((await keeper.editAlias('tester', 'rebuilt-term', { add: '重建别名' })).ok).toBe(true);
      expect(canonicalize(keeper.current(), '重建别名', { target: target('en') }).text).toBe('rebuilt term');
    } finally {
      await keeper.close();
      await service.destroy();
    }
  });
});

describe('the glossary store in PostgreSQL: generations', () => {
  const database = freshDatabase();
  let dir: string;
  let admin: pg.Client;

  beforeAll(async () => {
    dir = fixtureGlossaryDir(false);
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(() => admin.end());

  const schemas = async () => (await admin.query<{ nspname: string }>("select nspname from pg_namespace where nspname like 'glossary_build_%' order by nspname")).rows.map((r) => r.nspname);
  const current = async () => (await admin.query<{ schema: string }>('select schema from glossary_build where current')).rows.map((r) => r.schema);

  it('reads the same rows as the SQLite store of the same glossary', async () => {
    await buildGlossary(dir, database.url);
    const file = join(tempDir(), 'glossary.db');
    await buildGlossary(dir, file);
    const [fromPostgres, fromFile] = await Promise.all([loadCurrent(database.url), loadCurrent(file)]);
    expect(fromPostgres.rows.entries).toEqual(fromFile.rows.entries);
    expect(fromPostgres.rows.names).toEqual(fromFile.rows.names);
    expect(fromPostgres.rows.pinyin).toEqual(fromFile.rows.pinyin);
    expect(fromPostgres.rows.lexicon?.digest).toBe(fromFile.rows.lexicon?.digest);
  });

  it('drops the generations no process reads; one a process has open stays until it lets go', async () => {
    await buildGlossary(dir, database.url);
    expect(await schemas()).toEqual(await current());
    const reader = await glossarySource(database.url);
    const held = await reader.open();
    for (let i = 0; i < 2; i++) await buildGlossary(dir, database.url);
    // The reader's generation and the current one.
    expect(await schemas()).toEqual([held.build, ...(await current())].sort());
    expect((await readGlossaryRows(held.db)).entries.some((e) => e.id === 'nvidia')).toBe(true);
    await held.close();
    await reader.close();
    await buildGlossary(dir, database.url);
    expect(await schemas()).toEqual(await current());
  });

  it('is not built over by an older version, which refuses to read it and says why', async () => {
    await admin.query("update glossary_build set migration = '2099-01-01-later' where current");
    expect(await buildIfStale(dir, database.url)).toBeUndefined();
    const source = await glossarySource(database.url);
    try {
      await expect(source.open()).rejects.toThrow(/written by a newer version of this program \(its tables are at 2099-01-01-later, this one knows up to 2026-12-04-glossary\); upgrade this one/);
    } finally {
      await source.close();
      await admin.query("update glossary_build set migration = '2026-12-04-glossary' where current");
    }
  });

  it('serves a start with no glossary folder from the current build (a replica needs none)', async () => {
    expect(await ensureStore({ glossary: join(tempDir(), 'no-such-folder'), db: database.url })).toBe(true);
  });

  it('builds again when the current generation is older than the code (its tables are at an earlier migration)', async () => {
    await admin.query("update glossary_build set migration = '2026-01-01-older' where current");
    const report = await buildIfStale(dir, database.url);
    expect(report).toBeDefined();
    expect((await admin.query('select migration from glossary_build where current')).rows[0].migration).not.toBe('2026-01-01-older');
  });

  it('SIGKILL in the middle of a build: the current generation stays, nothing of the new one is left', async () => {
    const big = join(tempDir(), 'big');
    generateGlossary(big, 20_000, SEEDS, join(ROOT, 'glossary'));
    const before = { current: await current(), schemas: await schemas() };
    const env = { ...process.env, GLOSSARY_DIR: big, DATABASE_URL: database.url };
    const child = spawn(process.execPath, [BIN, 'build'], { env, cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    // Kill once it writes rows into its new schema (inside its transaction, so unseen).
    const writing = async () => (await admin.query("select 1 from pg_stat_activity where query like 'insert into \"glossary_build_%'")).rowCount! > 0;
    let seen = false;
    for (let i = 0; i < 1200 && !(seen = await writing()); i++) await new Promise((r) => setTimeout(r, 25));
    expect(seen).toBe(true);
    child.kill('SIGKILL');
    await exited;
    expect(await current()).toEqual(before.current);
    expect(await schemas()).toEqual(before.schemas);
    const { snapshot } = await loadCurrent(database.url);
    expect(snapshot.entries.has('nvidia')).toBe(true);
  });

});

describe('the glossary store in PostgreSQL: replicas starting together', () => {
  const database = freshDatabase();

  it('build once: the others wait for that build and find it fresh', async () => {
    const dir = fixtureGlossaryDir(false);
    const reports = await Promise.all([0, 1, 2].map(() => buildIfStale(dir, database.url)));
    expect(reports.filter((r) => r !== undefined)).toHaveLength(1);
    expect((await loadCurrent(database.url)).snapshot.entries.has('nvidia')).toBe(true);
  });
});

describe('the glossary store in a PostgreSQL database nothing was built in', () => {
  const database = freshDatabase();

  it('is migrated by `glossary migrate` with the service store and the memory, once', () => {
    const env = { ...process.env, DATABASE_URL: database.url };
    const first = spawnSync(process.execPath, [BIN, 'migrate'], { env, encoding: 'utf8' });
    expect(first.status).toBe(0);
    expect(first.stderr.trim().split('\n')).toEqual([
      'service store (DATABASE_URL): applied 2026-12-04-service',
      'glossary store (DATABASE_URL): applied 2026-12-04-glossary-builds',
      'translation memory (DATABASE_URL): applied 2026-12-04-tm, 2026-12-05-tm-grams',
    ]);
    const again = spawnSync(process.execPath, [BIN, 'migrate'], { env, encoding: 'utf8' });
    expect(again.stderr.trim().split('\n')).toEqual(['service store (DATABASE_URL): up to date', 'glossary store (DATABASE_URL): up to date', 'translation memory (DATABASE_URL): up to date']);
  });

  it('with no glossary folder and nothing built, say so', async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    try {
      expect(await ensureStore({ glossary: join(tempDir(), 'no-such-folder'), db: database.url })).toBe(false);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join('\n')).toMatch(/the glossary folder .*no-such-folder does not exist; set GLOSSARY_DIR/);
  });

  it('tells a reader to build', async () => {
    const source: GlossarySource = await glossarySource(database.url);
    try {
      expect(await source.currentBuild()).toBeUndefined();
      await expect(source.open()).rejects.toThrow(/not built in DATABASE_URL yet; run `glossary build`/);
    } finally {
      await source.close();
    }
  });
});

describe('`glossary migrate` over SQLite files', () => {
  it('migrates the service store and the memory; the glossary store is written whole by builds', () => {
    const data = tempDir();
    const env = { ...process.env, DATABASE_URL: '', SERVICE_DB: join(data, 'service.db'), TM_DB: join(data, 'tm.db'), GLOSSARY_DB: join(data, 'glossary.db') };
    const run = spawnSync(process.execPath, [BIN, 'migrate'], { env, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual([
      `service store (${env.SERVICE_DB}): applied 2026-11-23-service, 2026-11-24-journal-id`,
      `glossary store (${env.GLOSSARY_DB}): written whole by every build; nothing to migrate`,
      `translation memory (${env.TM_DB}): applied 2026-11-23-tm, 2026-11-23-tm-unit-ids, 2026-11-23T04-tm-drop-key`,
    ]);
  });
});
