// Abuse figures for `glossary serve` as its own process, on loopback (never a test: the
// figures depend on the machine):
//  1. slow bodies: ABUSE_CONNECTIONS raw sockets (default 1,000), each declaring a 4 MB
//     body and sending all of it but the last byte, then holding; the service's RSS
//     before, at its peak and after, and /healthz and a small canonicalize meanwhile;
//  2. heavy work: one, then 8 concurrent canonicalizes of the largest body the service
//     takes (dense names, the worst case for the answer's size), with /healthz meanwhile.
// Run: npx tsx scripts/bench-abuse.ts (ABUSE_ONLY=bodies or ABUSE_ONLY=work for one part).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServeProcess } from './serve-process.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'scripts/glossary.cjs');
const CONNECTIONS = Number(process.env.ABUSE_CONNECTIONS ?? 1000);
const HOLD_SECONDS = Number(process.env.ABUSE_HOLD_SECONDS ?? 15);
const BODY_BYTES = 4 * 1024 * 1024;
const ONLY = process.env.ABUSE_ONLY;

const data = mkdtempSync(join(tmpdir(), 'bench-abuse-'));
const glossaryDir = join(data, 'glossary');
cpSync(join(ROOT, 'glossary'), glossaryDir, { recursive: true });
const env = { ...process.env, GLOSSARY_DIR: glossaryDir, GLOSSARY_DB: join(data, 'glossary.db'), SERVICE_DB: join(data, 'service.db'), TM_DB: join(data, 'tm.db'), HOST: '127.0.0.1' };
spawnSync(process.execPath, [BIN, 'build'], { env, stdio: 'ignore' });

const { child, url } = await startServeProcess(env, { quiet: true });
const { hostname, port } = new URL(url);
console.log(`service pid ${child.pid} at ${url}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The service's resident set, in MB (Linux). */
function rssMb(): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** One request on a fresh connection: status and milliseconds to the whole answer. */
function timed(method: string, path: string, body?: string): Promise<{ status: number; ms: number }> {
  const t = performance.now();
  return new Promise((ok) => {
    const req = request({ host: hostname, port, method, path, agent: false, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      res.resume();
      res.on('end', () => ok({ status: res.statusCode ?? 0, ms: performance.now() - t }));
    });
    req.on('error', () => ok({ status: 0, ms: performance.now() - t }));
    req.end(body);
  });
}

/** Probe /healthz back to back until stopped; the latencies and failures seen. */
function probe(path = '/healthz', body?: string) {
  const latencies: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const r = await timed(body ? 'POST' : 'GET', path, body);
      if (r.status === 200) latencies.push(r.ms);
      else failures++;
      await sleep(20);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1) : '-');
      return { answered: latencies.length, failures, p50: at(0.5), p99: at(0.99), max: at(1) };
    },
  };
}

async function slowBodies(): Promise<void> {
  const body = Buffer.alloc(BODY_BYTES - 1, 'a');
  body.write('{"text":"');
  const head = `POST /v1/canonicalize HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${BODY_BYTES}\r\n\r\n`;
  await sleep(1000);
  const before = rssMb();
  const statuses = new Map<string, number>();
  let closed = 0;
  const sockets: Socket[] = [];
  const health = probe();
  const canon = probe('/v1/canonicalize', JSON.stringify({ text: '川普宣布辉达H200晶片可出口', to: 'zh-CN' }));
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 100);
  const t0 = performance.now();
  for (let i = 0; i < CONNECTIONS; i++) {
    const s = connect(Number(port), hostname);
    let answer = '';
    s.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    s.on('error', () => {});
    s.on('close', () => {
      closed++;
      const status = /^HTTP\/1\.1 (\d+)/.exec(answer)?.[1] ?? 'none';
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
    s.write(head);
    s.write(body);
    sockets.push(s);
    if (i % 50 === 49) await sleep(10);
  }
  console.log(`opened ${CONNECTIONS} connections in ${((performance.now() - t0) / 1000).toFixed(1)} s; holding ${HOLD_SECONDS} s`);
  for (let s = 0; s < HOLD_SECONDS; s++) {
    await sleep(1000);
    console.log(`  t=${s + 1}s rss ${rssMb()} MB, closed by the service so far ${closed}`);
  }
  const closedByService = closed;
  for (const s of sockets) s.destroy();
  await sleep(3000);
  clearInterval(sampler);
  const after = rssMb();
  const h = await health.stop();
  const c = await canon.stop();
  console.log(`slow bodies: ${CONNECTIONS} connections x ${BODY_BYTES - 1} bytes of a ${BODY_BYTES}-byte body`);
  console.log(`  RSS before ${before} MB, peak ${peak} MB (+${peak - before}), 3 s after the clients left ${after} MB (+${after - before})`);
  console.log(`  closed by the service within ${HOLD_SECONDS} s: ${closedByService}; answers the slow clients saw: ${JSON.stringify(Object.fromEntries(statuses))}`);
  console.log(`  /healthz meanwhile: ${h.answered} answered, ${h.failures} failed, ms p50 ${h.p50} p99 ${h.p99} max ${h.max}`);
  console.log(`  small canonicalize meanwhile: ${c.answered} answered, ${c.failures} failed, ms p50 ${c.p50} p99 ${c.p99} max ${c.max}`);
}

async function heavyWork(): Promise<void> {
  // The longest text the service takes (1,000,000 characters, 3 MB), all names: the most
  // mentions, so the largest answer.
  const text = '川普'.repeat(500_000);
  const body = JSON.stringify({ text, to: 'zh-CN' });
  const run = async (n: number) => {
    const health = probe();
    const t = performance.now();
    // Answers are counted and dropped, not decoded: the probe shares this process.
    const results = await Promise.all(
      Array.from(
        { length: n },
        () =>
          new Promise<{ status: number; bytes: number }>((ok, fail) => {
            const req = request({ host: hostname, port, method: 'POST', path: '/v1/canonicalize', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
              let bytes = 0;
              res.on('data', (d: Buffer) => (bytes += d.length));
              res.on('end', () => ok({ status: res.statusCode ?? 0, bytes }));
            });
            req.on('error', fail);
            req.end(body);
          }),
      ),
    );
    const seconds = ((performance.now() - t) / 1000).toFixed(2);
    const h = await health.stop();
    console.log(`  ${n} x ${Buffer.byteLength(body)} bytes: statuses ${[...new Set(results.map((r) => r.status))].join(',')}, answer ${(results[0]!.bytes / 1024 / 1024).toFixed(1)} MB each, all done in ${seconds} s; /healthz ms p50 ${h.p50} p99 ${h.p99} max ${h.max} (${h.answered} answered, ${h.failures} failed); RSS now ${rssMb()} MB`);
  };
  console.log('heavy canonicalize (dense names, largest body):');
  await run(1); // warm-up
  await run(1);
  await run(8);
}

try {
  if (ONLY !== 'work') await slowBodies();
  if (ONLY !== 'bodies') await heavyWork();
} finally {
  child.kill('SIGTERM');
}
