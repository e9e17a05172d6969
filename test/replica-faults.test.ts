import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivatePostgres } from './private-postgres.ts';
import { glossaryCli, startReplicas, stopReplicas, type Replica } from './replica-set.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One answer seen during the run: when (ms from the start), what was asked, and its status (0: no answer at all). */
interface Seen {
  readonly at: number;
  readonly what: 'read' | 'write';
  readonly status: number;
  readonly retryAfter: string | null;
}

// PostgreSQL crashes and comes back while three replicas serve reads and writes. The
// server is this file's own (PrivatePostgres), so stopping it disturbs no other test.
describe('replicas while PostgreSQL restarts under reads and writes', () => {
  let server: PrivatePostgres;
  let env: NodeJS.ProcessEnv;
  let auth: Record<string, string>;
  let replicas: Replica[] = [];

  beforeAll(async () => {
    server = await PrivatePostgres.create();
    const admin = new pg.Client({ connectionString: server.url() });
    await admin.connect();
    await admin.query('create database glossary');
    await admin.end();
    ({ env, auth, replicas } = await startReplicas(server.url('glossary')));
  });
  afterAll(async () => {
    await stopReplicas(replicas);
    await server?.stop().catch(() => undefined);
  });

  it('answers reads throughout, writes 503 with Retry-After only while the database is down, loses no acknowledged write, and replicas follow each other again after', async () => {
    const started = performance.now();
    const seen: Seen[] = [];
    const acknowledged: string[] = [];
    let running = true;
    let n = 0;
    const request = async (what: Seen['what'], init: RequestInit & { path: string }) => {
      const replica = replicas[n++ % 3]!;
      const at = performance.now() - started;
      try {
        const res = await fetch(replica.url + init.path, { ...init, headers: { ...auth, 'content-type': 'application/json' } });
        await res.arrayBuffer();
        seen.push({ at, what, status: res.status, retryAfter: res.headers.get('retry-after') });
        return res.status;
      } catch {
        seen.push({ at, what, status: 0, retryAfter: null });
        return 0;
      }
    };
    const reader = async () => {
      while (running) {
        await request('read', { path: `/v1/lookup?q=${encodeURIComponent('辉达')}` });
        await request('read', { method: 'POST', path: '/v1/canonicalize', body: JSON.stringify({ text: '輝達與台積電', to: 'zh-CN' }) });
      }
    };
    const writer = async () => {
      for (let i = 0; running; i++) {
        const alias = `重启${i}`;
        if ((await request('write', { method: 'PATCH', path: '/v1/entities/nvidia', body: JSON.stringify({ add: alias }) })) === 200) acknowledged.push(alias);
        await sleep(10);
      }
    };
    const traffic = Promise.all([reader(), reader(), writer()]);
    await sleep(1500);
    const down = performance.now() - started;
    await server.stop('immediate');
    await sleep(2000);
    await server.start();
    const up = performance.now() - started;
    // Replicas reconnect by themselves: writes succeed again.
    const writesBefore = acknowledged.length;
    const deadline = performance.now() + 15_000;
    while (acknowledged.length < writesBefore + 5 && performance.now() < deadline) await sleep(50);
    running = false;
    await traffic;

    // Reads never touch the database: every one answered 200.
    const reads = seen.filter((s) => s.what === 'read');
    expect(reads.length).toBeGreaterThan(50);
    expect(reads.filter((s) => s.status !== 200)).toEqual([]);
    // Writes: 200, or 503 with Retry-After inside the restart window (a request already
    // waiting when the server went down, up to the pool's 5 s connection timeout after it came back).
    const writes = seen.filter((s) => s.what === 'write');
    expect(writes.filter((s) => s.status !== 200 && s.status !== 503)).toEqual([]);
    const unavailable = writes.filter((s) => s.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const s of unavailable) {
      expect(s.retryAfter).toBe('1');
      expect(s.at).toBeGreaterThan(down - 1000);
      expect(s.at).toBeLessThan(up + 5000);
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(writesBefore + 5);

    // Every acknowledged write is on every replica, and an edit now reaches the others within a second.
    const has = async (replica: number, aliases: string[]) => {
      const entity = (await (await fetch(`${replicas[replica]!.url}/v1/entities/nvidia`)).json()) as { aliases: string[] };
      return aliases.every((a) => entity.aliases.includes(a));
    };
    for (let r = 0; r < 3; r++) {
      const until = performance.now() + 5000;
      while (!(await has(r, acknowledged)) && performance.now() < until) await sleep(50);
      expect(await has(r, acknowledged), `replica ${r}`).toBe(true);
    }
    const edit = await fetch(`${replicas[0]!.url}/v1/entities/nvidia`, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ add: '重启之后' }) });
    expect(edit.status).toBe(200);
    const sent = performance.now();
    for (const r of [1, 2]) while (!(await has(r, ['重启之后'])) && performance.now() - sent < 5000) await sleep(20);
    expect(performance.now() - sent).toBeLessThan(1000);

    const check = glossaryCli(env, 'check');
    expect(check.stderr).toMatch(/consistent$/m);
    expect(check.status).toBe(0);
  }, 120_000);
});
