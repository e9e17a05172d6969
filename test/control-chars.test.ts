import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGlossary } from '../src/glossary/build.ts';
import { GlossaryInvalid } from '../src/glossary/glossary-error.ts';
import { importTableFile } from '../src/tm/table-import.ts';
import { countUnits, insertUnits, openTm, plainSegment, type TmStore } from '../src/tm/tm-repository.ts';
import { exportTmx } from '../src/tm/tmx-export.ts';
import { importTmxFile } from '../src/tm/tmx-import.ts';
import { buildTestStore, ROOT, tempDir, writeTmxUnits, type TestStore } from './helpers.ts';

const BIN = join(ROOT, 'scripts/glossary.cjs');
const ESC = '\u001b';

let store: TestStore;

beforeAll(async () => {
  store = await buildTestStore(false);
});

const tu = (en: string, zh: string, extra = ''): string => `<tu${extra}><tuv xml:lang="en"><seg>${en}</seg></tuv><tuv xml:lang="zh-CN"><seg>${zh}</seg></tuv></tu>`;

/** Every unit as its attributes and its segments, in order: what a round trip must keep byte for byte. */
async function contents(db: TmStore) {
  const units = await db.selectFrom('tm_unit').select(['id', 'attrs']).orderBy('id').execute();
  const segments = await db.selectFrom('tm_segment').select(['unit_id', 'lang', 'text', 'markup']).orderBy('unit_id').orderBy('lang').execute();
  return units.map((u) => ({ attrs: u.attrs, segments: segments.filter((s) => s.unit_id === u.id).map(({ lang, text, markup }) => ({ lang, text, markup })) }));
}

async function exported(db: TmStore): Promise<string> {
  let xml = '';
  for await (const chunk of exportTmx(db)) xml += chunk;
  const path = join(tempDir(), 'export.tmx');
  writeFileSync(path, xml);
  return path;
}

function run(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, cwd: ROOT }, (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

describe('control characters are refused on the way in', () => {
  it('rejects TMX units that carry them anywhere, with the line and the reason', async () => {
    const path = writeTmxUnits([
      tu('The board met on Monday', '董事会周一开会'),
      tu('Red &#x1b;[31malert', '红色警报'),
      tu('Start of heading', '&#x1;开头'),
      tu('A tagged <ph x="1">&#x1b;[0m</ph> reset', '重置'),
      `<tu><note>left by &#x7;</note><tuv xml:lang="en"><seg>Bell</seg></tuv><tuv xml:lang="zh-CN"><seg>铃</seg></tuv></tu>`,
      tu('Next line', '下一行', ' tuid="x&#x85;"'),
    ], '1.1');
    const db = await openTm(join(tempDir(), 'tm.db'));
    const report = await importTmxFile(db, path);
    expect(report.rejected).toEqual([
      { line: 5, reason: 'en: contains the control character U+001B at 4' },
      { line: 6, reason: 'zh-CN: contains the control character U+0001 at 0' },
      { line: 7, reason: 'en: inline markup contains the control character U+001B at 19' },
      { line: 8, reason: 'note contains the control character U+0007 at 8' },
      { line: 9, reason: 'attribute tuid contains the control character U+0085 at 1' },
    ]);
    expect(report.added).toBe(1);
    await db.destroy();
  });

  it('refuses C1 controls and noncharacters in CSV cells and API segments, as it refuses C0 ones', async () => {
    const csv = join(tempDir(), 'pairs.csv');
    writeFileSync(csv, 'en,zh-CN\nOne\u009b31m,一\nTwo,二\uffff\nThree,三\n');
    const db = await openTm(join(tempDir(), 'tm.db'));
    const report = await importTableFile(db, csv, 'csv');
    expect(report.rejected).toEqual([
      { line: 2, reason: 'en: contains the control character U+009B at 3' },
      { line: 3, reason: 'zh-CN: contains the noncharacter U+FFFF at 1' },
    ]);
    expect(report.added).toBe(1);
    await db.destroy();

    const res = await store.app.request('/v1/tm/units', { method: 'POST', headers: { ...store.auth, 'content-type': 'application/json' }, body: JSON.stringify({ segments: { en: 'Next\u0085line', 'zh-CN': '下一行' } }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('segments.en: contains the control character U+0085 at 4');
  });

  it('refuses in lookup text, search q and canonicalize text what stored text refuses: C1 controls and U+FFFE/U+FFFF too', async () => {
    const post = (path: string, body: object) => store.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answers = [
      await post('/v1/tm/lookup', { text: 'Red\u009b31m alert', from: 'en', to: 'zh-CN' }),
      await store.app.request(`/v1/tm/search?q=${encodeURIComponent('chip\uffff')}`),
      await store.app.request(`/v1/lookup?q=${encodeURIComponent('hui\u0085da')}`),
      await post('/v1/canonicalize', { text: '第一行\n\t第二行\ufffe', to: 'zh-CN' }),
    ];
    const errors = await Promise.all(answers.map(async (res) => [res.status, ((await res.json()) as { error: string }).error]));
    expect(errors).toEqual([
      [400, 'text contains the control character U+009B at 3; remove it'],
      [400, 'q contains the noncharacter U+FFFF at 4; remove it'],
      [400, 'q contains the control character U+0085 at 3; remove it'],
      [400, 'text contains the noncharacter U+FFFE at 8; remove it'],
    ]);
    // Tab and line breaks are text, in an article as in a segment.
    expect((await post('/v1/canonicalize', { text: '第一行\n\t第二行', to: 'zh-CN' })).status).toBe(200);
  });

  it('refuses NUL and ESC in glossary sources at the build, with file:line: field', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'test.yaml'),
      '- id: test-org\n  kind: org\n  names: { en: Test Org }\n  sources:\n    - "https://example.com/a\\0"\n    - "https://example.com/\\e[31m"\n  note: "Two lines\\nare fine in a note, \\x9b is not"\n',
    );
    const errors = await buildGlossary(dir, join(tempDir(), 'out.db')).then(
      () => [],
      (error: unknown) => (error instanceof GlossaryInvalid ? error.errors.map((e) => e.toString().replaceAll(`${dir}/`, '')) : Promise.reject(error)),
    );
    expect(errors.sort()).toEqual([
      'test.yaml:5: sources.0: contains the control character U+0000 at 21; remove it',
      'test.yaml:6: sources.1: contains the control character U+001B at 20; remove it',
      'test.yaml:7: note: contains the control character U+009B at 30; remove it',
    ]);
  });

  it('refuses them in an entity the service is sent, with the build’s message', async () => {
    const body = { id: 'control-test', kind: 'org', names: { en: 'Control Test' }, sources: ['https://example.com/\u001b[31m'] };
    const res = await store.app.request('/v1/entities', { method: 'POST', headers: { ...store.auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('sources.0: contains the control character U+001B at 20; remove it');
    expect((await store.app.request('/v1/entities/control-test')).status).toBe(404);
  });
});

describe('every TMX export imports again', () => {
  it('gives back the same units byte for byte, carriage returns and attribute line breaks included', async () => {
    const db = await openTm(join(tempDir(), 'tm.db'));
    const report = await importTmxFile(
      db,
      writeTmxUnits([
        tu('Tab\there and a &#xd; return', '制表符'),
        tu('Red &#x1b;[31malert', '红色警报'),
        `<tu tuid="a&#10;b" creationid="t&#9;x"><prop type="x-origin">line one&#13;&#10;line two</prop><note>a &amp; b &lt; c</note><tuv xml:lang="en"><seg>With <bpt i="1" x="a&#10;b">&lt;b&gt;</bpt>bold<ept i="1">&lt;/b&gt;</ept> text</seg></tuv><tuv xml:lang="zh-TW"><seg>粗體</seg></tuv></tu>`,
      ], '1.1'),
    );
    expect(report.rejected).toEqual([{ line: 5, reason: 'en: contains the control character U+001B at 4' }]);
    // A unit written through the API, with a Windows line break in it.
    const added = await store.app.request('/v1/tm/units', { method: 'POST', headers: { ...store.auth, 'content-type': 'application/json' }, body: JSON.stringify({ segments: { en: 'First line\r\nsecond line', 'zh-CN': '第一行\r\n第二行' } }) });
    expect(added.status).toBe(201);
    await insertUnits(db, (await contents(store.tm.db)).map((u, i) => ({ kind: 'unit', attrs: JSON.parse(u.attrs).attrs, props: [], notes: [], line: i, segments: u.segments })));

    const before = await contents(db);
    expect(before).toHaveLength(3);
    const again = await openTm(join(tempDir(), 'tm.db'));
    const second = await importTmxFile(again, await exported(db));
    expect(second).toMatchObject({ added: 3, duplicates: 0, rejected: [] });
    expect(await contents(again)).toEqual(before);
    expect(before.flatMap((u) => u.segments.map((s) => s.text))).toEqual(expect.arrayContaining(['Tab\there and a \r return', 'First line\r\nsecond line']));
    expect(JSON.parse(before[1]!.attrs).attrs).toEqual({ tuid: 'a\nb', creationid: 't\tx' });
    await db.destroy();
    await again.destroy();
  });

  it('writes control characters stored before they were refused as visible escapes, and says so', async () => {
    const tmPath = join(tempDir(), 'tm.db');
    const db = await openTm(tmPath);
    await insertUnits(db, [
      { kind: 'unit', attrs: {}, props: [], notes: [`note ${ESC}`], line: 1, segments: [plainSegment('en', `Red ${ESC}[31malert\u0085`), plainSegment('zh-CN', '红色警报')] },
      { kind: 'unit', attrs: {}, props: [], notes: [], line: 2, segments: [plainSegment('en', 'Clean'), plainSegment('zh-CN', '干净')] },
    ]);
    await db.destroy();
    const out = join(tempDir(), 'export.tmx');
    const result = await run(['tm', 'export', '--out', out], { TM_DB: tmPath });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('1 units held control characters stored before import refused them');
    expect(readFileSync(out, 'utf8')).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
    const again = await openTm(join(tempDir(), 'tm.db'));
    expect(await importTmxFile(again, out)).toMatchObject({ added: 2, rejected: [] });
    expect((await again.selectFrom('tm_segment').select('text').where('lang', '=', 'en').orderBy('unit_id').execute()).map((s) => s.text)).toEqual(['Red \\u001b[31malert\\u0085', 'Clean']);
    expect(await countUnits(again)).toBe(2);
    await again.destroy();
  });
});

describe('a TMX export of units an import will refuse', () => {
  it('names them on stderr and in the file, and they are exactly the units the import rejects', async () => {
    const tmPath = join(tempDir(), 'tm.db');
    const db = await openTm(tmPath);
    // Stored straight, as before segments were limited: 10,500 characters; and 9,000 with 300 ESC, 10,500 once escaped.
    const long = 'The board met again. '.repeat(500).slice(0, 10_500);
    const escaped = `${ESC}x`.repeat(300) + 'y'.repeat(8_400);
    expect([long.length, escaped.length]).toEqual([10_500, 9_000]);
    await insertUnits(db, [
      { kind: 'unit', attrs: {}, props: [], notes: [], line: 1, segments: [plainSegment('en', long), plainSegment('zh-CN', '董事会再次开会')] },
      { kind: 'unit', attrs: {}, props: [], notes: [], line: 2, segments: [plainSegment('en', 'Clean'), plainSegment('zh-CN', '干净')] },
      { kind: 'unit', attrs: {}, props: [], notes: [], line: 3, segments: [plainSegment('en', escaped), plainSegment('zh-CN', '转义')] },
    ]);
    await db.destroy();
    const out = join(tempDir(), 'export.tmx');
    const result = await run(['tm', 'export', '--out', out], { TM_DB: tmPath });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('2 units have a text over 10,000 characters as written');
    expect(result.stderr).toContain('units 1, 3 (each is marked by a comment in the file)');
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain('<!-- unit 1 will not import again: en is 10,500 characters as written, over the limit of 10,000; shorten it (glossary tm edit 1) before a restore -->');
    // 8,700 plain characters and 300 escapes of six.
    expect(xml).toContain('<!-- unit 3 will not import again: en is 10,500 characters as written');
    expect(xml).not.toContain('unit 2 will not');
    const again = await openTm(join(tempDir(), 'tm.db'));
    const report = await importTmxFile(again, out);
    expect(report.added).toBe(1);
    expect(report.rejected.map((r) => r.reason)).toEqual(['en: is longer than 10,000 characters', 'en: is longer than 10,000 characters']);
    // Each rejected unit is the one the comment on the line above names.
    const lines = xml.split('\n');
    expect(report.rejected.map((r) => /unit (\d+) will not/.exec(lines[r.line - 2]!)?.[1])).toEqual(['1', '3']);
    await again.destroy();
  });
});

describe('tm search, show and lookup on a terminal', () => {
  it('show stored control characters as escapes, never raw', async () => {
    const tmPath = join(tempDir(), 'tm.db');
    const db = await openTm(tmPath);
    await insertUnits(db, [{ kind: 'unit', attrs: {}, props: [], notes: [`note\u009b2J`], line: 1, segments: [plainSegment('en', `Red ${ESC}[31malert${ESC}[0m\rover`), plainSegment('zh-CN', '红色警报')] }]);
    await db.destroy();
    const env = { TM_DB: tmPath, GLOSSARY_DB: store.dbPath, GLOSSARY_DIR: store.dir };
    const raw = /[\u0000-\u001f\u007f-\u009f]/;
    const search = await run(['tm', 'search', 'alert'], env);
    expect(search.code).toBe(0);
    expect(search.stdout).toBe('#1  en: Red \\u001b[31malert\\u001b[0m\\rover  |  zh-CN: 红色警报\n');
    const shown = await run(['tm', 'show', '1'], env);
    expect(shown.stdout.replaceAll('\n', '')).not.toMatch(raw);
    expect(shown.stdout).toContain('note: note\\u009b2J');
    const json = await run(['tm', 'show', '1', '--json'], env);
    expect(json.stdout.replaceAll('\n', '')).not.toMatch(raw);
    expect(JSON.parse(json.stdout).notes).toEqual(['note\u009b2J']);
    const lookup = await run(['tm', 'lookup', 'Red alert', '--from', 'en', '--to', 'zh-CN', '--min-score', '0'], env);
    expect(lookup.stdout).toContain('Red \\u001b[31malert');
    expect(lookup.stdout.replaceAll('\n', '')).not.toMatch(raw);
  });
});
