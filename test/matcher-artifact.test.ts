// The matcher and the entry table the build stores beside the rows: a process that
// loads the store scans and rewrites with them as they are, so they must answer
// exactly as what is compiled from the rows, and a stale or damaged one must be
// refused with the reason and never used.
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, readCorpus } from '../scripts/precision.ts';
import { ArtifactRefused } from '../src/binary-artifact.ts';
import { canonicalize } from '../src/canonicalize.ts';
import { readArtifact } from '../src/db/artifact-repository.ts';
import { openStore, type Store } from '../src/db/connection.ts';
import { readGlossaryRows, readMeta } from '../src/db/glossary-repository.ts';
import { readStoredLexicon } from '../src/db/lexicon-repository.ts';
import type { PackedLexicon } from '../src/match/lexicon-words.ts';
import { ENTRIES_ARTIFACT, StoredEntries } from '../src/entries.ts';
import { buildGlossary } from '../src/glossary/build.ts';
import { TARGET_TAGS } from '../src/locale.ts';
import { MATCHER_ARTIFACT, MATCHER_TRIE_ARTIFACT, matcherFromArtifacts } from '../src/matcher-artifact.ts';
import { GlossarySnapshot } from '../src/snapshot.ts';
import { fixtureGlossaryDir, ROOT, seedFiles, target, tempDir } from './helpers.ts';

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

/** The stored matcher's artifacts read back, either of them replaced. */
async function readMatcher(stamp: { builtAt: string; entities: number }, lexicon: PackedLexicon | undefined, replace: { core?: Buffer; trie?: Buffer } = {}) {
  const core = replace.core ?? (await readArtifact(db, MATCHER_ARTIFACT))!;
  const trie = replace.trie ?? (await readArtifact(db, MATCHER_TRIE_ARTIFACT))!;
  return matcherFromArtifacts(core, trie, stamp, lexicon);
}

async function stamp() {
  const meta = await readMeta(db);
  return { builtAt: meta.built_at!, entities: Number(meta.entities) };
}

/** Expects got to rewrite each text to every target exactly as expected does (text and mentions); returns the mentions seen. */
function sameRewrites(expected: GlossarySnapshot, got: GlossarySnapshot, texts: readonly string[]): number {
  let mentions = 0;
  for (const tag of TARGET_TAGS) {
    for (const text of texts) {
      const want = canonicalize(expected, text, { target: target(tag) });
      const have = canonicalize(got, text, { target: target(tag) });
      expect(have.text, `${tag}: ${text.slice(0, 40)}`).toBe(want.text);
      expect(have.mentions).toEqual(want.mentions);
      mentions += have.mentionCount;
    }
  }
  return mentions;
}

/** Texts of every kind the product meets: the seeds and the precision corpus's passages. */
async function texts(): Promise<string[]> {
  const ids = new Set((await readGlossaryRows(db)).entries.map((e) => e.id));
  const { passages } = readCorpus(readFileSync(CORPUS, 'utf8'), ids);
  return [...seedFiles().map((f) => readFileSync(f, 'utf8')), ...passages.map((p) => p.text)];
}

describe('the stored matcher and entries', () => {
  it('rewrite every text to every target exactly as the glossary compiled from the rows', async () => {
    const stored = await GlossarySnapshot.load(db);
    const compiled = GlossarySnapshot.fromRows(await readGlossaryRows(db));
    // Loaded from the artifacts, not from the rows.
    expect(stored.entries).toBeInstanceOf(StoredEntries);
    const all = await texts();
    expect(all.length).toBeGreaterThan(150);
    expect(sameRewrites(compiled, stored, all)).toBeGreaterThan(5000);
    // Hand-checked, so that both cannot be wrong alike.
    expect(canonicalize(stored, '辉达发布新芯片', { target: target('zh-TW') }).text).toBe('輝達发布新晶片');
  });

  it('hold every entry as the rows do, in id order', async () => {
    const rows = await readGlossaryRows(db);
    const entries = StoredEntries.fromArtifact((await readArtifact(db, ENTRIES_ARTIFACT))!, await stamp());
    expect(entries.size).toBe(rows.entries.length);
    expect([...entries.values()]).toEqual(rows.entries);
    expect(entries.get('nvidia')!.names['zh-TW']).toBe('輝達');
    expect(entries.get('no-such-entity')).toBeUndefined();
    // after: the position past an id, present or not.
    const ids = rows.entries.map((e) => e.id);
    expect(entries.after(ids[0]!)).toBe(1);
    expect(entries.after('')).toBe(0);
    expect(entries.after(`${ids[3]!}-`)).toBe(ids.filter((id) => id <= `${ids[3]!}-`).length);
  });

  it('are refused when they belong to another build, or the guards to another lexicon', async () => {
    const lexicon = await readStoredLexicon(db);
    const { builtAt, entities } = await stamp();
    await expect(readMatcher({ builtAt, entities }, lexicon)).resolves.toBeDefined();
    await expect(readMatcher({ builtAt, entities: entities + 1 }, lexicon)).rejects.toThrow(`built for another build of the glossary (${builtAt}, ${entities} entities; the store is ${builtAt}, ${entities + 1})`);
    await expect(readMatcher({ builtAt, entities }, { ...lexicon!, digest: 'f'.repeat(40) })).rejects.toThrow(/^compiled with another lexicon \(\w{40}; the store has f{40}\)$/);
    await expect(readMatcher({ builtAt, entities }, undefined)).rejects.toThrow(ArtifactRefused);
    const entryBytes = (await readArtifact(db, ENTRIES_ARTIFACT))!;
    expect(() => StoredEntries.fromArtifact(entryBytes, { builtAt: '2020-01-01T00:00:00.000Z', entities })).toThrow(ArtifactRefused);
  });

  it('are refused when damaged', async () => {
    const lexicon = await readStoredLexicon(db);
    const good = await stamp();
    for (const name of [MATCHER_ARTIFACT, MATCHER_TRIE_ARTIFACT, ENTRIES_ARTIFACT]) {
      const bytes = Buffer.from((await readArtifact(db, name))!);
      bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0x01;
      const read = async (b: Buffer) => (name === ENTRIES_ARTIFACT ? StoredEntries.fromArtifact(b, good) : readMatcher(good, lexicon, name === MATCHER_ARTIFACT ? { core: b } : { trie: b }));
      await expect(read(bytes), name).rejects.toThrow('checksum mismatch');
      await expect(read(bytes.subarray(0, bytes.length - 8)), name).rejects.toThrow(ArtifactRefused);
    }
  });
});

describe('a glossary loaded for some texts only (GlossarySnapshot.forTexts)', () => {
  it('rewrites each of its texts to every target exactly as the whole glossary, reading only their names', async () => {
    const whole = await GlossarySnapshot.load(db);
    const all = await texts();
    // Each text alone, as `glossary canonicalize` of one short file loads it, and several at once.
    const batches = [...all.map((t) => [t]), all.slice(0, 40)];
    let mentions = 0;
    for (const batch of batches) {
      const part = (await GlossarySnapshot.forTexts(db, batch, whole.convert))!;
      expect(part.entries.size).toBeLessThan(whole.entries.size);
      mentions += sameRewrites(whole, part, batch);
    }
    expect(mentions).toBeGreaterThan(5000);
  });

  it('refuses to scan any other text, and has no lookup index', async () => {
    const part = (await GlossarySnapshot.forTexts(db, ['辉达发布新芯片']))!;
    expect(canonicalize(part, '辉达发布新芯片', { target: target('zh-TW') }).text).toBe('輝達发布新晶片');
    expect(() => canonicalize(part, '特朗普', { target: target('zh-TW') })).toThrow('compiled for other texts');
    expect(() => part.lookupEntries('NVIDIA', 1)).toThrow('no lookup index');
  });
});

describe('glossary canonicalize with a damaged stored matcher', () => {
  function damagedStore(change: (sqlite: SQLite.Database) => void): string {
    const copy = join(tempDir(), 'glossary.db');
    copyFileSync(dbPath, copy);
    const sqlite = new SQLite(copy);
    change(sqlite);
    sqlite.close();
    return copy;
  }

  function canonicalizeCli(store: string, text: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const input = join(tempDir(), 'input.txt');
    writeFileSync(input, text);
    const env = { ...process.env, GLOSSARY_DIR: dir, GLOSSARY_DB: store, SERVICE_DB: join(tempDir(), 'service.db'), TM_DB: join(tempDir(), 'tm.db') };
    return new Promise((done) => execFile(process.execPath, [BIN, 'canonicalize', '--to', 'zh-TW', input], { env }, (error, stdout, stderr) => done({ code: error ? 1 : 0, stdout, stderr })));
  }

  it('says why it does not use it, and rewrites the same from the rows', async () => {
    const sentence = '四川普通话里没有川普。辉达发布新芯片。';
    // A short input reads the matcher without its trie; a long one reads all of it, and the entry table.
    const long = sentence.repeat(1000);
    const good = await canonicalizeCli(dbPath, sentence);
    expect(good).toEqual({ code: 0, stdout: '四川普通话里没有川普。輝達发布新晶片。', stderr: '' });
    const goodLong = await canonicalizeCli(dbPath, long);
    expect(goodLong).toEqual({ code: 0, stdout: good.stdout.repeat(1000), stderr: '' });
    const cases = [
      { name: MATCHER_ARTIFACT, what: 'compiled matcher', text: sentence, expected: good.stdout },
      { name: MATCHER_ARTIFACT, what: 'compiled matcher', text: long, expected: goodLong.stdout },
      { name: MATCHER_TRIE_ARTIFACT, what: 'compiled matcher', text: long, expected: goodLong.stdout },
      { name: ENTRIES_ARTIFACT, what: 'entry table', text: long, expected: goodLong.stdout },
    ];
    for (const { name, what, text, expected } of cases) {
      const store = damagedStore((s) => s.prepare(`update artifact set bytes = substr(bytes, 1, length(bytes) - 10) where name = '${name}'`).run());
      const { code, stdout, stderr } = await canonicalizeCli(store, text);
      expect({ code, stdout }, name).toEqual({ code: 0, stdout: expected });
      expect(stderr).toBe(`the glossary store's ${what} is not used: checksum mismatch (truncated or changed); compiling it from the rows (rebuild the store to fix this)\n`);
    }
    // The trie is not read for a short input: a damaged one is neither used nor reported.
    const store = damagedStore((s) => s.prepare(`update artifact set bytes = substr(bytes, 1, length(bytes) - 10) where name = '${MATCHER_TRIE_ARTIFACT}'`).run());
    expect(await canonicalizeCli(store, sentence)).toEqual(good);
  });
});
