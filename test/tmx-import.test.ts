import { execFile } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countUnits, openTm, type TmStore } from '../src/tm/tm-repository.ts';
import { importTmxFile } from '../src/tm/tmx-import.ts';
import { PLACEHOLDER_BASE } from '../src/tm/tmx-reader.ts';
import { ROOT, tempDir } from './helpers.ts';

const KIT = resolve(ROOT, '../shared/tmx-compliance');

async function freshTm(): Promise<TmStore> {
  return openTm(join(tempDir(), 'tm.db'));
}

async function segments(db: TmStore, lang?: string) {
  let q = db.selectFrom('tm_segment').select(['unit_id', 'lang', 'text', 'markup']).orderBy('unit_id').orderBy('lang');
  if (lang) q = q.where('lang', '=', lang);
  return q.execute();
}

function writeTmx(name: string, body: string, encoding: 'utf8' | 'utf16le-bom' = 'utf8'): string {
  const path = join(tempDir(), name);
  const xml = `<?xml version="1.0" encoding="${encoding === 'utf8' ? 'UTF-8' : 'UTF-16'}"?>\n${body}`;
  writeFileSync(path, encoding === 'utf8' ? xml : Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]));
  return path;
}

const TMX = (units: string) => `<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" o-tmf="test" adminlang="en" creationtool="test" creationtoolversion="1"/>\n<body>\n${units}\n</body></tmx>\n`;

describe('importing the LISA compliance kit', () => {
  it('imports every file of the kit', async () => {
    const db = await freshTm();
    const files = readdirSync(KIT).filter((f) => f.endsWith('.tmx'));
    expect(files.length).toBeGreaterThan(40);
    for (const f of files) await expect(importTmxFile(db, join(KIT, f)), f).resolves.toBeDefined();
    expect(await countUnits(db)).toBeGreaterThan(250);
    await db.destroy();
  });

  it('reads odd attribute spacing, quotes and language case', async () => {
    const db = await freshTm();
    expect(await importTmxFile(db, join(KIT, 'ImportTest1B.tmx'))).toMatchObject({ added: 1, duplicates: 0, rejected: [] });
    expect((await segments(db)).map((s) => [s.lang, s.text])).toEqual([
      ['en-US', 'Text of the segment'],
      ['fr-CA', 'Texte du segment'],
    ]);
    await db.destroy();
  });

  it('reads UTF-16 little-endian with character references', async () => {
    const db = await freshTm();
    await importTmxFile(db, join(KIT, 'ImportTest1A.tmx'));
    expect((await segments(db, 'en-US')).map((s) => s.text)).toEqual(['First segment with [\t\t   ]', 'Second segment with [  \t\t]']);
    await db.destroy();
  });

  it('reads UTF-16 big-endian', async () => {
    const db = await freshTm();
    await importTmxFile(db, join(KIT, 'ImportTest1G.tmx'));
    expect((await segments(db, 'en-US')).map((s) => s.text)).toEqual(['à=agrave, é=eacute, æ=aelig', 'ÿ=U+00FF, ™=U+2122, ’=U+2019', '“=U+201C, –=U+2013, ¤=U+00A4']);
    await db.destroy();
  });

  it('keeps characters beyond the BMP and the TMX 1.1 lang attribute', async () => {
    const db = await freshTm();
    await importTmxFile(db, join(KIT, 'test-SMP.tmx'));
    expect((await segments(db)).map((s) => [s.lang, s.text])).toEqual([
      ['be', '𝐃𝐄𝐅'],
      ['en', '𝐀𝐁𝐂'],
    ]);
    await db.destroy();
  });

  it('keeps inline tags in the markup and one placeholder each in the text, even out of order', async () => {
    const db = await freshTm();
    await importTmxFile(db, join(KIT, 'invalid.tmx'));
    const [en] = await segments(db, 'en');
    expect(en!.markup).toContain('<ept i="1">&lt;/b&gt;</ept>');
    expect(en!.markup).toContain('<bpt i="1" type="struct">&lt;LI&gt;</bpt>');
    const placeholders = [...en!.text].filter((c) => c.charCodeAt(0) >= PLACEHOLDER_BASE && c.charCodeAt(0) < PLACEHOLDER_BASE + 0x1900);
    expect(placeholders).toHaveLength(4);
    expect(en!.text.replace(/[\ue000-\uf8ff\s]/g, '')).toBe('');
    await db.destroy();
  });

  it('keeps alternative translations in one language as units of their own', async () => {
    const db = await freshTm();
    await importTmxFile(db, join(KIT, 'test-multiple-tuv14.tmx'));
    const frCA = (await segments(db, 'fr-CA')).map((s) => s.text);
    expect(frCA).toContain('fr_CA Bonjour le monde\u00a0!'); // French puts a no-break space before !
    expect(frCA).toContain('fr_CA Bonjour tout le monde\u00a0!');
    await db.destroy();
  });

  it('rejects a unit with one language and says where and why', async () => {
    const db = await freshTm();
    const report = await importTmxFile(db, join(KIT, 'test-missingSource.tmx'));
    expect(report.rejected).toEqual([{ line: 23, reason: 'only one language' }]);
    await db.destroy();
  });
});

describe('importing Chinese and English TMX', () => {
  it('reads UTF-16 with a BOM, mixed language codes and inline tags', async () => {
    const path = writeTmx(
      'zh.tmx',
      TMX(`<tu tuid="1">
  <tuv xml:lang="zh-cn"><seg>英伟达发布<ph x="1">&lt;br/&gt;</ph>H200芯片</seg></tuv>
  <tuv xml:lang="ZH-TW"><seg>輝達發布<ph x="1">&lt;br/&gt;</ph>H200晶片</seg></tuv>
  <tuv xml:lang="zh-Hant-HK"><seg>NVIDIA發布H200晶片</seg></tuv>
  <tuv lang="EN"><seg>NVIDIA releases the <hi type="b">H200</hi> chip</seg></tuv>
</tu>`),
      'utf16le-bom',
    );
    const db = await freshTm();
    expect(await importTmxFile(db, path)).toMatchObject({ added: 1, duplicates: 0, rejected: [] });
    const rows = await segments(db);
    expect(rows.map((r) => r.lang)).toEqual(['en', 'zh-CN', 'zh-Hant-HK', 'zh-TW']);
    expect(rows.find((r) => r.lang === 'zh-CN')!.text).toBe(`英伟达发布${String.fromCharCode(PLACEHOLDER_BASE)}H200芯片`);
    expect(rows.find((r) => r.lang === 'en')).toMatchObject({ text: 'NVIDIA releases the H200 chip', markup: 'NVIDIA releases the <hi type="b">H200</hi> chip' });
    await db.destroy();
  });

  it('skips units it already has', async () => {
    const path = writeTmx('dup.tmx', TMX('<tu><tuv xml:lang="zh-CN"><seg>芯片</seg></tuv><tuv xml:lang="en"><seg>chip</seg></tuv></tu>'.repeat(3)));
    const db = await freshTm();
    expect(await importTmxFile(db, path)).toMatchObject({ added: 1, duplicates: 2 });
    expect(await importTmxFile(db, path)).toMatchObject({ added: 0, duplicates: 3 });
    await db.destroy();
  });
});

describe('refusing unsafe or broken TMX, writing nothing', () => {
  const GOOD_UNIT = '<tu><tuv xml:lang="zh-CN"><seg>芯片</seg></tuv><tuv xml:lang="en"><seg>chip</seg></tuv></tu>';

  it.each([
    ['an XXE attempt', `<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${TMX(`${GOOD_UNIT}<tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv><tuv xml:lang="fr"><seg>x</seg></tuv></tu>`)}`, /:2:\d+: entity declarations are not allowed/],
    ['a billion-laughs file', `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n${TMX(`<tu><tuv xml:lang="en"><seg>&lol3;</seg></tuv><tuv xml:lang="fr"><seg>x</seg></tuv></tu>`)}`, /:2:\d+: entity declarations are not allowed/],
    ['a truncated file', TMX(GOOD_UNIT.repeat(3)).slice(0, -40), /^trunc.*\.tmx:\d+:\d+: /],
    ['an undefined entity', TMX(`${GOOD_UNIT}<tu><tuv xml:lang="en"><seg>&nbsp;</seg></tuv><tuv xml:lang="fr"><seg>x</seg></tuv></tu>`), /:\d+:\d+: undefined entity/],
    ['a file that is not TMX', '<html><body>hello</body></html>', /not a TMX file/],
  ])('refuses %s with the line and column', async (name, body, message) => {
    const path = writeTmx(name.includes('truncated') ? 'truncated.tmx' : 'bad.tmx', body);
    const db = await freshTm();
    await expect(importTmxFile(db, path)).rejects.toThrow(message);
    expect(await countUnits(db)).toBe(0);
    await db.destroy();
  });

  it('reports a failed file from the CLI and exits non-zero, the memory unchanged', async () => {
    const tm = join(tempDir(), 'tm.db');
    const bad = writeTmx('bad.tmx', `<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${TMX('')}`);
    const good = join(KIT, 'ImportTest1B.tmx');
    const result = await new Promise<{ code: number; stderr: string }>((done) => {
      execFile(process.execPath, [join(ROOT, 'scripts/glossary.cjs'), 'tm', 'import', good, bad], { env: { ...process.env, TM_DB: tm } }, (error, _out, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ImportTest1B.tmx: 1 units added, 0 duplicates skipped, 0 rejected');
    expect(result.stderr).toMatch(/bad\.tmx:2:\d+: entity declarations are not allowed/);
    expect(result.stderr).toContain('bad.tmx: not imported; the memory is unchanged');
    const db = await openTm(tm);
    expect(await countUnits(db)).toBe(1);
    await db.destroy();
  });
});

describe('exporting TMX 1.4b', () => {
  it('round-trips the whole compliance kit: importing the export gives the same units', async () => {
    const { exportTmx } = await import('../src/tm/tmx-export.ts');
    const { unitHash } = await import('../src/tm/tm-repository.ts');
    const first = await freshTm();
    for (const f of readdirSync(KIT).filter((f) => f.endsWith('.tmx'))) await importTmxFile(first, join(KIT, f));
    let xml = '';
    for await (const chunk of exportTmx(first)) xml += chunk;
    const path = join(tempDir(), 'export.tmx');
    writeFileSync(path, xml);
    const second = await freshTm();
    const report = await importTmxFile(second, path);
    expect(report.rejected).toEqual([]);
    expect(report.added).toBe(await countUnits(first));

    const units = async (db: TmStore) => {
      const rows = await db.selectFrom('tm_segment').select(['unit_id', 'lang', 'markup', 'text']).orderBy('unit_id').execute();
      const byUnit = new Map<number, { lang: string; markup: string; text: string }[]>();
      for (const r of rows) byUnit.set(r.unit_id, [...(byUnit.get(r.unit_id) ?? []), r]);
      return new Set([...byUnit.values()].map((segments) => unitHash({ segments })));
    };
    expect(await units(second)).toEqual(await units(first));
    // Every unit's attributes, props and notes come back as they were.
    const attrsOf = async (db: TmStore) => (await db.selectFrom('tm_unit').select('attrs').execute()).map((a) => a.attrs).sort();
    const before = await attrsOf(first);
    expect(before.some((a) => JSON.parse(a).props.length > 0)).toBe(true);
    expect(await attrsOf(second)).toEqual(before);
    await first.destroy();
    await second.destroy();
  });
});
