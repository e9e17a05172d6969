import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeAll(async () => {
  store = await buildTestStore();
});

async function get(path: string) {
  const res = await store.app.request(path);
  return { status: res.status, res, json: res.headers.get('content-type')?.includes('json') ? ((await res.json()) as any) : undefined };
}

async function lookupFirst(q: string) {
  const { json } = await get(`/v1/lookup?q=${encodeURIComponent(q)}`);
  return json.results[0] as { entity: { id: string }; matched: string; how: string; score: number };
}

describe('GET /v1/lookup', () => {
  it.each([
    ['輝達', 'exact', '輝達'],
    ['辉达', 'exact', '辉达'],
    ['英偉达', 'variant', '英伟达'],
    ['ＮＶＩＤＩＡ', 'variant', 'NVIDIA'],
    ['nvidia', 'variant', 'NVIDIA'],
    ['huida', 'pinyin', 'hui da'],
    ['hui da', 'pinyin', 'hui da'],
    ['huì dá', 'pinyin', 'hui da'],
    ['hui4 da2', 'pinyin', 'hui da'],
    ['Yingweida', 'pinyin', 'ying wei da'],
    ['hd', 'pinyin', 'hui da'],
    ['英伟', 'prefix', '英伟达'],
    ['Nvdia', 'fuzzy', 'NVIDIA'],
    ['Nvidai', 'fuzzy', 'NVIDIA'],
  ])('%s finds NVIDIA by %s', async (q, how, matched) => {
    const first = await lookupFirst(q);
    expect(first).toMatchObject({ entity: { id: 'nvidia' }, how, matched });
  });

  it('returns the entity in the contract shape', async () => {
    const { json } = await get('/v1/lookup?q=川普&limit=1');
    expect(json.query).toBe('川普');
    expect(json.results).toHaveLength(1);
    expect(json.results[0].entity).toMatchObject({
      id: 'donald-trump',
      kind: 'person',
      names: { 'zh-CN': '特朗普', 'zh-TW': '川普', 'zh-HK': '特朗普', en: 'Donald Trump' },
    });
    expect(json.results[0].score).toBe(1);
  });

  it('shows each entity exactly as GET /v1/entities/:id does, but for the version, which only the entity routes carry', async () => {
    const { json } = await get(`/v1/lookup?q=${encodeURIComponent('特朗普')}&limit=5`);
    expect(json.results.length).toBeGreaterThan(0);
    for (const r of json.results) {
      const { version, ...entity } = (await get(`/v1/entities/${r.entity.id}`)).json;
      expect(version).toBe(0);
      expect(r.entity).toEqual(entity);
    }
  });

  it('ranks exact matches above prefix matches', async () => {
    const { json } = await get('/v1/lookup?q=北京');
    expect(json.results.map((r: any) => [r.entity.id, r.how])).toEqual([
      ['beijing', 'exact'],
      ['peking-university', 'prefix'],
    ]);
  });

  it('finds a person by a pinyin full name', async () => {
    expect((await lookupFirst('xijinping')).entity.id).toBe('xi-jinping');
    expect((await lookupFirst('Huang Renxun')).entity.id).toBe('jensen-huang');
  });

  it('keeps to the limit', async () => {
    const { json } = await get('/v1/lookup?q=h&limit=2');
    expect(json.results.length).toBeLessThanOrEqual(2);
  });

  it('returns no results for a name it does not know', async () => {
    expect((await get('/v1/lookup?q=完全不存在的名字')).json).toEqual({ query: '完全不存在的名字', results: [] });
  });

  it.each([
    ['/v1/lookup', 'q is required'],
    ['/v1/lookup?q=%20', 'q is required'],
    ['/v1/lookup?q=x&limit=0', 'limit must be 1 to 100'],
    ['/v1/lookup?q=x&limit=abc', 'limit'],
  ])('%s is a 400 that says what to fix', async (path, message) => {
    const { status, json } = await get(path);
    expect(status).toBe(400);
    expect(json.error).toContain(message);
  });
});

describe('GET /v1/entities', () => {
  it('returns one entity by id', async () => {
    const { status, json } = await get('/v1/entities/nvidia');
    expect(status).toBe(200);
    expect(json).toMatchObject({ id: 'nvidia', kind: 'org', names: { 'zh-CN': '英伟达', 'zh-TW': '輝達' }, wikidata: 'Q182477' });
    expect(json.aliases).toContain('辉达');
  });

  it('is a JSON 404 for an unknown id', async () => {
    const { status, json } = await get('/v1/entities/no-such-thing');
    expect(status).toBe(404);
    expect(json.error).toContain('no entity with id no-such-thing');
  });

  it('pages through every entity with the cursor', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (let pages = 0; pages < 100; pages++) {
      const { json } = await get(`/v1/entities?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(json.entities.length).toBeLessThanOrEqual(3);
      seen.push(...json.entities.map((e: any) => e.id));
      if (json.next === null) break;
      cursor = json.next;
    }
    expect(seen).toEqual([...store.glossary.entries.keys()].sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('filters by kind', async () => {
    const { json } = await get('/v1/entities?kind=person&limit=500');
    const persons = [...store.glossary.entries.values()].filter((e) => e.kind === 'person').map((e) => e.id).sort();
    expect(persons).toContain('donald-trump');
    expect(json.entities.map((e: any) => e.id)).toEqual(persons);
    expect((await get('/v1/entities?kind=company')).status).toBe(400);
  });
});

describe('GET /v1/export', () => {
  it('exports RFC 4180 CSV with a header and one row per entity', async () => {
    const { status, res } = await get('/v1/export?format=csv');
    expect(status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await res.text();
    expect(text.startsWith('id,kind,zh-CN,zh-TW,zh-HK,en,pinyin,aliases,deprecated,admitted,wikidata,note,sources,licence,topics,zh-SG,zh-MY,zh-MO\r\n')).toBe(true);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(store.glossary.entries.size);
    expect(rows.find((r) => r.id === 'nvidia')).toMatchObject({ 'zh-CN': '英伟达', 'zh-TW': '輝達', 'zh-HK': 'NVIDIA', en: 'NVIDIA', pinyin: 'yīng wěi dá', wikidata: 'Q182477' });
    expect(rows.find((r) => r.id === 'jensen-huang')!.sources).toBe('000_1607139f7c916639.txt | 002_24fc7019c138a679.txt | 003_deb0ecfb0f87b355.txt | 004_c5dea6cbba186912.txt');
  });

  it('neutralizes a cell a spreadsheet would run as a formula', async () => {
    const rows = parse(await (await get('/v1/export')).res.text(), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.id === 'formula-probe')!.note).toBe('\'=HYPERLINK("http://example.invalid","x") must reach a spreadsheet as text');
  });

  it('starts with a byte order mark when asked', async () => {
    const bytes = new Uint8Array(await (await get('/v1/export?format=csv&bom=true')).res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('refuses an unknown format', async () => {
    const { status, json } = await get('/v1/export?format=xlsx');
    expect(status).toBe(400);
    expect(json.error).toContain('format must be csv');
  });
});

describe('service endpoints', () => {
  it('reports health', async () => {
    // The test store has a token, so the service says it can write.
    expect((await get('/healthz')).json).toEqual({ status: 'ok', entities: store.glossary.entries.size, writable: true });
  });

  it('publishes an OpenAPI document covering the contract', async () => {
    const { json } = await get('/openapi.json');
    expect(json.openapi).toBe('3.1.0');
    expect(Object.keys(json.paths).sort()).toEqual(['/v1/canonicalize', '/v1/entities', '/v1/entities/{id}', '/v1/entities/{id}/history', '/v1/entities/{id}/restore', '/v1/export', '/v1/lookup', '/v1/tm/export', '/v1/tm/lookup', '/v1/tm/search', '/v1/tm/units', '/v1/tm/units/{id}', '/v1/topics']);
  });

  it('serves readable docs from its own assets, none from elsewhere', async () => {
    const page = await store.app.request('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    // Every asset the page names is the service's own (a CDN left the page blank offline).
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.sort()).toEqual(['/docs/assets/favicon-32x32.png', '/docs/assets/start.js', '/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css']);
    for (const asset of assets) {
      const res = await store.app.request(asset);
      expect(res.status, asset).toBe(200);
      expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(0);
    }
    expect(await (await store.app.request('/docs/assets/start.js')).text()).toContain("url: '/openapi.json'");
    expect((await store.app.request('/docs/assets/swagger-ui-bundle.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // Only the listed files: no path out of the package's folder.
    for (const path of ['/docs/assets/package.json', '/docs/assets/..%2F..%2Fpackage.json', '/docs/assets/index.html']) {
      const res = await store.app.request(path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: string }).error).toContain('the docs page is /docs');
    }
  });

  it('answers an unknown route with a JSON 404', async () => {
    const { status, json } = await get('/v2/nothing');
    expect(status).toBe(404);
    expect(json.error).toContain('see /docs');
  });
});
