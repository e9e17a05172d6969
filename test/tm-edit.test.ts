import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrateToLatest, openSqlite } from '../src/db/connection.ts';
import * as first from '../src/tm/migrations/2026-11-23-tm.ts';
import { addUnit, getUnit, openTm } from '../src/tm/tm-repository.ts';
import { buildTestStore, tempDir, type TestStore } from './helpers.ts';

let store: TestStore;

beforeAll(async () => {
  store = await buildTestStore(false);
});

async function call(method: string, path: string, body?: unknown) {
  const res = await store.app.request(path, {
    method,
    headers: { ...store.auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
  return { status: res.status, headers: res.headers, json: isJson ? (JSON.parse(text) as any) : undefined, text };
}

const lookup = (text: string, from: string, to: string) => call('POST', '/v1/tm/lookup', { text, from, to });

describe('TM units over HTTP', () => {
  it('adds a unit that the very next lookup and search find', async () => {
    const added = await call('POST', '/v1/tm/units', { segments: { 'zh-cn': '英伟达发布H200芯片', EN: 'NVIDIA releases the H200 chip' }, notes: ['from seed 001'] });
    expect(added.status).toBe(201);
    // Language tags come back in canonical case.
    expect(added.json).toMatchObject({ segments: { 'zh-CN': '英伟达发布H200芯片', en: 'NVIDIA releases the H200 chip' }, notes: ['from seed 001'] });
    expect(added.headers.get('location')).toBe(`/v1/tm/units/${added.json.unitId}`);

    const found = await lookup('华为发布H200芯片', 'zh-CN', 'en');
    expect(found.json.matches[0]).toMatchObject({ unitId: added.json.unitId, target: 'Huawei releases the H200 chip', patched: true });
    const search = await call('GET', `/v1/tm/search?q=${encodeURIComponent('輝達')}`);
    expect(search.json.units.map((u: any) => u.unitId)).toEqual([added.json.unitId]);

    const got = await call('GET', `/v1/tm/units/${added.json.unitId}`);
    expect(got.status).toBe(200);
    expect(got.json).toEqual(added.json);
  });

  it('refuses a unit with exactly the segments of another, naming it', async () => {
    const first = await call('POST', '/v1/tm/units', { segments: { 'zh-CN': '白宫表示将限制出口', en: 'The White House said it would limit exports' } });
    const again = await call('POST', '/v1/tm/units', { segments: { en: 'The White House said it would limit exports', 'zh-CN': '白宫表示将限制出口' } });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ unitId: first.json.unitId });
    expect(again.json.error).toContain(`unit ${first.json.unitId} already has exactly these segments`);
  });

  it('replaces a unit: lookups follow the new text, not the old', async () => {
    const { json: unit } = await call('POST', '/v1/tm/units', { segments: { 'zh-TW': '川普宣布解禁晶片', en: 'Trump lifts the ban' } });
    const put = await call('PUT', `/v1/tm/units/${unit.unitId}`, { segments: { 'zh-TW': '川普宣布解禁晶片', en: 'Trump lifts the chip ban' } });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ unitId: unit.unitId, segments: { 'zh-TW': '川普宣布解禁晶片', en: 'Trump lifts the chip ban' } });
    const found = await lookup('特朗普宣布解禁芯片', 'zh-CN', 'en');
    expect(found.json.matches.map((m: any) => m.target)).toEqual(['Trump lifts the chip ban']);
    // The old English text is gone from the index, too.
    const back = await lookup('Trump lifts the ban', 'en', 'zh-TW');
    expect(back.json.matches.every((m: any) => m.score < 100)).toBe(true);
  });

  it('refuses a replacement that would duplicate another unit, and changes nothing', async () => {
    const { json: a } = await call('POST', '/v1/tm/units', { segments: { 'zh-CN': '数据中心', en: 'data center' } });
    const { json: b } = await call('POST', '/v1/tm/units', { segments: { 'zh-CN': '数据中心建设', en: 'data center construction' } });
    const put = await call('PUT', `/v1/tm/units/${b.unitId}`, { segments: { 'zh-CN': '数据中心', en: 'data center' } });
    expect(put.status).toBe(409);
    expect(put.json.unitId).toBe(a.unitId);
    expect((await call('GET', `/v1/tm/units/${b.unitId}`)).json.segments).toEqual({ 'zh-CN': '数据中心建设', en: 'data center construction' });
  });

  it('deletes a unit: gone from reads and lookups; a second delete is a 404', async () => {
    const { json: unit } = await call('POST', '/v1/tm/units', { segments: { 'zh-CN': '台积电扩大美国投资', en: 'TSMC expands its US investment' } });
    expect((await lookup('台積電擴大美國投資', 'zh-TW', 'en')).json.matches).toHaveLength(1);
    expect((await call('DELETE', `/v1/tm/units/${unit.unitId}`)).status).toBe(204);
    expect((await call('GET', `/v1/tm/units/${unit.unitId}`)).status).toBe(404);
    expect((await lookup('台積電擴大美國投資', 'zh-TW', 'en')).json.matches).toEqual([]);
    const again = await call('DELETE', `/v1/tm/units/${unit.unitId}`);
    expect(again.status).toBe(404);
    expect(again.json.error).toBe(`no unit ${unit.unitId}`);
  });

  it('never gives a deleted unit\'s id to a new unit', async () => {
    const { json: last } = await call('POST', '/v1/tm/units', { segments: { 'zh-CN': '集群', en: 'cluster' } });
    await call('DELETE', `/v1/tm/units/${last.unitId}`);
    const { json: next } = await call('POST', '/v1/tm/units', { segments: { 'zh-CN': '丛集', en: 'clusters' } });
    expect(next.unitId).toBeGreaterThan(last.unitId);
  });

  it('says 404 for a unit that does not exist, for GET and PUT', async () => {
    expect((await call('GET', '/v1/tm/units/999999')).status).toBe(404);
    const put = await call('PUT', '/v1/tm/units/999999', { segments: { 'zh-CN': '芯片', en: 'chip' } });
    expect(put.status).toBe(404);
    expect(put.json.error).toContain('POST /v1/tm/units');
  });

  it.each([
    [{}, 'segments is required'],
    [{ segments: { 'zh-CN': '芯片' } }, 'at least two languages'],
    [{ segments: { 'zh-CN': '芯片', 'not a tag!': 'chip' } }, 'segments.not a tag!: not a language tag'],
    [{ segments: { 'zh-CN': '芯片', 'zh-cn': '晶片' } }, 'the same language as zh-CN'],
    [{ segments: { 'zh-CN': '芯片', en: '  ' } }, 'segments.en: is empty'],
    [{ segments: { 'zh-CN': '芯片', en: 'chip\u0007' } }, 'control character U+0007'],
    [{ segments: { 'zh-CN': '芯片', en: 'chip' }, tuid: 'x' }, 'unknown field tuid'],
    [{ segments: { 'zh-CN': '芯片', en: 42 } }, 'each segment must be a string'],
    [{ segments: { 'zh-CN': '芯片', en: 'x'.repeat(10_001) } }, 'longer than 10,000 characters'],
  ].map(([body, message]) => [message, body] as const))('refuses a bad unit with a 400 that says what to fix: %s', async (message, body) => {
    const res = await call('POST', '/v1/tm/units', body);
    expect(res.status).toBe(400);
    expect(res.json.error).toContain(message);
  });

  it('refuses a lone surrogate, malformed JSON and a bad id', async () => {
    const surrogate = await call('POST', '/v1/tm/units', '{"segments":{"zh-CN":"\\ud842芯片","en":"chip"}}');
    expect(surrogate.status).toBe(400);
    expect(surrogate.json.error).toContain('lone surrogate');
    const malformed = await call('POST', '/v1/tm/units', '{"segments":');
    expect(malformed.status).toBe(400);
    expect(malformed.json.error).toBe('malformed JSON in the request body');
    const badId = await call('GET', '/v1/tm/units/abc');
    expect(badId.status).toBe(400);
    expect(badId.json.error).toContain('unit id must be a number');
  });

  it('exports the memory as CSV and TMX over HTTP', async () => {
    const csv = await call('GET', '/v1/tm/export?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('zh-CN,zh-TW,en');
    expect(lines).toContain('白宫表示将限制出口,,The White House said it would limit exports');
    expect(lines).toContain(',川普宣布解禁晶片,Trump lifts the chip ban');
    const tmx = await call('GET', '/v1/tm/export');
    expect(tmx.headers.get('content-type')).toContain('application/x-tmx+xml');
    expect(tmx.text).toContain('<tuv xml:lang="zh-TW"><seg>川普宣布解禁晶片</seg></tuv>');
    expect((await call('GET', '/v1/tm/export?format=xlsx')).json.error).toBe('format must be tmx, csv or tsv');
  });

  it('notices units another process wrote within a second, without a restart or a request', async () => {
    const other = await openTm(store.tmPath);
    const written = await addUnit(other, { segments: [{ lang: 'zh-CN', text: '华为发布昇腾芯片' }, { lang: 'en', text: 'Huawei releases the Ascend chip' }] });
    await other.destroy();
    expect(written.ok).toBe(true);
    // No request in between: the service follows other writers on its own, and the
    // first lookup a second later already finds the unit (it used to start the reload).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const targets = (await lookup('華為發布昇騰晶片', 'zh-TW', 'en')).json.matches.map((m: any) => m.target);
    expect(targets).toContain('Huawei releases the Ascend chip');
  });
});

describe('TM schema upgrades', () => {
  it('brings a memory made by the first schema up to date with its units intact', async () => {
    const path = join(tempDir(), 'old.db');
    const old = openSqlite<any>(path);
    await migrateToLatest(old, { '2026-11-23-tm': first });
    await old.insertInto('tm_unit').values({ id: 7, hash: 'h7', attrs: JSON.stringify({ attrs: {}, props: [], notes: ['kept'] }), created_at: '2026-11-23T00:00:00.000Z' }).execute();
    await old.insertInto('tm_segment').values([
      { unit_id: 7, lang: 'zh-CN', text: '芯片', markup: '芯片', key: '芯片' },
      { unit_id: 7, lang: 'en', text: 'chip', markup: 'chip', key: 'chip' },
    ]).execute();
    await old.destroy();

    const db = await openTm(path);
    expect(await getUnit(db, 7)).toMatchObject({ segments: { 'zh-CN': '芯片', en: 'chip' }, notes: ['kept'] });
    const added = await addUnit(db, { segments: [{ lang: 'zh-CN', text: '晶片' }, { lang: 'en', text: 'chips' }] });
    expect(added.ok && added.unit.unitId).toBeGreaterThan(7);
    const columns = (await sql<{ name: string }>`pragma table_info(tm_segment)`.execute(db)).rows.map((r) => r.name);
    expect(columns).toEqual(['unit_id', 'lang', 'text', 'markup']);
    expect((await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)).rows[0]!.integrity_check).toBe('ok');
    await db.destroy();
  });
});
