// The lookup index the build stores beside the rows: used as it is by every process
// that loads the store (the CLI's lookup reads nothing else), so it must answer
// exactly as the index compiled from the rows, and a stale or damaged one must be
// refused with the reason and never used.
import { execFile } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactRefused } from '../src/binary-artifact.ts';
import { readArtifact } from '../src/db/artifact-repository.ts';
import { openStore, type Store } from '../src/db/connection.ts';
import { readGlossaryRows, readMeta } from '../src/db/glossary-repository.ts';
import { buildGlossary } from '../src/glossary/build.ts';
import { LookupIndex } from '../src/lookup.ts';
import { LOOKUP_ARTIFACT, lookupFromArtifact } from '../src/lookup-artifact.ts';
import { fixtureGlossaryDir, ROOT, tempDir } from './helpers.ts';

const BIN = join(ROOT, 'scripts/glossary.cjs');
let dir: string;
let dbPath: string;
let db: Store;

beforeAll(async () => {
  dir = fixtureGlossaryDir();
  dbPath = join(tempDir(), 'glossary.db');
  await buildGlossary(dir, dbPath);
  db = openStore(dbPath, { readonly: true });
});
afterAll(() => db.destroy());

async function stamp() {
  const meta = await readMeta(db);
  return { builtAt: meta.built_at!, entities: Number(meta.entities) };
}

/** Queries of every kind: each name, its prefixes and typos, each pinyin and its initials. */
async function queries(): Promise<string[]> {
  const rows = await readGlossaryRows(db);
  const out = new Set(['huida', 'hui da', 'Nvdia', 'nvidai', 'ying wei da', '台积', 'tsmc', ' 輝達 ', 'x', '']);
  for (const n of rows.names) {
    out.add(n.text);
    out.add(n.text.toUpperCase());
    out.add(n.text.slice(0, 1));
    out.add(n.text.slice(0, 2));
    out.add(n.text.slice(1));
    if (n.text.length > 3) out.add(n.text.slice(0, 1) + n.text.slice(2));
  }
  for (const p of rows.pinyin) for (const q of [p.syllables, p.key, p.initials, p.key.slice(0, 3)]) out.add(q);
  return [...out];
}

describe('the stored lookup index', () => {
  it('answers every kind of query exactly as the index compiled from the rows', async () => {
    const rows = await readGlossaryRows(db);
    const compiled = LookupIndex.compile(rows.names, rows.pinyin);
    const stored = lookupFromArtifact((await readArtifact(db, LOOKUP_ARTIFACT))!, await stamp());
    const all = await queries();
    expect(all.length).toBeGreaterThan(2000);
    let answered = 0;
    for (const q of all) {
      const expected = compiled.lookup(q, 10);
      expect(stored.lookup(q, 10), q).toEqual(expected);
      if (expected.length > 0) answered++;
    }
    expect(answered).toBeGreaterThan(1000);
    // Hand-checked answers, so that both cannot be wrong alike.
    expect(stored.lookup('輝達', 3)[0]).toEqual({ entityId: 'nvidia', matched: '輝達', how: 'exact', score: 1 });
    expect(stored.lookup('辉达', 3)[0]).toMatchObject({ entityId: 'nvidia', how: 'exact' });
    expect(stored.lookup('hui da', 3)[0]).toMatchObject({ entityId: 'nvidia', how: 'pinyin', score: 0.9 });
    expect(stored.lookup('Nvdia', 3)[0]).toMatchObject({ entityId: 'nvidia', how: 'fuzzy' });
  });

  it('is refused when it belongs to another build of the glossary', async () => {
    const bytes = (await readArtifact(db, LOOKUP_ARTIFACT))!;
    const { builtAt, entities } = await stamp();
    expect(() => lookupFromArtifact(bytes, { builtAt: '2020-01-01T00:00:00.000Z', entities })).toThrow(ArtifactRefused);
    expect(() => lookupFromArtifact(bytes, { builtAt, entities: entities + 1 })).toThrow(`built for another build of the glossary (${builtAt}, ${entities} entities; the store is ${builtAt}, ${entities + 1})`);
  });

  it('is refused when damaged', async () => {
    const bytes = Buffer.from((await readArtifact(db, LOOKUP_ARTIFACT))!);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0x10;
    expect(() => lookupFromArtifact(bytes, { builtAt: '', entities: 0 })).toThrow('checksum mismatch');
    expect(() => lookupFromArtifact(bytes.subarray(0, 100), { builtAt: '', entities: 0 })).toThrow(ArtifactRefused);
  });
});

describe('glossary lookup with a damaged or missing stored index', () => {
  /** A copy of the store with its artifact row changed by change. */
  function damagedStore(change: (sqlite: SQLite.Database) => void): string {
    const copy = join(tempDir(), 'glossary.db');
    copyFileSync(dbPath, copy);
    const sqlite = new SQLite(copy);
    change(sqlite);
    sqlite.close();
    return copy;
  }

  function lookup(store: string, query: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = { ...process.env, GLOSSARY_DIR: dir, GLOSSARY_DB: store, SERVICE_DB: join(tempDir(), 'service.db'), TM_DB: join(tempDir(), 'tm.db') };
    return new Promise((done) => execFile(process.execPath, [BIN, 'lookup', query], { env }, (error, stdout, stderr) => done({ code: error ? 1 : 0, stdout, stderr })));
  }

  it('answers from the stored index when it is good, saying nothing', async () => {
    const { code, stdout, stderr } = await lookup(dbPath, '輝達');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^nvidia \(org\)  zh-CN 英伟达  zh-TW 輝達 .*\[exact: 輝達, 1\]/);
    expect(stderr).toBe('');
  });

  it('says why it does not use a damaged index, and answers the same from the rows', async () => {
    const store = damagedStore((s) => s.prepare("update artifact set bytes = substr(bytes, 1, length(bytes) - 10) where name = 'lookup'").run());
    const { code, stdout, stderr } = await lookup(store, '輝達');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^nvidia \(org\)  zh-CN 英伟达  zh-TW 輝達 .*\[exact: 輝達, 1\]/);
    expect(stderr).toBe("the glossary store's lookup index is not used: checksum mismatch (truncated or changed); compiling it from the rows (rebuild the store to fix this)\n");
  });

  it('answers from the rows in a store built before stored indexes', async () => {
    const store = damagedStore((s) => s.prepare('drop table artifact').run());
    const { code, stdout, stderr } = await lookup(store, 'hui da');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^nvidia \(org\)/);
    expect(stderr).toBe('');
  });
});
