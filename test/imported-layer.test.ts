import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.ts';
import { CSV_COLUMNS, csvRecord } from '../src/export/csv.ts';
import { openStore } from '../src/db/connection.ts';
import { buildGlossary, type BuildReport } from '../src/glossary/build.ts';
import { GlossaryInvalid } from '../src/glossary/glossary-error.ts';
import { needsBuild } from '../src/glossary/glossary-files.ts';
import { ordinaryWords } from '../src/glossary/mediawiki/ordinary-words.ts';
import { GlossarySnapshot } from '../src/snapshot.ts';
import { fixtureGlossaryDir, target, tempDir } from './helpers.ts';

// Imported files as `glossary import mediawiki-cgroup` writes them (glossary/wikipedia/).
const PRESIDENTS = `# Imported from Chinese Wikipedia by \`glossary import mediawiki-cgroup\`

- id: wp-calvin-coolidge
  kind: person
  names: { zh-CN: 卡尔文·柯立芝, zh-TW: 卡爾文·柯立芝, zh-HK: 卡爾文·柯立芝, zh-SG: 卡尔文·柯立芝, zh-MY: 卡尔文·柯立芝, zh-MO: 卡爾文·柯立芝, en: Calvin Coolidge }
  sources:
    - Module:CGroup/PresidentsUS rule 4 (Calvin Coolidge)
  licence: CC BY-SA 4.0 (text of Chinese Wikipedia)

- id: wp-nvidia
  kind: org
  names: { zh-CN: 英伟达, zh-TW: 輝達 }
  sources:
    - Module:CGroup/Electronics rule 1 (NVIDIA Corporation)
`;
const SNOOKER = `# Imported from Chinese Wikipedia by \`glossary import mediawiki-cgroup\`

- id: wp-judd-trump
  kind: person
  names: { zh-CN: 特鲁姆普, zh-TW: 川普, zh-SG: 特鲁姆普, en: Judd Trump }
  sources:
    - Module:CGroup/Snooker rule 9 (Judd Trump)

- id: wp-ronnie
  kind: person
  names: { zh-CN: 罗尼·奥沙利文, zh-TW: 羅尼·奧蘇利雲, zh-MY: 朗尼·奥苏利文 }
  sources:
    - Module:CGroup/Snooker rule 10 (Ronnie O'Sullivan)
  licence: CC BY-SA 4.0 (text of Chinese Wikipedia)
`;
const IT = `# Imported from Chinese Wikipedia by \`glossary import mediawiki-cgroup\`

- id: wp-web-server
  kind: term
  names: { zh-CN: 网页服务器, zh-TW: 網頁伺服器 }
  topics: [ IT ]
  sources:
    - Module:CGroup/IT rule 3 (Web server)
`;

const MARK = '# Imported from Chinese Wikipedia by `glossary import mediawiki-cgroup`';

let dir: string;
let report: BuildReport;
let glossary: GlossarySnapshot;

function layered(files: Record<string, string>): string {
  const d = fixtureGlossaryDir(false);
  mkdirSync(join(d, 'wikipedia'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, 'wikipedia', name), text);
  return d;
}

beforeAll(async () => {
  dir = layered({ 'PresidentsUS.yaml': PRESIDENTS, 'Snooker.yaml': SNOOKER, 'IT.yaml': IT });
  const dbPath = join(tempDir(), 'glossary.db');
  report = await buildGlossary(dir, dbPath);
  const db = openStore(dbPath, { readonly: true });
  // Open while the snapshot is used: topics are read from the store when first enabled.
  glossary = await GlossarySnapshot.load(db);
  return () => db.destroy();
});

const to = (text: string, tag: string) => canonicalize(glossary, text, { target: target(tag) });

describe('the imported layer (glossary/wikipedia)', () => {
  it('finds and rewrites an imported name, in every region\'s form', () => {
    expect(to('卡尔文·柯立芝曾任总统', 'zh-TW').text).toBe('卡爾文·柯立芝曾任总统');
    expect(to('卡爾文·柯立芝曾任總統', 'en').text).toBe('Calvin Coolidge曾任總統');
    // Malaysia's form is found and becomes the target's; for Malaysia, Taiwan's becomes Malaysia's.
    expect(to('朗尼·奥苏利文夺冠', 'zh-TW').text).toBe('羅尼·奧蘇利雲夺冠');
    expect(to('羅尼·奧蘇利雲奪冠', 'zh-MY').text).toBe('朗尼·奥苏利文奪冠');
    // No English name: pinyin would not give a foreign name back ("Luo Ni Ao Sha Li Wen"), so it stays as written.
    const english = to('羅尼·奧蘇利雲奪冠', 'en');
    expect(english.text).toBe('羅尼·奧蘇利雲奪冠');
    expect(english.mentions.map((m) => [m.surface, m.replacement])).toEqual([['羅尼·奧蘇利雲', '羅尼·奧蘇利雲']]);
    // Singapore has none of its own: the mainland's.
    expect(to('羅尼·奧蘇利雲奪冠', 'zh-SG').text).toBe('罗尼·奥沙利文奪冠');
  });

  it('carries the licence of what it imported into exports', () => {
    const entry = glossary.entries.get('wp-calvin-coolidge')!;
    expect(entry.licence).toBe('CC BY-SA 4.0 (text of Chinese Wikipedia)');
    const row = csvRecord(entry);
    expect(row[CSV_COLUMNS.indexOf('licence')]).toBe('CC BY-SA 4.0 (text of Chinese Wikipedia)');
    expect(row[CSV_COLUMNS.indexOf('sources')]).toBe('Module:CGroup/PresidentsUS rule 4 (Calvin Coolidge)');
    expect(csvRecord(glossary.entries.get('nvidia')!)[CSV_COLUMNS.indexOf('licence')]).toBe('');
  });

  it('loses every clash to the curated glossary, and never fails the build', () => {
    // 川普 is the curated Donald Trump; Judd Trump keeps his other names.
    expect(to('川普表示', 'zh-CN').mentions.map((m) => m.entityId)).toEqual(['donald-trump']);
    expect(to('特鲁姆普夺冠', 'zh-TW').text).toBe('川普夺冠');
    // Every name of wp-nvidia is the curated nvidia's: it is left out, and 英伟达 stays nvidia.
    expect(glossary.entries.get('wp-nvidia')).toBeUndefined();
    expect(to('英伟达', 'zh-TW').mentions.map((m) => m.entityId)).toEqual(['nvidia']);
    expect(report.imported).toMatchObject({ files: 3, entries: 4, scoped: 1, leftOut: 1 });
    expect(report.imported.namesLeftOut).toBeGreaterThan(0);
  });

  it('takes an entry scoped to a topic, rewritten only where its topic is enabled', async () => {
    expect(to('网页服务器', 'zh-TW').mentions.map((m) => m.entityId)).not.toContain('wp-web-server');
    expect(glossary.entries.get('wp-web-server')!.topics).toEqual(['IT']);
    const it = await glossary.withTopics(['IT']);
    expect(canonicalize(it, '网页服务器', { target: target('zh-TW') }).text).toBe('網頁伺服器');
    expect(glossary.lookupEntries('網頁伺服器', 1)[0]!.entry.id).toBe('wp-web-server');
  });

  it('leaves out an imported entry whose id a curated entry has', async () => {
    const d = layered({ 'X.yaml': `${MARK}\n- id: nvidia\n  kind: org\n  names: { zh-CN: 某公司甲乙 }\n` });
    const r = await buildGlossary(d, join(tempDir(), 'g.db'));
    expect(r.imported).toMatchObject({ entries: 0, leftOut: 1 });
  });

  it('stops the build at the file and line of an imported entry that is not what the import writes', async () => {
    const d = layered({ 'Bad.yaml': `${MARK}\n\n- id: wp-ok\n  kind: person\n  names: { zh-CN: 某某某 }\n\n- id: wp-bad\n  kind: starship\n  names: { zh-CN: 某某乙 }\n` });
    const failed = await buildGlossary(d, join(tempDir(), 'g.db')).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(GlossaryInvalid);
    expect(String((failed as GlossaryInvalid).errors[0])).toMatch(/wikipedia\/Bad\.yaml:7: kind: kind must be one of/);
  });

  it('reads no file the import did not write: curated entries go beside the folder', async () => {
    const d = layered({ 'Mine.yaml': `- id: mine\n  kind: person\n  names: { zh-CN: 某某丙 }\n` });
    const r = await buildGlossary(d, join(tempDir(), 'g.db'));
    expect(r.imported).toMatchObject({ files: 0, unmarked: 1, entries: 0 });
  });

  it('counts an imported file newer than the store as a reason to build', async () => {
    const d = layered({ 'A.yaml': PRESIDENTS });
    const dbPath = join(tempDir(), 'g.db');
    await buildGlossary(d, dbPath);
    expect(needsBuild(d, dbPath)).toBe(false);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(d, 'wikipedia', 'A.yaml'), later, later);
    expect(needsBuild(d, dbPath)).toBe(true);
  });
});

describe('ordinary words (jieba\'s dictionary)', () => {
  it('tells words from names, in either script', () => {
    const ordinary = ordinaryWords();
    expect(['合作', '机构', '機構', '关于', '玫瑰'].map(ordinary)).toEqual([true, true, true, true, true]);
    expect(['沙特阿拉伯', '白宫', '鸿海精密', '卡尔文·柯立芝'].map(ordinary)).toEqual([false, false, false, false]);
  });
});
