import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.ts';
import { CSV_COLUMNS, csvRecord } from '../src/export/csv.ts';
import { FALLBACK, TARGET_TAGS } from '../src/locale.ts';
import { buildTestStore, target, type TestStore } from './helpers.ts';

// Singapore, Malaysia and Macau as targets, as Chinese Wikipedia names them (zh-SG, zh-MY, zh-MO).
const REGIONAL = `
- id: mahathir-mohamad
  kind: person
  names: { zh-CN: 马哈蒂尔, zh-TW: 馬哈地, zh-HK: 馬哈迪, zh-SG: 马哈迪, zh-MY: 马哈迪, en: Mahathir Mohamad }

- id: test-casino-resort
  kind: org
  names: { zh-CN: 测试金沙度假村, zh-TW: 測試金沙渡假村, zh-MO: 測試金沙娛樂場 }
`;

let store: TestStore;
const to = (text: string, tag: string, options: { convert?: boolean; spellOut?: boolean } = {}) => canonicalize(store.glossary, text, { target: target(tag), ...options }).text;

beforeAll(async () => {
  store = await buildTestStore(false, { 'regional.yaml': REGIONAL });
});

afterAll(async () => {
  await store.db.destroy();
});

describe('zh-SG, zh-MY and zh-MO as targets', () => {
  it('are targets, in either script', () => {
    for (const tag of ['zh-SG', 'zh-MY', 'zh-MO', 'zh-Hans-SG', 'zh-Hans-MY', 'zh-Hant-MO']) expect(TARGET_TAGS).toContain(tag);
  });

  it("take a region's own name where the entry has one", () => {
    expect(to('马哈蒂尔访华', 'zh-SG')).toBe('马哈迪访华');
    expect(to('馬哈地訪華', 'zh-MY')).toBe('马哈迪訪華');
    expect(to('测试金沙度假村开业', 'zh-MO')).toBe('測試金沙娛樂場开业');
    // The other regions are as they were.
    expect(to('马哈迪访华', 'zh-CN')).toBe('马哈蒂尔访华');
    expect(to('马哈迪访华', 'zh-TW')).toBe('馬哈地访华');
  });

  it("fall back as MediaWiki's variants do: Singapore and Malaysia to the mainland, Macau to Hong Kong, then Taiwan", () => {
    expect(FALLBACK['zh-MY'].slice(0, 3)).toEqual(['zh-MY', 'zh-SG', 'zh-CN']);
    expect(FALLBACK['zh-MO'].slice(0, 3)).toEqual(['zh-MO', 'zh-HK', 'zh-TW']);
    // 辉达 has zh-CN 英伟达, zh-TW 輝達, zh-HK NVIDIA.
    expect(to('輝達晶片', 'zh-SG')).toBe('英伟达芯片');
    expect(to('輝達晶片', 'zh-MY')).toBe('英伟达芯片');
    expect(to('英伟达芯片', 'zh-MO')).toBe('NVIDIA晶片');
    // Hong Kong has no name of its own: it takes Macau's before Taiwan's (MediaWiki's zh-hk -> zh-mo -> zh-tw).
    expect(to('测试金沙度假村', 'zh-HK')).toBe('測試金沙娛樂場');
    // 台积电 has no Hong Kong or Macau name of its own in the glossary: Taiwan's, in Hong Kong's characters.
    expect(to('台积电', 'zh-MO')).toBe(to('台积电', 'zh-HK'));
  });

  it("write Macau's text in Hong Kong's standard characters, Singapore's and Malaysia's in the mainland's", () => {
    // OpenCC: 里 is 裏 in Hong Kong's standard and 裡 in Taiwan's.
    expect(to('里面的芯片', 'zh-MO', { convert: true })).toBe('裏面的晶片');
    expect(to('里面的芯片', 'zh-TW', { convert: true })).toBe('裡面的晶片');
    expect(to('裏面的晶片', 'zh-SG', { convert: true })).toBe('里面的芯片');
  });

  it("keep the forms the mainland admits for Singapore and Malaysia, Hong Kong's for Macau", () => {
    // CEO is admitted in mainland and Hong Kong text, not Taiwan's.
    expect(to('英伟达CEO', 'zh-SG')).toBe('英伟达CEO');
    // Two Latin names meeting are kept apart by a space, as for zh-HK.
    expect(to('輝達CEO', 'zh-MO')).toBe('NVIDIA CEO');
    expect(to('輝達CEO', 'zh-TW')).toBe('輝達執行長');
    expect(to('英伟达CEO', 'zh-MY', { spellOut: true })).toBe('英伟达首席执行官');
  });

  it('look a regional name up, and show and export it', async () => {
    expect(store.glossary.lookupEntries('马哈迪', 1)[0]!.entry.id).toBe('mahathir-mohamad');
    const row = csvRecord(store.glossary.entries.get('mahathir-mohamad')!);
    expect([row[CSV_COLUMNS.indexOf('zh-SG')], row[CSV_COLUMNS.indexOf('zh-MY')], row[CSV_COLUMNS.indexOf('zh-MO')]]).toEqual(['马哈迪', '马哈迪', '']);
    const res = await store.app.request('/v1/entities/mahathir-mohamad');
    const names = ((await res.json()) as { names: Record<string, string | null> }).names;
    expect(names).toEqual({ 'zh-CN': '马哈蒂尔', 'zh-TW': '馬哈地', 'zh-HK': '馬哈迪', en: 'Mahathir Mohamad', 'zh-SG': '马哈迪', 'zh-MY': '马哈迪' });
  });

  it('canonicalize to them through the API', async () => {
    const res = await store.app.request('/v1/canonicalize', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '马哈蒂尔', to: 'zh-MY' }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { text: string }).text).toBe('马哈迪');
  });
});
