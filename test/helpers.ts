import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore, type Store } from '../src/db/connection.ts';
import { buildGlossary } from '../src/glossary/build.ts';
import { createApp } from '../src/http/app.ts';
import { parseTarget, type Target } from '../src/locale.ts';
import { GlossarySnapshot } from '../src/snapshot.ts';
import { TranslationMemory } from '../src/tm/translation-memory.ts';
import { GlossaryKeeper } from '../src/service/glossary-keeper.ts';
import { openService, type ServiceStore } from '../src/service/service-store.ts';
import { createToken } from '../src/service/tokens.ts';
import { openTm } from '../src/tm/tm-repository.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const SEEDS = resolve(ROOT, '../shared/seeds');

export function tempDir(prefix = 'glossary-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A copy of the real glossary/ plus test/fixtures/extra.yaml, in a fresh folder: its
 * curated files only, unless withImported (the shipped groups imported from Wikipedia,
 * glossary/wikipedia/, are thousands of entities that most tests would build for nothing).
 */
export function fixtureGlossaryDir(withExtra = true, withImported = false): string {
  const dir = join(tempDir(), 'glossary');
  const imported = join(ROOT, 'glossary', 'wikipedia');
  cpSync(join(ROOT, 'glossary'), dir, { recursive: true, filter: (source) => withImported || !source.startsWith(imported) });
  if (withExtra) cpSync(join(ROOT, 'test/fixtures/extra.yaml'), join(dir, 'zz-test-extra.yaml'));
  return dir;
}

export interface TestStore {
  readonly dir: string;
  readonly dbPath: string;
  readonly db: Store;
  readonly glossary: GlossarySnapshot;
  readonly app: ReturnType<typeof createApp>;
  readonly tm: TranslationMemory;
  readonly tmPath: string;
  readonly keeper: GlossaryKeeper;
  readonly service: ServiceStore;
  /** Headers that authorize a write, as the token "tester". */
  readonly auth: Record<string, string>;
}

/**
 * Build a real SQLite store from the fixture glossary (plus files, by name: their text)
 * and load the app over it; the service store is a new SQLite file, or serviceStore
 * (a PostgreSQL URL: see test/postgres.ts).
 */
export async function buildTestStore(withExtra = true, files: Record<string, string> = {}, serviceStore = join(tempDir(), 'service.db')): Promise<TestStore> {
  const dir = fixtureGlossaryDir(withExtra);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const dbPath = join(tempDir(), 'glossary.db');
  await buildGlossary(dir, dbPath);
  const db = openStore(dbPath, { readonly: true });
  const glossary = await GlossarySnapshot.load(db);
  const service = await openService(serviceStore);
  const keeper = await GlossaryKeeper.open(db, service);
  const token = (await createToken(service, 'tester'))!;
  const tmPath = join(tempDir(), 'tm.db');
  const tm = await TranslationMemory.open(await openTm(tmPath), glossary);
  // As the service does: units another process writes reach lookups without a request to prompt it.
  tm.followOtherWriters();
  keeper.onChange((snapshot) => void tm.useGlossary(snapshot));
  const app = createApp({ glossary: () => keeper.current(), keeper, service, tm });
  return { dir, dbPath, db, glossary, tm, tmPath, keeper, service, auth: { authorization: `Bearer ${token}` }, app };
}

export function target(tag: string): Target {
  const t = parseTarget(tag);
  if (!t) throw new Error(`bad target in test: ${tag}`);
  return t;
}

export function seedFiles(): string[] {
  return readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort().map((f) => join(SEEDS, f));
}

/**
 * A TMX file of these <tu> elements, one per line from line 4 (so an import's
 * rejections name lines 4, 5, ...); version 1.1 lets control characters in as references.
 */
export function writeTmxUnits(units: readonly string[], version: '1.0' | '1.1' = '1.0'): string {
  const path = join(tempDir(), 'units.tmx');
  writeFileSync(
    path,
    `<?xml version="${version}" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" o-tmf="t" adminlang="en" creationtool="t" creationtoolversion="1"/>
<body>
${units.join('\n')}
</body></tmx>
`,
  );
  return path;
}
