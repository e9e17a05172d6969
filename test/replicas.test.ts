import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess } from '../scripts/serve-process.ts';
import { freshDatabase } from './postgres.ts';
import { glossaryCli, startReplicas, stopReplicas, type Replica } from './replica-set.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Replicas: three `glossary serve` processes over one PostgreSQL database (DATABASE_URL:
// the glossary store, the service store and the translation memory); requests spread
// over them round-robin.
describe('three service replicas over one PostgreSQL database', () => {
  let env: NodeJS.ProcessEnv;
  let auth: Record<string, string>;
  let replicas: Replica[] = [];
  const database = freshDatabase();

  beforeAll(async () => {
    ({ env, auth, replicas } = await startReplicas(database.url));
  });
  // Stopped before the database is dropped (the hooks after this one).
  afterAll(() => stopReplicas(replicas));

  async function call(replica: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(replicas[replica]!.url + path, {
      method,
      headers: { ...auth, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, etag: res.headers.get('etag'), json: text ? (JSON.parse(text) as any) : undefined };
  }

  /** How long until every replica in `which` answers `ok` for GET path, polling every 20 ms (up to 10 s). */
  async function untilAll(which: number[], path: string, ok: (entity: any) => boolean): Promise<number> {
    const started = performance.now();
    for (const r of which) {
      for (;;) {
        const got = await call(r, 'GET', path);
        if (got.status === 200 && ok(got.json)) break;
        if (performance.now() - started > 10_000) throw new Error(`replica ${r} did not show the change within 10 s: ${JSON.stringify(got.json).slice(0, 200)}`);
        await sleep(20);
      }
    }
    return performance.now() - started;
  }

  it('shows an edit made on one replica on the other two within a second', async () => {
    for (let round = 0; round < 3; round++) {
      const alias = `复制测试${round}`;
      const from = round % 3;
      const patched = await call(from, 'PATCH', '/v1/entities/nvidia', { add: alias });
      expect(patched.status).toBe(200);
      const others = [0, 1, 2].filter((r) => r !== from);
      const ms = await untilAll(others, '/v1/entities/nvidia', (e) => e.aliases.includes(alias) && e.version === patched.json.version);
      expect(ms).toBeLessThan(1000);
      // A canonicalize on another replica uses the new name at once too.
      const canon = await call(others[0]!, 'POST', '/v1/canonicalize', { text: `${alias}发布新芯片`, to: 'zh-CN' });
      expect(canon.json.text).toBe('英伟达发布新芯片');
    }
  });

  it('loads a new build on every replica within a second: one generation in the database, written once', async () => {
    appendFileSync(join(env.GLOSSARY_DIR!, 'terms.yaml'), '\n- id: replica-build-term\n  kind: term\n  names: { zh-CN: 副本构建词, en: replica build term }\n');
    const built = glossaryCli(env, 'build');
    expect(built.status).toBe(0);
    expect(built.stderr).toMatch(/built glossary_build_\d+ in DATABASE_URL: \d+ entities/);
    const ms = await untilAll([0, 1, 2], '/v1/entities/replica-build-term', (e) => e.names.en === 'replica build term');
    expect(ms).toBeLessThan(1000);
    // The build took in the journal's changes (the edits above): nothing made through the service is lost.
    const nvidia = await call(2, 'GET', '/v1/entities/nvidia');
    expect(nvidia.json.aliases).toEqual(expect.arrayContaining(['复制测试0', '复制测试1', '复制测试2']));
  });

  it('lets one of two replicas writing the same version of an entity win; the other gets 409 with the winner’s entity', async () => {
    const current = await call(0, 'GET', '/v1/entities/tsmc');
    const etag = current.etag!;
    const [a, b] = await Promise.all([
      call(1, 'PATCH', '/v1/entities/tsmc', { add: '台积甲' }, { 'if-match': etag }),
      call(2, 'PATCH', '/v1/entities/tsmc', { add: '台积乙' }, { 'if-match': etag }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    const winnerAlias = a.status === 200 ? '台积甲' : '台积乙';
    expect(loser.json.conflict.version).toBe(winner.json.version);
    expect(loser.json.conflict.aliases).toContain(winnerAlias);
    const history = await call(0, 'GET', '/v1/entities/tsmc/history');
    expect(history.json.changes).toHaveLength(1);
    expect(history.json.changes[0].after.aliases).toContain(winnerAlias);
    expect(history.json.changes[0].after.aliases).not.toContain(winnerAlias === '台积甲' ? '台积乙' : '台积甲');
  });

  it('shares one translation memory: a unit added through one replica is matched by the others at once, and an edit there reaches their lookups', async () => {
    const added = await call(0, 'POST', '/v1/tm/units', { segments: { 'zh-CN': '英伟达发布新一代AI芯片', en: 'NVIDIA unveils a new generation of AI chips' } });
    expect(added.status).toBe(201);
    for (const r of [1, 2]) {
      const found = await call(r, 'POST', '/v1/tm/lookup', { text: '輝達發布新一代AI晶片', from: 'zh-TW', to: 'en' });
      expect(found.json.matches[0]).toMatchObject({ unitId: added.json.unitId, score: 100, target: 'NVIDIA unveils a new generation of AI chips' });
    }
    // An alias added on replica 1 makes its spelling one token with the entity's on replica 2's lookups too.
    expect((await call(1, 'PATCH', '/v1/entities/nvidia', { add: '恩伟迪' })).status).toBe(200);
    await untilAll([2], '/v1/entities/nvidia', (e) => e.aliases.includes('恩伟迪'));
    const patched = await call(2, 'POST', '/v1/tm/lookup', { text: '恩伟迪发布新一代AI芯片', from: 'zh-CN', to: 'en' });
    expect(patched.json.matches[0]).toMatchObject({ unitId: added.json.unitId, score: 100 });
  });

  it('loses no acknowledged write when a replica is killed with SIGKILL mid-stream, and the journal stays consistent', async () => {
    const ids = ['amd', 'intel', 'qualcomm', 'broadcom'];
    const acknowledged: { id: string; alias: string }[] = [];
    let failed = 0;
    let next = 0;
    const writer = async (w: number) => {
      for (let i = 0; i < 30; i++) {
        const replica = next++ % 3;
        const id = ids[(w + i) % ids.length]!;
        const alias = `副本${w}乙${i}`;
        try {
          const res = await call(replica, 'PATCH', `/v1/entities/${id}`, { add: alias });
          if (res.status === 200) acknowledged.push({ id, alias });
          else failed++;
        } catch {
          failed++; // the killed replica's connection: not acknowledged
        }
      }
    };
    const killer = (async () => {
      while (acknowledged.length < 15) await sleep(5);
      replicas[1]!.child.kill('SIGKILL');
    })();
    await Promise.all([writer(0), writer(1), killer]);
    expect(acknowledged.length).toBeGreaterThan(30);
    expect(failed).toBeGreaterThan(0);
    // Every acknowledged write is on both surviving replicas, and on the killed one once restarted.
    replicas[1] = await startServeProcess(env, { quiet: true });
    for (const id of ids) {
      const mine = acknowledged.filter((w) => w.id === id).map((w) => w.alias);
      await untilAll([0, 1, 2], `/v1/entities/${id}`, (e) => mine.every((alias) => e.aliases.includes(alias)));
    }
    const check = glossaryCli(env, 'check', '--json');
    expect(check.stderr).toContain('consistent');
    expect(check.status).toBe(0);
    const report = JSON.parse(check.stdout);
    expect(report.problems).toEqual([]);
    // Every change in the journal is a whole write: acknowledged ones, plus at most the few the killed replica committed unanswered.
    expect(report.changes).toBeGreaterThanOrEqual(acknowledged.length + 4);
  });
});
