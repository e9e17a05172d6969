import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGlossary } from '../src/glossary/build.ts';
import { openStore } from '../src/db/connection.ts';
import { GlossaryKeeper } from '../src/service/glossary-keeper.ts';
import { lastChangeSeq, readJournalForBuild } from '../src/service/journal.ts';
import { createToken, revokeToken } from '../src/service/tokens.ts';
import { createApp } from '../src/http/app.ts';
import { buildTestStore, tempDir, type TestStore } from './helpers.ts';

let store: TestStore;

beforeAll(async () => {
  store = await buildTestStore(false);
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = store.auth) {
  const res = await store.app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
  return { status: res.status, headers: res.headers, json: isJson ? (JSON.parse(text) as any) : undefined };
}

const canon = async (text: string, to = 'zh-CN') => (await call('POST', '/v1/canonicalize', { text, to })).json;

// Iluvatar CoreX (天数智芯), a GPU start-up the seeds do not name, so not in the glossary.
const MOORE = { id: 'iluvatar-corex', kind: 'org', names: { 'zh-CN': '天数智芯', 'zh-TW': '天數智芯', 'zh-HK': null, en: 'Iluvatar CoreX' }, aliases: ['上海天数智芯半导体'] };

describe('entity writes', () => {
  it('adds an entity that the very next canonicalize and lookup use', async () => {
    const of = (mentions: any[]) => mentions.filter((m) => m.entityId === 'iluvatar-corex');
    expect(of((await canon('天數智芯发布新GPU')).mentions)).toEqual([]);
    const created = await call('POST', '/v1/entities', MOORE);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: 'iluvatar-corex', names: { 'zh-CN': '天数智芯', 'zh-TW': '天數智芯', 'zh-HK': null, en: 'Iluvatar CoreX' }, aliases: ['上海天数智芯半导体'] });
    // Script variants are expanded as the build does: 天數智芯 in text is found.
    const after = await canon('天數智芯发布新GPU');
    expect(after.text).toBe('天数智芯发布新GPU');
    expect(of(after.mentions)).toMatchObject([{ start: 0, end: 4, surface: '天數智芯', replacement: '天数智芯' }]);
    expect((await canon('天数智芯发布新GPU', 'en')).text).toBe('Iluvatar CoreX发布新GPU');
    const lookup = await call('GET', `/v1/lookup?q=${encodeURIComponent('tian shu zhi xin')}`);
    expect(lookup.json.results[0].entity.id).toBe('iluvatar-corex');
    expect((await call('GET', '/v1/entities/iluvatar-corex')).json.id).toBe('iluvatar-corex');
  });

  it('refuses an id that exists with 409 and the existing entity', async () => {
    const again = await call('POST', '/v1/entities', { ...MOORE, id: 'nvidia' });
    expect(again.status).toBe(409);
    expect(again.json.conflict.id).toBe('nvidia');
  });

  it('refuses a name that folds onto another entity’s with 409, the build’s message and that entity', async () => {
    // 輝達 is NVIDIA's; writing it (in either script) for another entity is a clash.
    const clash = await call('POST', '/v1/entities', { id: 'clash-test', kind: 'org', names: { 'zh-CN': '测试公司' }, aliases: ['辉达'] });
    expect(clash.status).toBe(409);
    expect(clash.json.error).toMatch(/^clash-test: name 辉达 folds to the same key as nvidia's .* \(.*glossary\/orgs\.yaml:\d+\); declare it under `ambiguous` in both entries/);
    expect(clash.json.conflict).toMatchObject({ id: 'nvidia', names: { 'zh-CN': '英伟达' } });
    expect((await call('GET', '/v1/entities/clash-test')).status).toBe(404);
  });

  it.each([
    [{ ...MOORE, id: 'Bad Id' }, 'id: id must be lowercase letters, digits and hyphens'],
    [{ ...MOORE, id: 'x1', kind: 'company' }, 'kind: kind must be one of person, org, product, place, event, term, work'],
    [{ ...MOORE, id: 'x2', names: { 'zh-JP': '摩尔' } }, 'names.zh-JP: unknown locale zh-JP'],
    [{ ...MOORE, id: 'x3', names: { 'zh-CN': '  ' } }, 'names.zh-CN: empty name'],
    [{ ...MOORE, id: 'x4', colour: 'red' }, 'unknown field colour'],
    [{ ...MOORE, id: 'x5', aliases: ['天数\u0007'] }, 'aliases.0: contains the control character U+0007'],
    [{ ...MOORE, id: 'x6', wikidata: '12345' }, 'wikidata: wikidata must look like Q182477'],
    [{ kind: 'org', names: { en: 'X' } }, 'id: id is required'],
  ])('refuses a body that breaks a build rule with 400 and the build’s message: %#', async (body, message) => {
    const res = await call('POST', '/v1/entities', body);
    expect(res.status).toBe(400);
    expect(res.json.error).toContain(message);
  });

  it('replaces an entity; the id in the body must be the path’s', async () => {
    const put = await call('PUT', '/v1/entities/iluvatar-corex', { ...MOORE, names: { ...MOORE.names, 'zh-HK': '天數智芯' }, note: 'Hong Kong form from its press releases' });
    expect(put.status).toBe(200);
    expect(put.json.names['zh-HK']).toBe('天數智芯');
    expect((await call('PUT', '/v1/entities/iluvatar-corex', { ...MOORE, id: 'other' })).json.error).toContain('ids cannot be changed');
    expect((await call('PUT', '/v1/entities/no-such', MOORE)).status).toBe(404);
  });

  it('adds and removes one alias with PATCH', async () => {
    const added = await call('PATCH', '/v1/entities/iluvatar-corex', { add: 'Iluvatar' });
    expect(added.status).toBe(200);
    expect(added.json.aliases).toContain('Iluvatar');
    expect((await canon('Iluvatar的GPU')).mentions[0]).toMatchObject({ entityId: 'iluvatar-corex', replacement: '天数智芯' });
    // The entity a lookup shows is the entity as it is now, not as it was first shown.
    expect((await call('GET', '/v1/lookup?q=Iluvatar&limit=1')).json.results[0].entity.aliases).toEqual(['上海天数智芯半导体', 'Iluvatar']);
    const removed = await call('PATCH', '/v1/entities/iluvatar-corex', { remove: 'Iluvatar' });
    expect(removed.json.aliases).not.toContain('Iluvatar');
    expect((await canon('Iluvatar的GPU')).mentions.filter((m: any) => m.entityId === 'iluvatar-corex')).toEqual([]);
    expect((await call('GET', '/v1/lookup?q=tianshuzhixin&limit=1')).json.results[0].entity.aliases).toEqual(['上海天数智芯半导体']);
    expect((await call('PATCH', '/v1/entities/iluvatar-corex', { remove: 'Iluvatar' })).status).toBe(404);
    expect((await call('PATCH', '/v1/entities/iluvatar-corex', { add: 'a', remove: 'b' })).json.error).toContain('exactly one of add or remove');
  });

  it('deletes an entity and restores it from its history', async () => {
    expect((await call('DELETE', '/v1/entities/iluvatar-corex')).status).toBe(204);
    expect((await call('GET', '/v1/entities/iluvatar-corex')).status).toBe(404);
    expect((await canon('天数智芯')).mentions).toEqual([]);

    const history = (await call('GET', '/v1/entities/iluvatar-corex/history')).json;
    expect(history.changes.map((c: any) => c.action)).toEqual(['delete', 'update', 'update', 'update', 'create']);
    expect(history.changes.every((c: any) => c.actor === 'tester' && !c.merged)).toBe(true);
    expect(history.changes[0]).toMatchObject({ before: { id: 'iluvatar-corex' }, after: null });

    const restored = await call('POST', '/v1/entities/iluvatar-corex/restore');
    expect(restored.status).toBe(200);
    expect(restored.json.names['zh-HK']).toBe('天數智芯');
    expect((await canon('天数智芯')).mentions).toHaveLength(1);
    // An earlier version: the one the first PUT replaced (zh-HK empty).
    const firstPut = history.changes[3];
    const back = await call('POST', '/v1/entities/iluvatar-corex/restore', { seq: firstPut.seq });
    expect(back.json.names['zh-HK']).toBeNull();
  });
});

describe('who may write', () => {
  it('needs a bearer token: 401 without one, with a wrong one, and with a revoked one', async () => {
    const none = await call('POST', '/v1/entities', MOORE, {});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(none.json.error).toContain('Authorization: Bearer');
    expect((await call('DELETE', '/v1/entities/nvidia', undefined, { authorization: 'Bearer glos_wrong' })).status).toBe(401);

    const token = await createToken(store.service, 'short-lived');
    const ok = await call('PATCH', '/v1/entities/nvidia', { add: '英伟达集团' }, { authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    expect((await call('GET', '/v1/entities/nvidia/history')).json.changes[0].actor).toBe('short-lived');
    expect(await revokeToken(store.service, 'short-lived')).toBe(true);
    const revoked = await call('PATCH', '/v1/entities/nvidia', { remove: '英伟达集团' }, { authorization: `Bearer ${token}` });
    expect(revoked.status).toBe(401);
    expect(revoked.json.error).toContain('revoked');
    // Reads stay open.
    expect((await call('GET', '/v1/entities/nvidia', undefined, {})).status).toBe(200);
    expect((await call('POST', '/v1/canonicalize', { text: '辉达', to: 'zh-CN' }, {})).status).toBe(200);
  });

  it('is read-only, and says so, with no token at all', async () => {
    const dir = tempDir();
    const fresh = await buildTestStore(false);
    await revokeToken(fresh.service, 'tester');
    const res = await fresh.app.request('/v1/entities', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(MOORE) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error).toContain('read-only');
    expect(((await (await fresh.app.request('/healthz')).json()) as any)).toMatchObject({ writable: false });
    expect(dir).toBeTruthy();
  });

  it('sends CORS headers only for configured origins', async () => {
    const withCors = createApp({ glossary: () => store.keeper.current(), tm: store.tm, corsOrigins: ['https://newsroom.example'] });
    const preflight = await withCors.request('/v1/canonicalize', { method: 'OPTIONS', headers: { origin: 'https://newsroom.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://newsroom.example');
    const other = await withCors.request('/v1/lookup?q=x', { headers: { origin: 'https://elsewhere.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect((await store.app.request('/v1/lookup?q=x', { headers: { origin: 'https://newsroom.example' } })).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('edits and the build', () => {
  it('survive a rebuild from files, and a restart applies changes made after the build', async () => {
    const before = await lastChangeSeq(store.service);
    expect(before).toBeGreaterThan(0);
    // Rebuild from the (unchanged) files, with the journal: the service's entity is in the new store.
    const dbPath = join(tempDir(), 'rebuilt.db');
    // As `glossary build` reads it: the journal's name, its last change and the changes not in files.
    const journal = await readJournalForBuild(store.service);
    expect(journal.lastSeq).toBe(before);
    await buildGlossary(store.dir, dbPath, { journal });
    const rebuilt = openStore(dbPath, { readonly: true });
    const keeper = await GlossaryKeeper.open(rebuilt, store.service);
    expect(keeper.current().entries.get('iluvatar-corex')?.names['zh-CN']).toBe('天数智芯');
    expect(keeper.current().entries.get('nvidia')?.aliases).toContain('英伟达集团');

    // A change after that build is applied on open, from the journal.
    await store.keeper.delete('tester', 'iluvatar-corex');
    const reopened = await GlossaryKeeper.open(rebuilt, store.service);
    expect(reopened.current().entries.has('iluvatar-corex')).toBe(false);
    await rebuilt.destroy();
  });
});

describe('the translation memory follows the glossary', () => {
  it('treats a newly added entity as one token in lookups, without a restart', async () => {
    const fresh = await buildTestStore(false);
    const post = (path: string, body: unknown) => fresh.app.request(path, { method: 'POST', headers: { ...fresh.auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post('/v1/tm/units', { segments: { 'zh-CN': '寒武纪发布新芯片', en: 'Cambricon releases a new chip' } });
    const lookup = async () => ((await (await post('/v1/tm/lookup', { text: '天数智芯发布新芯片', from: 'zh-CN', to: 'en', minScore: 50 })).json()) as any).matches[0];
    // Before: 天数智芯 is four characters against 寒武纪's one token, and nothing is patched.
    expect((await lookup()).patched).toBe(false);
    expect((await post('/v1/entities', { id: 'iluvatar-corex', kind: 'org', names: { 'zh-CN': '天数智芯', en: 'Iluvatar CoreX' }, aliases: [] })).status).toBe(201);
    let match = await lookup();
    for (let i = 0; i < 30 && !match.patched; i++) {
      await new Promise((r) => setTimeout(r, 100));
      match = await lookup();
    }
    // Five tokens (寒武纪, 发, 布, 新, and the term 芯片), one of them replaced: 4/5.
    expect(match).toMatchObject({ target: 'Iluvatar CoreX releases a new chip', patched: true, score: 80 });
  });
});

// A new build while serving: test/glossary-store.test.ts, for a store file and for PostgreSQL.

describe('requests in flight during a change', () => {
  it('keep the snapshot they started with: a write builds a new one and leaves the old untouched', async () => {
    const fresh = await buildTestStore(false);
    // What a request holds: the snapshot current when it began.
    const before = fresh.keeper.current();
    const rowsBefore = { entries: (await before.rows()).entries.length, names: (await before.rows()).names.length };
    const scanBefore = before.matcher.scan('辉达和英伟达').length;
    expect((await fresh.app.request('/v1/entities/nvidia', { method: 'DELETE', headers: fresh.auth })).status).toBe(204);
    expect((await fresh.app.request('/v1/entities/huawei', { method: 'PATCH', headers: { ...fresh.auth, 'content-type': 'application/json' }, body: JSON.stringify({ add: '华为集团' }) })).status).toBe(200);

    expect(before.entries.has('nvidia')).toBe(true);
    expect(before.matcher.scan('辉达和英伟达').length).toBe(scanBefore);
    expect({ entries: (await before.rows()).entries.length, names: (await before.rows()).names.length }).toEqual(rowsBefore);
    expect(before.entries.get('huawei')!.aliases).not.toContain('华为集团');
    const after = fresh.keeper.current();
    expect(after.entries.has('nvidia')).toBe(false);
    expect(after.matcher.scan('辉达和英伟达').length).toBe(0);
    expect(after.entries.get('huawei')!.aliases).toContain('华为集团');
  });
});
