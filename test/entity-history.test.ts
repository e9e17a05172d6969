import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestStore, fixtureGlossaryDir, ROOT, tempDir, type TestStore } from './helpers.ts';

let store: TestStore;

beforeAll(async () => {
  store = await buildTestStore(false);
});

async function call(method: string, path: string, body?: unknown) {
  const res = await store.app.request(path, { method, headers: { ...store.auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
}

describe('GET /v1/entities/{id}/history pages', () => {
  // 55 changes to huawei: an alias added and removed in turn, then one more added.
  const seqs: number[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 55; i++) {
      const res = await call('PATCH', '/v1/entities/huawei', i % 2 === 0 ? { add: `历史别名${i}` } : { remove: `历史别名${i - 1}` });
      expect(res.status).toBe(200);
    }
    // Another entity's change between them is not in huawei's history.
    expect((await call('PATCH', '/v1/entities/tsmc', { add: '别家的改动' })).status).toBe(200);
    const all = await call('GET', '/v1/entities/huawei/history?limit=500');
    seqs.push(...all.json.changes.map((c: any) => c.seq));
  });

  it('answers 50 changes by default, newest first, with the cursor of the next page', async () => {
    expect(seqs).toHaveLength(55);
    const first = await call('GET', '/v1/entities/huawei/history');
    expect(first.status).toBe(200);
    expect(first.json.changes).toHaveLength(50);
    expect(first.json.changes.map((c: any) => c.seq)).toEqual(seqs.slice(0, 50));
    expect(first.json.next).toBe(seqs[49]);
    // The newest change is the 55th edit: 历史别名54 added.
    expect(first.json.changes[0]).toMatchObject({ action: 'update', actor: 'tester' });
    expect(first.json.changes[0].after.aliases).toContain('历史别名54');
    expect(first.json.changes[0].before.aliases).not.toContain('历史别名54');
  });

  it('walks every change exactly once with limit and before, and says where it ends', async () => {
    const walked: number[] = [];
    const pages: number[] = [];
    let before: number | null = null;
    // At most 10 pages: a cursor that never ends fails the test instead of hanging it.
    for (let i = 0; i < 10; i++) {
      const page: { json: { changes: { seq: number }[]; next?: number | null } } = await call('GET', `/v1/entities/huawei/history?limit=20${before === null ? '' : `&before=${before}`}`);
      pages.push(page.json.changes.length);
      walked.push(...page.json.changes.map((c) => c.seq));
      if (typeof page.json.next !== 'number') break;
      before = page.json.next;
    }
    expect(pages).toEqual([20, 20, 15]);
    expect(walked).toEqual(seqs);
    // Descending, so no change is on two pages.
    expect([...walked].sort((a, b) => b - a)).toEqual(walked);
    // Restore finds a change on the last page as well as on the first.
    const restored = await call('POST', '/v1/entities/huawei/restore', { seq: walked.at(-1) });
    expect(restored.status).toBe(200);
    expect(restored.json.aliases).not.toContain('历史别名0');
    expect(restored.json.aliases).not.toContain('历史别名54');
  });

  it('says how to fix a bad limit or before', async () => {
    expect(await call('GET', '/v1/entities/huawei/history?limit=501')).toEqual({ status: 400, json: { error: 'limit must be 1 to 500' } });
    expect(await call('GET', '/v1/entities/huawei/history?limit=0')).toEqual({ status: 400, json: { error: 'limit must be 1 to 500' } });
    expect((await call('GET', '/v1/entities/huawei/history?before=abc')).json.error).toMatch(/before must be a change number/);
    expect((await call('GET', '/v1/entities/huawei/history?before=-3')).status).toBe(400);
  });

  it('an entity never edited has an empty last page', async () => {
    expect(await call('GET', '/v1/entities/baidu/history')).toEqual({ status: 200, json: { id: 'baidu', changes: [], next: null } });
  });

  it('documents the paging in the OpenAPI schema', async () => {
    const doc = (await (await store.app.request('/openapi.json')).json()) as any;
    const get = doc.paths['/v1/entities/{id}/history'].get;
    expect(get.parameters.map((p: any) => `${p.in}:${p.name}`).sort()).toEqual(['path:id', 'query:before', 'query:limit']);
    expect(doc.components.schemas.EntityHistory.required).toEqual(expect.arrayContaining(['id', 'changes', 'next']));
  });
});

const BIN = join(ROOT, 'scripts/glossary.cjs');

describe('glossary entity: --actor, GLOSSARY_ACTOR, and history pages', () => {
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    const data = tempDir();
    env = { ...process.env, GLOSSARY_DIR: fixtureGlossaryDir(false), GLOSSARY_DB: join(data, 'glossary.db'), SERVICE_DB: join(data, 'service.db'), TM_DB: join(data, 'tm.db') };
    delete env.GLOSSARY_ACTOR;
  });
  const glossary = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [BIN, ...args], { env: { ...env, ...extra }, cwd: ROOT }, (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    });

  it('records --actor, else GLOSSARY_ACTOR, else cli:<login>', async () => {
    expect((await glossary(['entity', 'alias', 'nvidia', '--add', '甲别名', '--actor', '王小明'])).code).toBe(0);
    expect((await glossary(['entity', 'alias', 'nvidia', '--add', '乙别名'], { GLOSSARY_ACTOR: 'night desk' })).code).toBe(0);
    expect((await glossary(['entity', 'alias', 'nvidia', '--remove', '乙别名', '--actor', 'alice'], { GLOSSARY_ACTOR: 'night desk' })).code).toBe(0);
    expect((await glossary(['entity', 'alias', 'nvidia', '--remove', '甲别名'])).code).toBe(0);
    const history = await glossary(['entity', 'history', 'nvidia', '--json']);
    const changes = JSON.parse(history.stdout).changes as { actor: string }[];
    expect(changes.map((c) => c.actor).slice(0, 3)).toEqual([expect.stringMatching(/^cli:./), 'alice', 'night desk']);
    expect(changes[3]!.actor).toBe('王小明');
  });

  it('refuses an actor that is empty, too long or not printable, and writes nothing', async () => {
    const tab = await glossary(['entity', 'alias', 'nvidia', '--add', '丙别名', '--actor', 'a\tb']);
    expect(tab.code).not.toBe(0);
    expect(tab.stderr).toContain('the actor contains the control or format character U+0009 at 1');
    const long = await glossary(['entity', 'delete', 'nvidia', '--actor', 'x'.repeat(65)]);
    expect(long.code).not.toBe(0);
    expect(long.stderr).toContain('the actor is 65 characters long; at most 64');
    const empty = await glossary(['entity', 'alias', 'nvidia', '--add', '丙别名'], { GLOSSARY_ACTOR: '  ' });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('glossary: GLOSSARY_ACTOR is empty');
    expect(JSON.parse((await glossary(['entity', 'history', 'nvidia', '--json'])).stdout).changes).toHaveLength(4);
  });

  it('pages the history with --limit and --before, the JSON as GET answers it', async () => {
    const first = await glossary(['entity', 'history', 'nvidia', '--limit', '3']);
    const lines = first.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    const last = Number(/^#(\d+)/.exec(lines[2]!)![1]);
    expect(first.stderr).toContain(`older changes: glossary entity history nvidia --before ${last}`);
    const rest = JSON.parse((await glossary(['entity', 'history', 'nvidia', '--before', String(last), '--json'])).stdout);
    expect(rest.changes).toHaveLength(1);
    expect(rest.next).toBeNull();
    expect(rest.changes[0]).toMatchObject({ action: 'update', actor: '王小明', merged: false, after: { id: 'nvidia', names: { 'zh-HK': 'NVIDIA' } } });
    expect(Object.keys(rest.changes[0]).sort()).toEqual(['action', 'actor', 'after', 'at', 'before', 'merged', 'seq']);
    expect((await glossary(['entity', 'history', 'nvidia', '--limit', '0'])).stderr).toContain('must be a whole number from 1 to 500');
  });
});
