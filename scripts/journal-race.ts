// CLI alias edits racing HTTP writes on the same entities of one running service: how many
// acknowledged CLI edits the service shows a second later, and after a later HTTP write.
// npx tsx scripts/journal-race.ts [cli-edits] [cli-processes-at-once]
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServeProcess } from './serve-process.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'scripts/glossary.cjs');
/** Entities of the real glossary that both kinds of writer edit. */
const TARGETS = ['nvidia', 'huawei', 'tsmc'] as const;

export interface RaceReport {
  /** CLI edits that exited 0 (acknowledged), and how many of them the service showed... */
  readonly cliAcknowledged: number;
  /** ...1 s after the last CLI edit, with no request in between... */
  readonly cliSeenAfterOneSecond: number;
  /** ...and after one more HTTP alias edit to each entity. */
  readonly cliSeenAfterLaterWrite: number;
  readonly httpAcknowledged: number;
  readonly httpSeenAtEnd: number;
  /** Entries of the CLI processes that failed (exit code and message), for the reader. */
  readonly cliFailures: readonly string[];
  /** Wall time of the race (CLI edits with HTTP writes alongside), and the slowest of each kind of write, in ms. */
  readonly raceMs: number;
  readonly slowestCliEditMs: number;
  readonly slowestHttpWriteMs: number;
}

export async function runJournalRace(options: { cliEdits: number; parallel: number }): Promise<RaceReport> {
  const data = mkdtempSync(join(tmpdir(), 'journal-race-'));
  const glossaryDir = join(data, 'glossary');
  cpSync(join(ROOT, 'glossary'), glossaryDir, { recursive: true });
  const env = { ...process.env, GLOSSARY_DIR: glossaryDir, GLOSSARY_DB: join(data, 'glossary.db'), SERVICE_DB: join(data, 'service.db'), TM_DB: join(data, 'tm.db'), HOST: '127.0.0.1' };
  spawnSync(process.execPath, [BIN, 'build'], { env, stdio: 'ignore' });
  const token = spawnSync(process.execPath, [BIN, 'token', 'create', 'race'], { env, encoding: 'utf8' }).stdout.trim();
  const { child, url } = await startServeProcess(env, { quiet: true });
  const exited = new Promise((done) => child.on('exit', done));
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const patch = (id: string, alias: string) => fetch(`${url}/v1/entities/${id}`, { method: 'PATCH', headers, body: JSON.stringify({ add: alias }) });
  const aliasesOf = async (id: string): Promise<string[]> => ((await (await fetch(`${url}/v1/entities/${id}`)).json()) as { aliases: string[] }).aliases;
  const present = async (edits: readonly { id: string; alias: string }[]): Promise<number> => {
    const now = new Map<string, string[]>();
    for (const id of TARGETS) now.set(id, await aliasesOf(id));
    return edits.filter((e) => now.get(e.id)!.includes(e.alias)).length;
  };

  try {
    const started = performance.now();
    let slowestHttp = 0;
    let slowestCli = 0;
    const httpDone: { id: string; alias: string }[] = [];
    let cliRunning = true;
    let n = 0;
    const httpWriter = async () => {
      while (cliRunning) {
        const edit = { id: TARGETS[n % TARGETS.length]!, alias: `网改${n++}号` };
        const t = performance.now();
        const res = await patch(edit.id, edit.alias);
        slowestHttp = Math.max(slowestHttp, performance.now() - t);
        if (res.status !== 200) throw new Error(`HTTP write ${edit.alias}: ${res.status} ${await res.text()}`);
        httpDone.push(edit);
      }
    };
    const writers = [httpWriter(), httpWriter()];

    const cliDone: { id: string; alias: string }[] = [];
    const cliFailures: string[] = [];
    let next = 0;
    const cliLane = async () => {
      for (let i = next++; i < options.cliEdits; i = next++) {
        const edit = { id: TARGETS[i % TARGETS.length]!, alias: `命令改${i}号` };
        const t = performance.now();
        const result = await new Promise<{ code: number; stderr: string }>((done) =>
          execFile(process.execPath, [BIN, 'entity', 'alias', edit.id, '--add', edit.alias], { env, cwd: ROOT }, (error, _stdout, stderr) => done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr })),
        );
        slowestCli = Math.max(slowestCli, performance.now() - t);
        if (result.code === 0) cliDone.push(edit);
        else cliFailures.push(`${edit.alias}: exit ${result.code}: ${result.stderr.trim()}`);
      }
    };
    await Promise.all(Array.from({ length: options.parallel }, cliLane));
    cliRunning = false;
    await Promise.all(writers);
    const raceMs = performance.now() - started;

    // A quiet second: no request reaches the service until the check.
    await new Promise((done) => setTimeout(done, 1000));
    const cliSeenAfterOneSecond = await present(cliDone);
    for (const id of TARGETS) {
      const res = await patch(id, `${id}后写`);
      if (res.status !== 200) throw new Error(`later write to ${id}: ${res.status} ${await res.text()}`);
    }
    return {
      cliAcknowledged: cliDone.length,
      cliSeenAfterOneSecond,
      cliSeenAfterLaterWrite: await present(cliDone),
      httpAcknowledged: httpDone.length,
      httpSeenAtEnd: await present(httpDone),
      cliFailures,
      raceMs: Math.round(raceMs),
      slowestCliEditMs: Math.round(slowestCli),
      slowestHttpWriteMs: Math.round(slowestHttp),
    };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

if (import.meta.filename === process.argv[1]) {
  const cliEdits = Number(process.argv[2] ?? 12);
  const parallel = Number(process.argv[3] ?? 3);
  const report = await runJournalRace({ cliEdits, parallel });
  console.log(JSON.stringify(report, null, 2));
}
