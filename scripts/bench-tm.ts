import { createWriteStream, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GlossarySnapshot } from '../src/snapshot.ts';
import { TmIndex } from '../src/tm/tm-index.ts';
import { openTm } from '../src/tm/tm-repository.ts';
import { TranslationMemory } from '../src/tm/translation-memory.ts';
import { importTmxFile } from '../src/tm/tmx-import.ts';
import { escapeXml } from '../src/tm/tmx-reader.ts';

/**
 * TM figures: the import rate of a generated TMX file and the p50/p99 latency of
 * fuzzy lookups over it. Units are sentences of the seed articles with entities
 * swapped and characters changed, so many are near neighbours, as in a real memory
 * (more than in one: a hundred sentences make every unit). With postgresUrl, the
 * memory is in that (empty) PostgreSQL database and lookups find their candidates
 * there (no index in memory); else in a SQLite file with the index in memory.
 */
export async function benchTm(glossary: GlossarySnapshot, seedsDir: string, units: number, queries = 300, postgresUrl?: string): Promise<void> {
  const sentences = readdirSync(seedsDir)
    .map((f) => readFileSync(join(seedsDir, f), 'utf8'))
    .join('\n')
    .split(/(?<=[。！？!?])|\n/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 12 && s.length <= 120 && /[\u4e00-\u9fff]/.test(s));
  const names = [...glossary.entries.values()].map((e) => e.names['zh-CN']).filter((n): n is string => !!n && /^[\u4e00-\u9fff]+$/.test(n));
  const random = mulberry32(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const vary = (s: string): string => {
    const name = pick(names);
    const at = Math.floor(random() * (s.length - 2));
    return random() < 0.5 ? s.slice(0, at) + name + s.slice(at + 2) : s.slice(0, at) + pick(names)[0] + s.slice(at + 1);
  };

  const dir = mkdtempSync(join(tmpdir(), 'bench-tm-'));
  const file = join(dir, 'memory.tmx');
  const out = createWriteStream(file);
  out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" o-tmf="bench" adminlang="en" creationtool="bench" creationtoolversion="1"/><body>\n');
  const stored: string[] = [];
  for (let i = 0; i < units; i++) {
    const zh = `${vary(pick(sentences))}(${i})`;
    if (i % Math.ceil(units / queries) === 0) stored.push(zh);
    if (!out.write(`<tu><tuv xml:lang="zh-CN"><seg>${escapeXml(zh)}</seg></tuv><tuv xml:lang="en"><seg>Unit ${i} in English</seg></tuv></tu>\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end('</body></tmx>\n', () => r()));

  const db = await openTm(postgresUrl ?? join(dir, 'tm.db'));
  let t = performance.now();
  const report = await importTmxFile(db, file);
  const importSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  // Over SQLite the whole memory is indexed in memory first; over PostgreSQL nothing is loaded.
  const memory = postgresUrl ? await TranslationMemory.open(db, glossary) : undefined;
  const index = postgresUrl ? undefined : await TmIndex.load(db, glossary);
  const loadSeconds = (performance.now() - t) / 1000;
  const heapMb = process.memoryUsage().heapUsed / 1048576;

  // Queries: stored sentences with one more change, looked up from zh-TW spelling too.
  const latencies: number[] = [];
  let found = 0;
  for (let i = 0; i < stored.length; i++) {
    const query = vary(stored[i]!);
    t = performance.now();
    const request = { text: query, from: i % 2 ? 'zh-TW' : 'zh-CN', to: 'en', minScore: 70, limit: 5 };
    const matches = index ? index.lookup(request) : await memory!.lookup(request);
    latencies.push(performance.now() - t);
    if (matches.length > 0) found++;
  }
  latencies.sort((a, b) => a - b);
  const at = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  await db.destroy();

  const where = postgresUrl ? 'in PostgreSQL (candidates by the pair index in the database, no index in memory)' : 'in SQLite, indexed in memory';
  console.log(`\ntranslation memory ${where}: ${units.toLocaleString()} units (${(statSync(file).size / 1048576).toFixed(1)} MB of TMX), one core`);
  console.log(`import: ${report.added.toLocaleString()} added, ${report.duplicates} duplicates in ${importSeconds.toFixed(1)} s = ${Math.round(report.added / importSeconds).toLocaleString()} units/s; ${postgresUrl ? 'nothing loaded' : `index load ${loadSeconds.toFixed(1)} s`}; heap after ${heapMb.toFixed(0)} MB`);
  console.log(`fuzzy lookup (minScore 70, limit 5), ${latencies.length} queries: p50 ${at(50).toFixed(2)} ms, p99 ${at(99).toFixed(2)} ms, max ${latencies[latencies.length - 1]!.toFixed(2)} ms; ${found} found a match`);
}

/** A small seeded generator, so every run benchmarks the same memory. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
