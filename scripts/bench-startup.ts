// Whole-process figures, as an editor's script or a deployment meets the product: the
// compiled CLI (dist/) started once per command, and the service until it listens,
// each beside a bare Node process doing nothing (or a bare node:http server) timed in
// the same run. Wall time from spawn to exit (or to listening), and peak RSS.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
/** What users run: the launcher, which keeps each command's V8 code cache in dist/code-cache/. */
const CLI = join(ROOT, 'scripts/glossary.cjs');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);

/** Preloaded into each measured process: it writes its peak RSS (KB) to RSS_FILE on exit. */
const probe = join(mkdtempSync(join(tmpdir(), 'bench-startup-')), 'rss-probe.cjs');
// VmHWM, not resourceUsage().maxRSS: on Linux a spawned child's maxRSS starts from the
// spawning process's (the bench holds hundreds of MB), while VmHWM is the new process's own.
writeFileSync(
  probe,
  "process.on('exit', () => { const fs = require('node:fs'); let kb = process.resourceUsage().maxRSS; try { kb = Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]); } catch {} fs.writeFileSync(process.env.RSS_FILE, String(kb)); });\n",
);

export interface StartupFigure {
  readonly what: string;
  /** Wall milliseconds of each run. */
  readonly ms: readonly number[];
  /** Peak RSS of each run, in MB. */
  readonly mb: readonly number[];
}

/**
 * RUNS runs of a process, after one untimed run (which writes a CLI command's code
 * cache, as the first run after an install does); `runs` for a figure of its own.
 */
function measure(what: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string, runs = RUNS, warmUp = true): StartupFigure {
  const ms: number[] = [];
  const mb: number[] = [];
  const rssFile = join(mkdtempSync(join(tmpdir(), 'bench-rss-')), 'rss');
  if (warmUp) spawnSync(process.execPath, args, { env, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const result = spawnSync(process.execPath, ['-r', probe, ...args], { env: { ...env, RSS_FILE: rssFile }, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    ms.push(performance.now() - t);
    if (result.status !== 0) throw new Error(`${what}: exit ${result.status}: ${result.stderr.slice(0, 500)}`);
    mb.push(Number(readFileSync(rssFile, 'utf8')) / 1024);
  }
  return { what, ms, mb };
}

/** How long a service is left idle after it listens before its settled RSS is read: its warm-up for edits runs meanwhile. */
const SETTLE_MS = 2000;

/**
 * Spawn to the first stderr line that says it serves: the time, and the peak RSS by
 * then (VmHWM, from /proc). With `settled`, also the RSS SETTLE_MS later (VmRSS), what
 * the process holds once it has warmed up, as a figure of its own (its time is the
 * same start-up time).
 */
async function measureServe(what: string, args: readonly string[], env: NodeJS.ProcessEnv, settled?: string): Promise<StartupFigure[]> {
  const ms: number[] = [];
  const mb: number[] = [];
  const settledMb: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((done, fail) => {
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/serving/.test(stderr)) done();
      });
      child.once('exit', (code) => fail(new Error(`${what} exited with ${code}: ${stderr.slice(0, 500)}`)));
    });
    ms.push(performance.now() - t);
    const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
    mb.push(Number(/VmHWM:\s+(\d+)/.exec(status())![1]) / 1024);
    if (settled) {
      await new Promise((done) => setTimeout(done, SETTLE_MS));
      settledMb.push(Number(/VmRSS:\s+(\d+)/.exec(status())![1]) / 1024);
    }
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
  return settled ? [{ what, ms, mb }, { what: settled, ms, mb: settledMb }] : [{ what, ms, mb }];
}

/** The CLI and the service against one built store (GLOSSARY_DB in env), and the anchors. */
export async function benchStartup(glossaryDir: string, dbPath: string): Promise<StartupFigure[]> {
  const env = { ...cliEnv(glossaryDir, dbPath), PORT: '0', HOST: '127.0.0.1' };
  const figures = [
    measure('anchor: node -e 0', ['-e', '0'], env),
    measure('glossary --help', [CLI, '--help'], env),
    firstLookup(env),
    measure('glossary lookup NVIDIA', [CLI, 'lookup', 'NVIDIA'], env),
    measure('canonicalize a sentence', [CLI, 'canonicalize', '--to', 'zh-TW'], env, '川普宣布辉达H200晶片可出口\n'),
    ...(await measureServe('anchor: bare node:http listens', ['-e', "require('node:http').createServer((q, s) => s.end('{}')).listen(0, '127.0.0.1', () => console.error('serving'))"], env)),
    ...(await measureServe('service listens (glossary serve)', [CLI, 'serve'], env, `service ${SETTLE_MS / 1000} s later (warmed up)`)),
  ];
  return figures;
}

/** A lookup with no code cache for it, which it then writes: the first after an install or a compile. */
function firstLookup(env: NodeJS.ProcessEnv): StartupFigure {
  const figure: { what: string; ms: number[]; mb: number[] } = { what: 'first lookup (writes its code cache)', ms: [], mb: [] };
  for (let i = 0; i < RUNS; i++) {
    rmSync(join(ROOT, 'dist/code-cache/lookup.bin'), { force: true });
    const run = measure(figure.what, [CLI, 'lookup', 'NVIDIA'], env, undefined, 1, false);
    figure.ms.push(...run.ms);
    figure.mb.push(...run.mb);
  }
  return figure;
}

/**
 * The environment of a measured CLI or service process: the built store, and a
 * service store and memory of its own (never data/).
 */
export function cliEnv(glossaryDir: string, dbPath: string): NodeJS.ProcessEnv {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-stores-'));
  return { ...process.env, GLOSSARY_DIR: glossaryDir, GLOSSARY_DB: dbPath, SERVICE_DB: join(scratch, 'service.db'), TM_DB: join(scratch, 'tm.db') };
}

export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1]!;
}

/** "120 ms (112-131)": the median of the runs and their range, in values / divisor with digits decimals. */
export function spread(values: readonly number[], unit: string, divisor = 1, digits = 0): string {
  const show = (x: number) => (x / divisor).toFixed(digits);
  return `${show(median(values))} ${unit} (${show(Math.min(...values))}-${show(Math.max(...values))})`;
}
