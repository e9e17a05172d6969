// `npm run bench`: throughput figures next to anchors measured in the same run.
// Never a test: numbers depend on the machine; ratios are what to compare.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AhoCorasick as GreedyAC } from '@monyone/aho-corasick/greedy';
import { AhoCorasick as FastAC } from '@monyone/aho-corasick/fast';
import * as OpenCC from 'opencc-js';
import { canonicalize } from '../src/canonicalize.ts';
import { openStore } from '../src/db/connection.ts';
import { foldText } from '../src/fold.ts';
import { buildGlossary } from '../src/glossary/build.ts';
import { parseTarget } from '../src/locale.ts';
import { GlossarySnapshot } from '../src/snapshot.ts';
import { generateGlossary } from './generate-glossary.ts';
import { benchTm } from './bench-tm.ts';
import { withBenchDatabase } from './postgres-admin.ts';
import { benchStartup, cliEnv, median, spread, type StartupFigure } from './bench-startup.ts';
import { benchEdits, percentile, type EditFigures } from './bench-edits.ts';
import { benchProcesses, bigSeedFile } from './bench-process.ts';
import { mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';

const SEEDS = resolve(import.meta.dirname, '../../shared/seeds');
const TEXT_BYTES = 5 * 1024 * 1024;
const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 100_000);
const RUNS = 5;
const WARMUP = 2;
/** Above this many keys, the double-array Aho-Corasick takes minutes to build; opt in. */
const SLOW_BUILD_KEYS = 100_000;
const SLOW_ANCHORS = process.env.BENCH_SLOW_ANCHORS === '1';
/** Anchors slower than ~10 MB/s are timed on a sample of this many UTF-16 units. */
const SAMPLE_UNITS = 128 * 1024;

const TM_UNITS = Number(process.env.BENCH_TM_UNITS ?? 100_000);
const TM_PG_UNITS = Number(process.env.BENCH_TM_PG_UNITS ?? 1_000_000);
/** Writes timed per glossary (after a first one, timed on its own). */
const EDITS_SMALL = 20;
const EDITS_LARGE = 20;

// BENCH_ONLY=load runs the HTTP load test alone.
if (process.env.BENCH_ONLY === 'load') {
  await import('./bench-load.ts');
  process.exit(0);
}

// BENCH_ONLY=replicas runs one replica against three over one PostgreSQL database alone (bench-replicas.ts).
if (process.env.BENCH_ONLY === 'replicas') {
  await import('./bench-replicas.ts');
  process.exit(0);
}

// BENCH_ONLY=web runs the editors' page in a browser alone (bench-web.ts).
if (process.env.BENCH_ONLY === 'web') {
  await import('./bench-web.ts');
  process.exit(0);
}

// BENCH_ONLY=convert runs the OpenCC automata against opencc-js alone (bench-convert.ts).
if (process.env.BENCH_ONLY === 'convert') {
  await import('./bench-convert.ts');
  process.exit(0);
}

// BENCH_ONLY=startup runs the whole-process figures of the shipped glossary alone.
if (process.env.BENCH_ONLY === 'startup') {
  const dir = resolve(import.meta.dirname, '../glossary');
  const { db, dbPath } = await loadGlossary(dir);
  await db.destroy();
  printStartup('shipped glossary', await benchStartup(dir, dbPath));
  process.exit(0);
}

// BENCH_ONLY=edits runs the edit latency of the shipped glossary alone.
if (process.env.BENCH_ONLY === 'edits') {
  const dir = resolve(import.meta.dirname, '../glossary');
  const { db, dbPath } = await loadGlossary(dir);
  await db.destroy();
  printEdits('shipped glossary', await benchEdits(cliEnv(dir, dbPath), EDITS_SMALL));
  process.exit(0);
}

// BENCH_ONLY=process runs the 50 MB whole-process figures of the shipped glossary alone.
if (process.env.BENCH_ONLY === 'process') {
  const dir = resolve(import.meta.dirname, '../glossary');
  const { db, dbPath } = await loadGlossary(dir);
  await db.destroy();
  benchProcesses('shipped glossary', dir, dbPath, bigSeedFile(SEEDS));
  process.exit(0);
}

// BENCH_ONLY=tm runs the translation memory figures alone.
if (process.env.BENCH_ONLY === 'tm') {
  const { glossary } = await loadGlossary(resolve(import.meta.dirname, '../glossary'));
  await benchTm(glossary, SEEDS, TM_UNITS);
  process.exit(0);
}

// BENCH_ONLY=tm-postgres: the memory in PostgreSQL at BENCH_TM_PG_UNITS (default 1,000,000), in a database made and dropped for it.
if (process.env.BENCH_ONLY === 'tm-postgres') {
  const { glossary } = await loadGlossary(resolve(import.meta.dirname, '../glossary'));
  await withBenchDatabase((url) => benchTm(glossary, SEEDS, TM_PG_UNITS, 300, url));
  process.exit(0);
}

const seedText = readdirSync(SEEDS).sort().map((f) => readFileSync(join(SEEDS, f), 'utf8')).join('\n');
let text = seedText;
while (Buffer.byteLength(text) < TEXT_BYTES) text += '\n' + seedText;
const mb = Buffer.byteLength(text) / 1024 / 1024;
const folded = foldText(text);
const zhCN = parseTarget('zh-CN')!;

/** Best of RUNS, in MB/s of UTF-8 input (megabytes: the input's UTF-8 size). */
function throughput(run: () => unknown, megabytes = mb): number {
  for (let i = 0; i < WARMUP; i++) run(); // let the JIT settle before timing
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    run();
    best = Math.min(best, performance.now() - t);
  }
  return megabytes / (best / 1000);
}

/**
 * Best-of-RUNS of two workloads, run alternately, so that a machine slowing down or
 * speeding up during the bench (a shared VM does) affects both alike.
 */
function paired(ours: () => unknown, anchor: () => unknown, runs = RUNS * 2): { ours: number; anchor: number } {
  for (let i = 0; i < WARMUP; i++) {
    ours();
    anchor();
  }
  let bestOurs = Infinity;
  let bestAnchor = Infinity;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    ours();
    bestOurs = Math.min(bestOurs, performance.now() - t);
    t = performance.now();
    anchor();
    bestAnchor = Math.min(bestAnchor, performance.now() - t);
  }
  return { ours: mb / (bestOurs / 1000), anchor: mb / (bestAnchor / 1000) };
}

/** For slow anchors: time one run on a sample first, and use the sample if the whole would take long. */
function anchorThroughput(run: (input: string) => unknown, input: string): { mbs: number; sampled: boolean } {
  const sample = input.slice(0, SAMPLE_UNITS);
  const sampleMb = Buffer.byteLength(sample) / 1024 / 1024;
  const t = performance.now();
  run(sample);
  const estimate = (performance.now() - t) / 1000 / sampleMb;
  if (estimate * mb > 1) return { mbs: throughput(() => run(sample), sampleMb), sampled: true };
  return { mbs: throughput(() => run(input)), sampled: false };
}

function timed<T>(make: () => T): { value: T; seconds: number } {
  const t = performance.now();
  const value = make();
  return { value, seconds: (performance.now() - t) / 1000 };
}

function fmt(x: number | undefined): string {
  return x === undefined ? 'n/a' : x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

async function loadGlossary(dir: string) {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'bench-')), 'glossary.db');
  const report = await buildGlossary(dir, dbPath);
  const db = openStore(dbPath, { readonly: true });
  const t = performance.now();
  const glossary = await GlossarySnapshot.load(db);
  const loadSeconds = (performance.now() - t) / 1000;
  return { glossary, report, loadSeconds, db, dbPath };
}

/** Write latency through the running service, and what reads waited meanwhile (issue 14's goal: p99 <= 50 ms, no read over 50 ms). */
function printEdits(label: string, f: EditFigures): void {
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  if (f.writes.length === 0) {
    console.log(`\nedits, ${label}: no write succeeded (${f.writeErrors.length} failed)`);
    for (const error of f.writeErrors) console.log(`  ${error}`);
    return;
  }
  console.log(`\nedits, ${label}: ${f.writes.length} alias writes through the service, one at a time: p50 ${ms(percentile(f.writes, 0.5))}, p99 ${ms(percentile(f.writes, 0.99))}, max ${ms(Math.max(...f.writes))}`);
  const reads = f.reads.length === 0 ? 'none answered' : `p50 ${ms(percentile(f.reads, 0.5))}, p99 ${ms(percentile(f.reads, 0.99))}, max ${ms(Math.max(...f.reads))}`;
  console.log(`  lookups answered meanwhile by a reader without pause: ${f.reads.length}, ${reads}; failed: ${f.readErrors}`);
  if (f.firstWrite !== undefined) console.log(`  the first write, sent as the service starts listening (it warms up for edits meanwhile): ${ms(f.firstWrite)}`);
  for (const error of f.writeErrors) console.log(`  a write failed: ${error}`);
}

/** The whole-process figures of one glossary, each beside its anchor from the same run. */
function printStartup(label: string, figures: readonly StartupFigure[]): void {
  const cliAnchor = figures.find((f) => f.what.startsWith('anchor: node'))!;
  const httpAnchor = figures.find((f) => f.what.startsWith('anchor: bare'))!;
  console.log(`\nwhole processes, ${label} (median of ${cliAnchor.ms.length} runs, range in brackets; ratio: median / its anchor's median):`);
  for (const f of figures) {
    const anchor = f.what.startsWith('service') ? httpAnchor : f.what.startsWith('anchor') ? undefined : cliAnchor;
    const ratio = anchor ? `  ${(median(f.ms) / median(anchor.ms)).toFixed(1)}x its anchor` : '';
    console.log(`  ${f.what.padEnd(34)} ${spread(f.ms, 'ms').padEnd(22)} RSS ${spread(f.mb, 'MB').padEnd(18)}${ratio}`);
  }
}

console.log(`text: the five seed articles repeated to ${mb.toFixed(1)} MB of UTF-8 (${text.length.toLocaleString()} UTF-16 units); best of ${RUNS} runs after ${WARMUP} warm-up runs (canonicalize and opencc: best of ${RUNS * 2}, alternating)\n`);

const opencc = OpenCC.Converter({ from: 'twp', to: 'cn' });
const openccMBs = throughput(() => opencc(text));
const regexText = new RegExp('英伟达|輝達|辉达|NVIDIA|特朗普|川普|芯片|晶片', 'giu');
const plainRegexMBs = throughput(() => text.match(regexText));
console.log(`anchor opencc-js twp->cn conversion:     ${fmt(openccMBs)} MB/s`);
console.log(`anchor plain regex, 8 names, no glossary: ${fmt(plainRegexMBs)} MB/s\n`);

const rows: string[][] = [];
const startups: Array<{ label: string; figures: StartupFigure[] }> = [];
const edits: Array<{ label: string; figures: EditFigures }> = [];
/** Run after the tables: each spawns processes that read a 50 MB file. */
const processRuns: Array<() => void> = [];
const bigFile = bigSeedFile(SEEDS);
const REAL = resolve(import.meta.dirname, '../glossary');
const glossaries: Array<{ label: string; dir: string; textShare?: number }> = [{ label: 'real glossary', dir: REAL }];
// BENCH_ENTITIES=0 runs the real glossary alone, for a quick check.
if (ENTITIES > 0) {
  // The real glossary plus synthetic names: what a large newsroom glossary adds.
  glossaries.push({ label: `generated ${ENTITIES.toLocaleString()}`, dir: join(mkdtempSync(join(tmpdir(), 'bench-glossary-')), 'glossary'), textShare: 0 });
  // A stress test: 2% of the entities are runs of the text itself, so hits are dense.
  glossaries.push({ label: `stress ${ENTITIES.toLocaleString()}`, dir: join(mkdtempSync(join(tmpdir(), 'bench-glossary-')), 'glossary'), textShare: 0.02 });
}
for (const { label, dir, textShare } of glossaries) {
  if (textShare !== undefined) generateGlossary(dir, ENTITIES, SEEDS, REAL, textShare);
  const { glossary, report, loadSeconds, db, dbPath } = await loadGlossary(dir);
  startups.push({ label, figures: await benchStartup(dir, dbPath) });
  edits.push({ label, figures: await benchEdits(cliEnv(dir, dbPath), textShare === undefined ? EDITS_SMALL : EDITS_LARGE) });
  // The stress glossary's dense hits are no file an editor converts: whole-file figures for the others.
  if (!label.startsWith('stress')) processRuns.push(() => benchProcesses(label, dir, dbPath, bigFile));
  const keys = [...glossary.matcher.keys];
  // Reading the middle of the result makes V8 join the rewritten text, as a response would.
  const canon = paired(() => {
    const out = canonicalize(glossary, text, { target: zhCN }).text;
    return out.charCodeAt(out.length >> 1);
  }, () => opencc(text));
  // As the API answers: the text and every mention built.
  const withMentions = paired(() => {
    const result = canonicalize(glossary, text, { target: zhCN });
    return result.text.charCodeAt(result.text.length >> 1) + result.mentions.length;
  }, () => opencc(text));
  // The same glossary without the lexicon (no guards): what the lexicon costs, in the same run.
  const { lexicon: _lexicon, ...bareRows } = await glossary.rows();
  const bare = GlossarySnapshot.fromRows(bareRows, glossary.convert);
  const guarded = paired(() => {
    const out = canonicalize(glossary, text, { target: zhCN }).text;
    return out.charCodeAt(out.length >> 1);
  }, () => {
    const out = canonicalize(bare, text, { target: zhCN }).text;
    return out.charCodeAt(out.length >> 1);
  });
  const canonMBs = canon.ours;
  const withMentionsMBs = withMentions.ours;
  const scanMBs = throughput(() => glossary.matcher.scan(text));
  const mentions = canonicalize(glossary, text, { target: zhCN }).mentionCount;

  const greedyBuild = timed(() => new GreedyAC(keys));
  const greedy = anchorThroughput((t) => greedyBuild.value.matchInText(t), folded);
  let fast: { mbs: number; sampled: boolean } | undefined;
  let fastBuildSeconds: number | undefined;
  if (keys.length <= SLOW_BUILD_KEYS || SLOW_ANCHORS) {
    const fastBuild = timed(() => new FastAC(keys));
    fastBuildSeconds = fastBuild.seconds;
    fast = anchorThroughput((t) => fastBuild.value.matchInText(t), folded);
  }
  let regex: { mbs: number; sampled: boolean } | undefined;
  let regexNote = '';
  try {
    const escaped = [...keys].sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const pattern = new RegExp(escaped.join('|'), 'gu');
    regex = anchorThroughput((t) => t.match(pattern), folded);
  } catch (error) {
    regexNote = ` (regex failed: ${(error as Error).message.slice(0, 60)})`;
  }
  const greedyMBs = greedy.mbs;
  const fastMBs = fast?.mbs;
  const regexMBs = regex?.mbs;
  const mark = (r: { sampled: boolean } | undefined) => (r?.sampled ? '*' : '');
  await db.destroy();
  rows.push([label, report.entities.toLocaleString(), keys.length.toLocaleString(), mentions.toLocaleString(), report.seconds.toFixed(1), loadSeconds.toFixed(1),
    fmt(canonMBs), fmt(withMentionsMBs), fmt(scanMBs), fmt(greedyMBs) + mark(greedy), fmt(fastMBs) + mark(fast), fmt(regexMBs) + mark(regex) + regexNote,
    fmt(guarded.anchor), `${(guarded.ours / guarded.anchor).toFixed(2)}x`,
    fmt(canon.anchor), `${(canon.ours / canon.anchor).toFixed(1)}x`, `${(withMentions.ours / withMentions.anchor).toFixed(1)}x`, greedyMBs ? `${(scanMBs / greedyMBs).toFixed(1)}x` : 'n/a', fastMBs ? `${(scanMBs / fastMBs).toFixed(1)}x` : 'n/a', regexMBs ? `${(scanMBs / regexMBs).toFixed(1)}x` : 'n/a']);
  const fastNote = fastBuildSeconds === undefined ? `AC fast not built (its build takes minutes above ${SLOW_BUILD_KEYS.toLocaleString()} keys; BENCH_SLOW_ANCHORS=1 includes it)` : `AC fast build ${fastBuildSeconds.toFixed(1)} s`;
  console.log(`${label}: AC greedy build ${greedyBuild.seconds.toFixed(1)} s, ${fastNote}, matcher ${(glossary.matcher.stats.bytes / 1024 / 1024).toFixed(0)} MB of tables`);
}

const header = ['glossary', 'entities', 'keys', 'mentions', 'build s', 'load s', 'canon MB/s', '+mentions', 'scan MB/s', 'AC greedy', 'AC fast', 'regex', 'no lexicon', 'lexicon/none', 'opencc', 'canon/opencc', '+mentions/opencc', 'scan/ACgreedy', 'scan/ACfast', 'scan/regex'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
console.log('\ncanonicalize to zh-CN (scan + resolve + rewrite; "+mentions" also builds every mention object, as the API does),');
console.log('and the scan alone against anchors on the same folded text (MB/s of UTF-8 input):');
for (const row of [header, ...rows]) console.log(row.map((c, i) => c.padEnd(widths[i]!)).join('  '));
console.log(`* timed on the first ${SAMPLE_UNITS / 1024}K UTF-16 units of the text: the whole would take minutes`);
console.log('no lexicon: canonicalize with the same glossary compiled without the lexicon (no guards), its runs alternating with');
console.log('  canonicalize with it; lexicon/none compares the two (what the lexicon guard costs)');
console.log('opencc: opencc-js twp->cn on the same text, its runs alternating with ours; the ratios compare the two');
console.log('AC greedy: @monyone/aho-corasick leftmost-longest (our semantics); AC fast: its double-array variant, all matches; regex: one alternation of every key');
for (const { label, figures } of startups) printStartup(label, figures);
for (const { label, figures } of edits) printEdits(label, figures);
for (const run of processRuns) run();

// The TM figures come from a fresh process: this one now holds three glossaries,
// two of 100,000 entities, whose garbage collection a TM service would not pay for.
spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], { env: { ...process.env, BENCH_ONLY: 'tm' }, stdio: 'inherit' });
// The editors' page in a browser, in a fresh process too.
spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], { env: { ...process.env, BENCH_ONLY: 'web' }, stdio: 'inherit' });
// The load test, in a fresh process as well: it starts the service as its own process.
spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], { env: { ...process.env, BENCH_ONLY: 'load' }, stdio: 'inherit' });
// The translation memory in PostgreSQL at 1,000,000 units.
spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], { env: { ...process.env, BENCH_ONLY: 'tm-postgres' }, stdio: 'inherit' });
// Replicas over PostgreSQL, the same way.
spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], { env: { ...process.env, BENCH_ONLY: 'replicas' }, stdio: 'inherit' });
