// `npx tsx scripts/bench-journal-lock.ts`: how long CLI commands hold the service store's
// write lock, as the service feels it. A prober (standing in for the service) takes and
// releases the lock (BEGIN IMMEDIATE; COMMIT) in a loop while each command runs in its own
// process; the longest wait is the longest the service's main thread would stall on a
// write meanwhile (better-sqlite3 waits for a busy lock synchronously). Never a test.
import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const data = mkdtempSync(join(tmpdir(), 'journal-lock-'));
cpSync(join(ROOT, 'glossary'), join(data, 'glossary'), { recursive: true });
const env = { ...process.env, GLOSSARY_DIR: join(data, 'glossary'), GLOSSARY_DB: join(data, 'glossary.db'), SERVICE_DB: join(data, 'service.db'), TM_DB: join(data, 'tm.db'), GLOSSARY_ACTOR: 'bench' };
const glossary = (...args: string[]): void => void execFileSync(process.execPath, [join(ROOT, 'scripts/glossary.cjs'), ...args], { env, stdio: ['pipe', 'ignore', 'ignore'] });

glossary('build');
glossary('token', 'create', 'warm-up'); // creates and migrates the service store
const entity = (n: number) => ({ id: `bench-${n}`, kind: 'org', names: { 'zh-CN': `测试机构${n}号`, en: `Bench Org ${n}` }, aliases: [] });

const prober = new Database(join(data, 'service.db'), { timeout: 10_000 });
function run(args: string[], input = ''): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/glossary.cjs'), ...args], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.end(input);
    child.on('exit', (code) => done(code ?? 1));
  });
}
async function measure(label: string, args: string[], input = ''): Promise<void> {
  let max = 0;
  let samples = 0;
  let finished = false;
  const running = run(args, input).then((code) => {
    finished = true;
    return code;
  });
  while (!finished) {
    const start = performance.now();
    prober.exec('BEGIN IMMEDIATE');
    prober.exec('COMMIT');
    max = Math.max(max, performance.now() - start);
    samples++;
    await new Promise((r) => setTimeout(r, 0));
  }
  console.log(`${label.padEnd(46)} exit ${await running}  longest wait for the lock ${max.toFixed(2)} ms over ${samples} takes`);
}

for (let i = 0; i < 3; i++) await measure(`entity add (entity ${i})`, ['entity', 'add', '-'], JSON.stringify(entity(i)));
for (let i = 0; i < 3; i++) await measure(`entity alias --add (${i})`, ['entity', 'alias', 'nvidia', '--add', `测试别名${i}`]);
// 200 more changes, so the export marks many rows merged in its one UPDATE.
for (let i = 3; i < 203; i++) writeFileSync(join(data, `e${i}.json`), JSON.stringify(entity(i)));
for (let i = 3; i < 203; i++) glossary('entity', 'add', join(data, `e${i}.json`));
await measure('export --format yaml (206 changes marked merged)', ['export', '--format', 'yaml']);
await measure('token create', ['token', 'create', 'bench-token']);
await measure('build (reads the journal)', ['build']);
await measure('entity history', ['entity', 'history', 'nvidia']);
prober.close();
