// Replicas over one PostgreSQL database (DATABASE_URL): lookup and canonicalize of a 2 KB
// article against one replica and against three, the load spread evenly over them, with
// 10 writes/s through the first replica meanwhile (every replica applies each one). On a
// 2-core machine three replicas and the load generator share two cores: the figures say
// what replication costs and gains here, not what it does on a server with a core each.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { withBenchDatabase } from './postgres-admin.ts';
import { AliasToggler, LOOKUP_QUERIES, seedArticle } from './load-traffic.ts';
import { startServeProcess } from './serve-process.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SEEDS = resolve(ROOT, '../shared/seeds');
const BIN = join(ROOT, 'scripts/glossary.cjs');
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const WARMUP_SECONDS = 3;
/** Connections in all, split evenly over the replicas. */
const CONNECTIONS = 18;
const WRITES_PER_SECOND = 10;

const data = mkdtempSync(join(tmpdir(), 'bench-replicas-'));
const glossaryDir = join(data, 'glossary');
cpSync(join(ROOT, 'glossary'), glossaryDir, { recursive: true });

const article = seedArticle(SEEDS);

/** Requests per second over `urls` together (one autocannon per replica, the connections split), and the worst p99. */
async function spread(urls: string[], request: (url: string) => autocannon.Options, seconds: number): Promise<{ rps: number; p99: number; errors: number }> {
  const results = await Promise.all(urls.map((url) => autocannon({ ...request(url), connections: CONNECTIONS / urls.length, duration: seconds })));
  return { rps: results.reduce((sum, r) => sum + r.requests.average, 0), p99: Math.max(...results.map((r) => r.latency.p99)), errors: results.reduce((sum, r) => sum + r.errors + r.non2xx, 0) };
}

await withBenchDatabase(async (databaseUrl) => {
  const env = { ...process.env, GLOSSARY_DIR: glossaryDir, GLOSSARY_DB: join(data, 'glossary.db'), DATABASE_URL: databaseUrl, HOST: '127.0.0.1' };
  const replicas: ChildProcess[] = [];
  try {
    spawnSync(process.execPath, [BIN, 'build'], { env, stdio: 'ignore' });
    const token = spawnSync(process.execPath, [BIN, 'token', 'create', 'bench'], { env, encoding: 'utf8' }).stdout.trim();
    const toggler = new AliasToggler(token, '复制基准别名', WRITES_PER_SECOND);
    const urls: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { child, url } = await startServeProcess(env, { quiet: true });
      replicas.push(child);
      urls.push(url);
    }
    let q = 0;
    const lookup = (url: string): autocannon.Options => ({ url: `${url}/v1/lookup?limit=5&q=huida`, requests: [{ method: 'GET', setupRequest: (req: autocannon.Request) => ({ ...req, path: `/v1/lookup?limit=5&q=${encodeURIComponent(LOOKUP_QUERIES[q++ % LOOKUP_QUERIES.length]!)}` }) }] });
    const canonicalize = (url: string): autocannon.Options => ({ url: `${url}/v1/canonicalize`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: article, to: 'zh-TW' }) });
    console.log(`\nreplicas over one PostgreSQL database: ${CONNECTIONS} connections split evenly over the replicas, ${SECONDS} s per run after ${WARMUP_SECONDS} s untimed, ${WRITES_PER_SECOND} writes/s through the first replica; 2 cores shared by the replicas and the load generator`);
    for (const [title, request] of [['GET /v1/lookup', lookup], [`POST /v1/canonicalize (${Buffer.byteLength(article)} B)`, canonicalize]] as const) {
      const figures: Record<number, { rps: number; p99: number; errors: number }> = {};
      for (const n of [1, 3]) {
        await spread(urls.slice(0, n), request, WARMUP_SECONDS);
        const writer = toggler.run(urls[0]!);
        figures[n] = await spread(urls.slice(0, n), request, SECONDS);
        const { writes } = await writer.stop();
        console.log(`  ${title.padEnd(34)} ${n} replica${n > 1 ? 's' : ' '}  ${Math.round(figures[n]!.rps).toLocaleString('en').padStart(7)} req/s   p99 ${String(figures[n]!.p99).padStart(3)} ms   errors and non-2xx ${figures[n]!.errors}   writes ${writes}`);
      }
      console.log(`  ${''.padEnd(34)} three against one: ${(figures[3]!.rps / figures[1]!.rps).toFixed(2)}x`);
    }
  } finally {
    await Promise.all(replicas.map((child) => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM')))));
  }
});
