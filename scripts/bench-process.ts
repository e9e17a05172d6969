// Whole-text conversion and canonicalization of a 50 MB file, whole processes, as an
// editor's script meets them, beside zhconv-rs's native CLI (Rust: MediaWiki's and
// OpenCC's rules in one automaton; a dev dependency of this bench only, run as its
// own process: it is GPL-licensed) and opencc-js converting the same file in a Node
// process of its own, all in the same run.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cliEnv, median, spread } from './bench-startup.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'scripts/glossary.cjs');
const RUNS = Number(process.env.BENCH_PROCESS_RUNS ?? 3);
const MEGABYTES = Number(process.env.BENCH_PROCESS_MB ?? 50);

function zhconvBinary(): string | undefined {
  try {
    const path = join(createRequire(import.meta.url).resolve('@zhconv/cli-linux-x64/package.json'), '../zhconv');
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined; // another platform: the package installs only on linux-x64
  }
}

/** The seeds repeated to MEGABYTES of UTF-8, in a file of its own. */
export function bigSeedFile(seedsDir: string): string {
  const seeds = readdirSync(seedsDir).sort().map((f) => readFileSync(join(seedsDir, f), 'utf8')).join('\n');
  const parts: string[] = [];
  let bytes = 0;
  const seedBytes = Buffer.byteLength(seeds) + 1;
  while (bytes < MEGABYTES * 1024 * 1024) {
    parts.push(seeds);
    bytes += seedBytes;
  }
  const file = join(mkdtempSync(join(tmpdir(), 'bench-process-')), `seeds-${MEGABYTES}mb.txt`);
  writeFileSync(file, parts.join('\n'));
  return file;
}

interface Timing {
  readonly what: string;
  readonly ms: readonly number[];
}

/** Wall time of each run of a whole process reading file (as an argument or on stdin), its output discarded. */
function time(what: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv, stdinFile?: string): Timing {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const input = stdinFile ? openSync(stdinFile, 'r') : 'ignore';
    const t = performance.now();
    const result = spawnSync(command, args, { env, stdio: [input, 'ignore', 'pipe'], encoding: 'utf8' });
    ms.push(performance.now() - t);
    if (typeof input === 'number') closeSync(input);
    if (result.status !== 0) throw new Error(`${what}: exit ${result.status}: ${result.stderr.slice(0, 500)}`);
  }
  return { what, ms };
}

function show(t: Timing): string {
  return `${t.what.padEnd(52)} ${spread(t.ms, 's', 1000, 2)}`;
}

/** The figures for one built glossary (GLOSSARY_DIR, GLOSSARY_DB); file from bigSeedFile. */
export function benchProcesses(label: string, glossaryDir: string, dbPath: string, file: string): void {
  const env = cliEnv(glossaryDir, dbPath);
  const zhconv = zhconvBinary();
  const openccScript = (from: string, to: string) => `const O = require('opencc-js'); const fs = require('node:fs'); fs.writeFileSync('/dev/null', O.Converter({ from: '${from}', to: '${to}' })(fs.readFileSync(process.argv[1], 'utf8')));`;
  const opencc = time('anchor: opencc-js twp->cn, its own node process', process.execPath, ['-e', openccScript('twp', 'cn'), file], env);
  const zhCN = zhconv ? time('anchor: zhconv-rs zh-CN (native CLI)', zhconv, ['zh-CN'], env, file) : undefined;
  const zhTW = zhconv ? time('anchor: zhconv-rs zh-TW (native CLI)', zhconv, ['zh-TW'], env, file) : undefined;
  const names = time('glossary canonicalize --to zh-CN (names only)', process.execPath, [CLI, 'canonicalize', '--to', 'zh-CN', file], env);
  const convertCN = time('glossary canonicalize --convert --to zh-CN', process.execPath, [CLI, 'canonicalize', '--convert', '--to', 'zh-CN', file], env);
  const convertTW = time('glossary canonicalize --convert --to zh-TW', process.execPath, [CLI, 'canonicalize', '--convert', '--to', 'zh-TW', file], env);
  const ratio = (ours: Timing, anchor: Timing | undefined, name: string) => (anchor ? `${(median(anchor.ms) / median(ours.ms)).toFixed(2)}x ${name}` : `${name}: not installed`);
  console.log(`\n${MEGABYTES} MB of the seeds through whole processes, ${label} (median of ${RUNS} runs, range in brackets; ratios: speed against the anchor, above 1 is faster):`);
  for (const t of [opencc, zhCN, zhTW]) if (t) console.log(`  ${show(t)}`);
  console.log(`  ${show(names)}   ${ratio(names, opencc, 'opencc-js')}, ${ratio(names, zhCN, 'zhconv-rs zh-CN')}`);
  console.log(`  ${show(convertCN)}   ${ratio(convertCN, zhCN, 'zhconv-rs zh-CN')}`);
  console.log(`  ${show(convertTW)}   ${ratio(convertTW, zhTW, 'zhconv-rs zh-TW')}`);
}
