// An artifact over SQLite's value limit is stored in parts (a 1,000,000-entity build's
// are): read back joined, and a part lost is refused like a cut artifact, never used.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readArtifact, writeArtifact } from '../src/db/artifact-repository.ts';
import { openStore, type Store } from '../src/db/connection.ts';
import { ENTRIES_ARTIFACT, readStoredEntries } from '../src/entries.ts';
import { buildGlossary } from '../src/glossary/build.ts';
import { fixtureGlossaryDir, tempDir } from './helpers.ts';

let db: Store;
let whole: Buffer;
beforeAll(async () => {
  const dbPath = join(tempDir(), 'glossary.db');
  await buildGlossary(fixtureGlossaryDir(), dbPath);
  db = openStore(dbPath);
  whole = (await readArtifact(db, ENTRIES_ARTIFACT))!;
});
afterAll(() => db.destroy());

async function rows(): Promise<string[]> {
  return (await db.selectFrom('artifact').select('name').where('name', 'like', `${ENTRIES_ARTIFACT}%`).execute()).map((r) => r.name).sort();
}

describe('an artifact stored in parts', () => {
  it('is written as rows name, name#1, ... and read back byte for byte', async () => {
    await writeArtifact(db, ENTRIES_ARTIFACT, whole, 1000);
    const names = await rows();
    expect(names).toHaveLength(Math.ceil(whole.length / 1000));
    expect(names).toContain(`${ENTRIES_ARTIFACT}#1`);
    expect((await readArtifact(db, ENTRIES_ARTIFACT))!.equals(whole)).toBe(true);
    const entries = await readStoredEntries(db);
    expect(entries?.get('nvidia')?.names['zh-CN']).toBe('英伟达');
  });

  it('is refused, with the reason, when a part is missing', async () => {
    await writeArtifact(db, ENTRIES_ARTIFACT, whole, 1000);
    await db.deleteFrom('artifact').where('name', '=', `${ENTRIES_ARTIFACT}#2`).execute();
    const said = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await readStoredEntries(db)).toBeUndefined();
      expect(said.mock.calls.flat().join(' ')).toMatch(/entry table is not used/);
    } finally {
      said.mockRestore();
    }
  });

  it('written again in one part, leaves no part of the old one behind', async () => {
    await writeArtifact(db, ENTRIES_ARTIFACT, whole, 1000);
    await writeArtifact(db, ENTRIES_ARTIFACT, whole);
    expect(await rows()).toEqual([ENTRIES_ARTIFACT]);
    expect((await readArtifact(db, ENTRIES_ARTIFACT))!.equals(whole)).toBe(true);
  });
});
