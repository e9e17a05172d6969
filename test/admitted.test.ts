import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.ts';
import { openStore } from '../src/db/connection.ts';
import { buildGlossary } from '../src/glossary/build.ts';
import { readGlossary, readGlossaryText } from '../src/glossary/read-glossary.ts';
import { writeChangesToYaml } from '../src/glossary/write-yaml.ts';
import { GlossarySnapshot } from '../src/snapshot.ts';
import { buildTestStore, target, tempDir, type TestStore } from './helpers.ts';

/**
 * Issue 13, class 8: a Latin form the target region's media also write (AI, CEO) is
 * an admitted form and stays as written; spellOut asks for the region's name instead.
 * Glossary data (glossary/*.yaml): AI is admitted in zh-CN, zh-TW and zh-HK; CEO in
 * zh-CN and zh-HK (Taiwan writes 執行長); AMD in zh-TW (its name there is 超微).
 * The CLI's --spell-out is tested in cli.test.ts.
 */

let store: TestStore;

beforeAll(async () => {
  store = await buildTestStore(false);
});

const run = (text: string, to: string, options: { spellOut?: boolean; keepLatin?: boolean } = {}) => canonicalize(store.glossary, text, { target: target(to), ...options });
const out = (text: string, to: string, options: { spellOut?: boolean; keepLatin?: boolean } = {}) => run(text, to, options).text;

describe('admitted forms stay as written', () => {
  it.each([
    ['zh-CN', 'AI晶片', 'AI芯片'],
    ['zh-TW', 'AI芯片', 'AI晶片'],
    ['zh-HK', 'AI芯片', 'AI晶片'],
    ['zh-Hans-TW', 'AI芯片', 'AI晶片'],
    // English admits nothing: AI is its English name anyway.
    ['en', 'AI晶片', 'AI chip'],
  ])('%s: %s -> %s', (to, text, expected) => {
    expect(out(text, to)).toBe(expected);
  });

  // Every region's news writes DeepSeek, and its models DeepSeek-R1: the Latin name stays, and so does 深度求索.
  it.each([
    ['zh-CN', 'DeepSeek-R1模型上线，深度求索的创始人出席。', 'DeepSeek-R1模型上线，深度求索的创始人出席。'],
    ['zh-TW', 'DeepSeek-R1模型上線，深度求索的創辦人出席。', 'DeepSeek-R1模型上線，深度求索的創辦人出席。'],
    ['en', 'DeepSeek-R1模型上線，深度求索的創辦人出席。', 'DeepSeek-R1模型上線，DeepSeek的創辦人出席。'],
  ])('%s: %s -> %s', (to, text, expected) => {
    expect(out(text, to)).toBe(expected);
  });

  it('reports an admitted mention with its surface as the replacement', () => {
    expect(run('AI晶片', 'zh-CN').mentions).toEqual([
      { start: 0, end: 2, surface: 'AI', entityId: 'artificial-intelligence', replacement: 'AI', decided: 'plain' },
      { start: 2, end: 4, surface: '晶片', entityId: 'chip', replacement: '芯片', decided: 'plain' },
    ]);
  });

  it('admits a form per region: CEO stays for zh-CN and zh-HK, Taiwan writes 執行長', () => {
    expect(out('英伟达CEO黄仁勋表示', 'zh-CN')).toBe('英伟达CEO黄仁勋表示');
    expect(out('英伟达CEO黄仁勋表示', 'zh-HK')).toBe('NVIDIA CEO黃仁勳表示');
    expect(out('英伟达CEO黄仁勋表示', 'zh-TW')).toBe('輝達執行長黃仁勳表示');
    expect(out('AMD發表新晶片', 'zh-TW')).toBe('AMD發表新晶片');
  });

  it('still rewrites the spelled-out names, and glosses keep both forms', () => {
    expect(out('人工智慧晶片', 'zh-CN')).toBe('人工智能芯片');
    expect(out('人工智能芯片', 'zh-TW')).toBe('人工智慧晶片');
    expect(out('人工智慧（AI）', 'zh-CN')).toBe('人工智能（AI）');
    expect(out('AI（人工智慧）', 'zh-CN')).toBe('AI（人工智能）');
  });
});

describe('spellOut', () => {
  it.each([
    ['zh-CN', 'AI晶片', '人工智能芯片'],
    ['zh-TW', 'AI晶片', '人工智慧晶片'],
    ['zh-HK', 'AI晶片', '人工智能晶片'],
    ['en', 'AI晶片', 'AI chip'],
    ['zh-CN', '英伟达CEO黄仁勋表示', '英伟达首席执行官黄仁勋表示'],
    ['zh-TW', 'AMD發表新晶片', '超微發表新晶片'],
    // A short mention spells out to the short name.
    ['zh-CN', '川普出席APEC峰會', '特朗普出席亚太经合组织峰會'],
  ])('%s: %s -> %s', (to, text, expected) => {
    expect(out(text, to, { spellOut: true })).toBe(expected);
  });

  it('reports the spelled-out replacement', () => {
    expect(run('AI晶片', 'zh-CN', { spellOut: true }).mentions[0]).toEqual({ start: 0, end: 2, surface: 'AI', entityId: 'artificial-intelligence', replacement: '人工智能', decided: 'plain' });
  });

  it('changes nothing for entities without admitted forms', () => {
    // TSMC admits nothing: every Chinese target rewrites it, with or without spellOut.
    for (const spellOut of [false, true]) {
      expect(out('TSMC與NVIDIA合作', 'zh-TW', { spellOut })).toBe('台積電與輝達合作');
      expect(out('TSMC与NVIDIA合作', 'zh-CN', { spellOut })).toBe('台积电与英伟达合作');
      expect(out('台積電與輝達合作', 'en', { spellOut })).toBe('TSMC與NVIDIA合作');
    }
  });

  it('leaves keepLatin in charge of Latin mentions', () => {
    expect(out('AI晶片', 'zh-CN', { spellOut: true, keepLatin: true })).toBe('AI芯片');
  });
});

describe('admitted in glossary files', () => {
  const entry = (admitted: string, extra = '') => `- id: ai-test\n  kind: term\n  names: { zh-CN: 测智, en: AIT }\n  aliases: [A.I.T.]\n${extra}  admitted: ${admitted}\n`;
  const errorsOf = (yaml: string) => readGlossaryText(yaml, 'glossary/test.yaml').errors.map(String);

  it('accepts Latin names of the entity per region', () => {
    const read = readGlossaryText(entry('{ zh-CN: [AIT], zh-HK: [A.I.T.] }'), 'glossary/test.yaml');
    expect(read.errors).toEqual([]);
    expect(read.entries[0]!.value.admitted).toEqual({ 'zh-CN': ['AIT'], 'zh-HK': ['A.I.T.'] });
  });

  it.each([
    ['{ zh-SG: [AIT] }', 'glossary/test.yaml:5: admitted.zh-SG: unknown region zh-SG (admitted forms are for zh-CN, zh-TW, zh-HK)'],
    ['{ en: [AIT] }', 'glossary/test.yaml:5: admitted.en: an English target always takes the English name (admitted forms are for zh-CN, zh-TW, zh-HK)'],
    ['{ zh-CN: [GPU] }', "glossary/test.yaml:5: admitted.zh-CN.0: GPU is not a name of ai-test; add it to names or aliases first"],
    ['{ zh-TW: [AIT, 测智] }', 'glossary/test.yaml:5: admitted.zh-TW.1: 测智 is not in Latin letters: an admitted form is a Latin form (AI, CEO); a Chinese name a region writes belongs in names or aliases'],
    ['{ zh-CN: AIT }', 'glossary/test.yaml:5: admitted.zh-CN: must be a list of forms, such as [AI]'],
    ['{ zh-CN: [] }', 'glossary/test.yaml:5: admitted.zh-CN: list at least one form, or leave the region out'],
  ])('refuses admitted: %s', (admitted, error) => {
    expect(errorsOf(entry(admitted))).toEqual([error]);
  });

  it('refuses a deprecated form', () => {
    expect(errorsOf(entry('{ zh-CN: [AITX] }', '  deprecated: [AITX]\n'))).toEqual(['glossary/test.yaml:6: admitted.zh-CN.0: AITX is deprecated for ai-test, so no region can admit it']);
  });
});

describe('admitted forms through build, store, API and export', () => {
  it('are stored per name and read back into the matcher', async () => {
    const rows = await store.db.selectFrom('name').select(['text', 'admitted']).where('entity_id', '=', 'artificial-intelligence').execute();
    expect(rows.find((r) => r.text === 'AI')!.admitted).toBe('zh-CN zh-TW zh-HK');
    expect(rows.find((r) => r.text === '人工智能')!.admitted).toBeNull();
    const body = await store.db.selectFrom('entity').select('body').where('id', '=', 'chief-executive').executeTakeFirstOrThrow();
    expect(JSON.parse(body.body).admitted).toEqual({ 'zh-CN': ['CEO'], 'zh-HK': ['CEO'] });
  });

  it('are shown by the API, written by it, used at once and exported to YAML and CSV', async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await store.app.request(path, { method, headers: { ...store.auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, json: (await res.json()) as any };
    };
    const ceo = (await call('GET', '/v1/entities/chief-executive')).json;
    expect(ceo.admitted).toEqual({ 'zh-CN': ['CEO'], 'zh-HK': ['CEO'] });

    const refused = await call('PUT', '/v1/entities/chief-executive', { ...ceo, admitted: { 'zh-TW': ['執行長'] } });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toContain('admitted.zh-TW.0: 執行長 is not in Latin letters');

    const canonTw = async (body: Record<string, unknown>) => (await call('POST', '/v1/canonicalize', { text: '英伟达CEO黄仁勋表示', to: 'zh-TW', ...body })).json.text;
    expect(await canonTw({})).toBe('輝達執行長黃仁勳表示');
    const put = await call('PUT', '/v1/entities/chief-executive', { ...ceo, admitted: { 'zh-CN': ['CEO'], 'zh-TW': ['CEO'], 'zh-HK': ['CEO'] } });
    expect(put.status).toBe(200);
    expect(put.json.admitted).toEqual({ 'zh-CN': ['CEO'], 'zh-TW': ['CEO'], 'zh-HK': ['CEO'] });
    expect(await canonTw({})).toBe('輝達CEO黃仁勳表示');
    expect(await canonTw({ spellOut: true })).toBe('輝達執行長黃仁勳表示');
    expect((await call('POST', '/v1/canonicalize', { text: 'AI', to: 'zh-CN', spellOut: 'yes' })).json.error).toContain('spellOut must be true or false');

    // The CSV export: one item per region and form.
    const csv = parse(await (await store.app.request('/v1/export?format=csv')).text(), { columns: true }) as Record<string, string>[];
    expect(csv.find((r) => r.id === 'chief-executive')!.admitted).toBe('zh-CN: CEO | zh-TW: CEO | zh-HK: CEO');
    expect(csv.find((r) => r.id === 'artificial-intelligence')!.admitted).toBe('zh-CN: AI | zh-TW: AI | zh-HK: AI');
    expect(csv.find((r) => r.id === 'nvidia')!.admitted).toBe('');

    // The YAML export writes the field as editors write it; a build from the files alone agrees.
    writeChangesToYaml(store.dir, [{ entityId: 'chief-executive', after: store.keeper.current().entries.get('chief-executive')! }]);
    const terms = readFileSync(join(store.dir, 'terms.yaml'), 'utf8');
    expect(terms).toContain('  admitted: { zh-CN: [CEO], zh-TW: [CEO], zh-HK: [CEO] }\n');
    const reread = readGlossary(store.dir).entries.find((e) => e.value.id === 'chief-executive')!.value;
    expect(reread.admitted).toEqual({ 'zh-CN': ['CEO'], 'zh-TW': ['CEO'], 'zh-HK': ['CEO'] });
    const dbPath = join(tempDir(), 'rebuilt.db');
    await buildGlossary(store.dir, dbPath);
    const db = openStore(dbPath, { readonly: true });
    const rebuilt = await GlossarySnapshot.load(db);
    expect(canonicalize(rebuilt, '英伟达CEO黄仁勋表示', { target: target('zh-TW') }).text).toBe('輝達CEO黃仁勳表示');
    await db.destroy();
  });

  it('documents spellOut and admitted in the OpenAPI document', async () => {
    const doc = (await (await store.app.request('/openapi.json')).json()) as any;
    expect(doc.components.schemas.CanonicalizeRequest.properties.spellOut.type).toBe('boolean');
    expect(doc.components.schemas.Entity.properties.admitted.description).toContain('spellOut');
  });
});
