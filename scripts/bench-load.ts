// Load test of the running service on loopback (autocannon): lookup and canonicalize of a
// 2 KB article, each while a writer changes the glossary, so reads meet snapshot swaps.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { AliasToggler, LOOKUP_QUERIES, seedArticle } from './load-traffic.ts';
import { startServeProcess } from './serve-process.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SEEDS = resolve(ROOT, '../shared/seeds');
const BIN = join(ROOT, 'scripts/glossary.cjs');
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
/**
 * Untimed load before each run: a fresh service serves its first second at a fifth of
 * its speed while V8 compiles the request path, which a service in use has long done.
 */
const WARMUP_SECONDS = 3;
const CONNECTIONS = 16;
/** Writes per second during each read run: editors at work, far above what a newsroom does. */
const WRITES_PER_SECOND = 10;

const data = mkdtempSync(join(tmpdir(), 'bench-load-'));
const glossaryDir = join(data, 'glossary');
cpSync(join(ROOT, 'glossary'), glossaryDir, { recursive: true });
const env = { ...process.env, GLOSSARY_DIR: glossaryDir, GLOSSARY_DB: join(data, 'glossary.db'), SERVICE_DB: join(data, 'service.db'), TM_DB: join(data, 'tm.db'), HOST: '127.0.0.1' };

spawnSync(process.execPath, [BIN, 'build'], { env, stdio: 'ignore' });
const token = spawnSync(process.execPath, [BIN, 'token', 'create', 'bench'], { env, encoding: 'utf8' }).stdout.trim();

const toggler = new AliasToggler(token, '基准测试别名', WRITES_PER_SECOND);
const article = seedArticle(SEEDS);

type Shape = Omit<autocannon.Options, 'url'> & { path: string };

async function load(title: string, url: string, options: Shape, sameRequests: number): Promise<void> {
  const { path, ...rest } = options;
  const warmupWrites = toggler.run(url);
  await autocannon({ connections: CONNECTIONS, duration: WARMUP_SECONDS, ...rest, url: url + path });
  await warmupWrites.stop();
  const writes = toggler.run(url);
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...rest, url: url + path });
  const w = await writes.stop();
  const fiveHundreds = result['5xx'];
  console.log(
    `${title.padEnd(34)} ${Math.round(result.requests.average).toLocaleString('en').padStart(7)} req/s (slowest second ${result.requests.min.toLocaleString('en')})   p50 ${String(result.latency.p50).padStart(3)} ms   p99 ${String(result.latency.p99).padStart(3)} ms   ` +
      `errors ${result.errors}   non-2xx ${result.non2xx} (5xx ${fiveHundreds})   writes during the run ${w.writes} (failed ${w.failed})   ` +
      `${Math.round((100 * result.requests.average) / anchor)}% of the anchor, ${Math.round((100 * result.requests.average) / sameRequests)}% of it under the same requests`,
  );
}

/**
 * The anchor: Node's bare http server in its own process, answering every request
 * with a fixed 650-byte JSON body (the size of a lookup answer). What this machine
 * can serve at all, measured in the same run, so a slow spell of the VM shows: first
 * under one fixed GET, then under each route's own requests (the lookups' rotating
 * queries, made by a callback per request, and the 2 KB POST bodies), since on two
 * cores the load generator's work per request takes from what the server gets.
 */
async function bareHttpAnchor(shapes: readonly Shape[]): Promise<number[]> {
  const script = `const body = JSON.stringify({ pad: 'x'.repeat(630) });
require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); }); })
  .listen(0, '127.0.0.1', function () { console.error('on http://127.0.0.1:' + this.address().port); });`;
  const bare = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const url = await new Promise<string>((ok) => bare.stderr.on('data', (chunk: Buffer) => { const m = /on (http:\/\/\S+)/.exec(chunk.toString()); if (m) ok(m[1]!); }));
    const rates: number[] = [];
    for (const { path, ...rest } of [{ path: '/v1/lookup?limit=5&q=huida' }, ...shapes]) {
      const options = { connections: CONNECTIONS, ...rest, url: url + path };
      await autocannon({ ...options, duration: WARMUP_SECONDS });
      rates.push((await autocannon({ ...options, duration: SECONDS })).requests.average);
    }
    return rates;
  } finally {
    bare.kill();
  }
}

let q = 0;
const lookups: Shape = {
  path: '/v1/lookup?limit=5&q=huida',
  requests: [{ method: 'GET', setupRequest: (req: autocannon.Request) => ({ ...req, path: `/v1/lookup?limit=5&q=${encodeURIComponent(LOOKUP_QUERIES[q++ % LOOKUP_QUERIES.length]!)}` }) }],
};
const canonicalizes: Shape = { method: 'POST', path: '/v1/canonicalize', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: article, to: 'zh-TW' }) };
const [anchor, anchorLookups, anchorCanonicalizes] = (await bareHttpAnchor([lookups, canonicalizes])) as [number, number, number];
const { child, url } = await startServeProcess(env, { quiet: true });
try {
  console.log(`\nload test on loopback: ${CONNECTIONS} connections, ${SECONDS} s per run after ${WARMUP_SECONDS} s untimed, the service in one process (one core), autocannon in another; ${WRITES_PER_SECOND} glossary writes/s during each run`);
  const rate = (x: number) => Math.round(x).toLocaleString('en').padStart(7);
  console.log(`${'anchor: bare node:http, fixed 650 B'.padEnd(34)} ${rate(anchor)} req/s   (what this machine serves at all, in this run, under one fixed GET)`);
  console.log(`${'  the same, under the lookups'.padEnd(34)} ${rate(anchorLookups)} req/s   (the rotating queries below, sent to it)`);
  console.log(`${'  the same, under the canonicalizes'.padEnd(34)} ${rate(anchorCanonicalizes)} req/s   (the 2 KB POSTs below, sent to it)`);
  await load('GET /v1/lookup (mixed queries)', url, lookups, anchorLookups);
  await load(`POST /v1/canonicalize (${Buffer.byteLength(article)} B article)`, url, canonicalizes, anchorCanonicalizes);
  console.log('targets: lookup above 10,000 req/s, canonicalize above 3,000 req/s, p99 under 20 ms, zero errors and zero 5xx');
} finally {
  child.kill('SIGTERM');
}
