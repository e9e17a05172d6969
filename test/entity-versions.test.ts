import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityHistory } from '../src/service/journal.ts';
import { buildTestStore, type TestStore } from './helpers.ts';
import { freshDatabase, SERVICE_DIALECTS } from './postgres.ts';

// Optimistic concurrency on entities: a version per entity (its last change's number),
// GET's ETag, If-Match on PUT, PATCH and DELETE; the same tests on each service store.
describe.each(SERVICE_DIALECTS)('entity versions with the service store in %s', (dialect) => {
  let store: TestStore;
  const database = dialect === 'postgres' ? freshDatabase() : undefined;

  beforeAll(async () => {
    store = await buildTestStore(false, {}, database?.url);
  });
  afterAll(async () => {
    await store.keeper.close();
    await store.service.destroy();
  });

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await store.app.request(path, {
      method,
      headers: { ...store.auth, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, etag: res.headers.get('etag'), json: text ? (JSON.parse(text) as any) : undefined };
  }

  it('gives an entity nobody changed through the service version 0, as its ETag too', async () => {
    const got = await call('GET', '/v1/entities/nvidia');
    expect(got.status).toBe(200);
    expect(got.json.version).toBe(0);
    expect(got.etag).toBe('"0"');
    const page = await call('GET', '/v1/entities?limit=2');
    expect(page.json.entities.map((e: any) => e.version)).toEqual([0, 0]);
  });

  it('takes a write whose If-Match is the current version, and moves the version to the write’s change number', async () => {
    const patched = await call('PATCH', '/v1/entities/nvidia', { add: '恩维达' }, { 'if-match': '"0"' });
    expect(patched.status).toBe(200);
    const seq = (await entityHistory(store.service, 'nvidia', { limit: 1 })).changes[0]!.seq;
    expect(patched.json.version).toBe(seq);
    expect(patched.etag).toBe(`"${seq}"`);
    const got = await call('GET', '/v1/entities/nvidia');
    expect(got.json.version).toBe(seq);
    expect(got.json.aliases).toContain('恩维达');
    // Another entity's version is untouched.
    expect((await call('GET', '/v1/entities/tsmc')).json.version).toBe(0);
  });

  it('refuses a write from a stale version with 409 and the entity as it is now, and writes nothing', async () => {
    const current = (await call('GET', '/v1/entities/nvidia')).json;
    const historyBefore = (await entityHistory(store.service, 'nvidia', { limit: 50 })).changes.length;
    for (const [method, body] of [['PATCH', { add: '英伟达公司' }], ['PUT', { ...current, version: undefined, aliases: [] }], ['DELETE', undefined]] as const) {
      const stale = await call(method, '/v1/entities/nvidia', body, { 'if-match': '"0"' });
      expect(stale.status, method).toBe(409);
      expect(stale.json.error).toContain(`nvidia is at version ${current.version}, not 0`);
      expect(stale.json.conflict).toMatchObject({ id: 'nvidia', version: current.version, aliases: current.aliases });
    }
    expect((await entityHistory(store.service, 'nvidia', { limit: 50 })).changes).toHaveLength(historyBefore);
    expect((await call('GET', '/v1/entities/nvidia')).json).toEqual(current);
  });

  it('reads the version in a body sent back as GET returned it, when there is no If-Match', async () => {
    const current = (await call('GET', '/v1/entities/nvidia')).json;
    const stale = await call('PUT', '/v1/entities/nvidia', { ...current, version: current.version - 1, note: 'stale' });
    expect(stale.status).toBe(409);
    const fresh = await call('PUT', '/v1/entities/nvidia', { ...current, note: 'read back and sent' });
    expect(fresh.status).toBe(200);
    expect(fresh.json.note).toBe('read back and sent');
    expect(fresh.json.version).toBeGreaterThan(current.version);
    // If-Match wins over the body's version: * takes any version, a number only its own.
    expect((await call('PUT', '/v1/entities/nvidia', { ...current, note: 'star' }, { 'if-match': '*' })).status).toBe(200);
    const now = (await call('GET', '/v1/entities/nvidia')).json.version;
    expect((await call('PUT', '/v1/entities/nvidia', { ...current, note: 'header wins' }, { 'if-match': `"${now}"` })).status).toBe(200);
  });

  it('refuses an If-Match that is no ETag with 400, naming the header', async () => {
    const bad = await call('PATCH', '/v1/entities/nvidia', { add: '某名' }, { 'if-match': 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toContain('If-Match must be the entity\'s ETag');
  });

  it('moves a deleted entity’s version on, so a restore or a new entity of that id is not mistaken for the old', async () => {
    const version = (await call('GET', '/v1/entities/tsmc')).json.version;
    expect((await call('DELETE', '/v1/entities/tsmc', undefined, { 'if-match': `"${version}"` })).status).toBe(204);
    const restored = await call('POST', '/v1/entities/tsmc/restore');
    expect(restored.status).toBe(200);
    expect(restored.json.version).toBeGreaterThan(version + 1);
  });
});
