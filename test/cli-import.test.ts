import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureGlossaryDir, ROOT, tempDir } from './helpers.ts';

const BIN = join(ROOT, 'scripts/glossary.cjs');

let env: NodeJS.ProcessEnv;
let groups: string;

/** A conversion group file of the real files' shape. */
function groupFile(dir: string, file: string, name: string, rules: [original: string | null, conv: string][], description = ''): string {
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify({ name, description, path: `Module:CGroup/${name}`, rules: rules.map(([original, conv]) => ({ original, conv })) }));
  return path;
}

async function glossary(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(() => {
  env = { ...process.env, GLOSSARY_DIR: fixtureGlossaryDir(false), GLOSSARY_DB: join(tempDir(), 'glossary.db') };
  groups = tempDir();
  groupFile(groups, 'PresidentsUS.json', 'PresidentsUS', [
    ['Barack Obama', 'zh-cn:巴拉克·奥巴马; zh-tw:巴拉克·歐巴馬; zh-hk:巴拉克·奧巴馬;'],
    ['Joe Biden', 'zh-hans:乔·拜登; zh-hant:喬·拜登;'],
    ['Calvin Coolidge', 'zh-hans:卡尔文·柯立芝; zh-hant:卡爾文·柯立芝;'],
    [null, 'zh-cn:乔治·华盛顿;zh-tw:喬治·華盛頓;;'],
  ]);
  groupFile(groups, 'IT.json', 'IT', [
    ['cache', '快取=>zh-cn:缓存; 快取=>zh-tw:快取;'],
    ['note', '-0 使用者'],
  ]);
  groupFile(groups, 'People.json', 'People', [['Abbott', 'zh-cn:阿博特; zh-tw:艾伯特;']]);
});

describe('glossary import mediawiki-cgroup', () => {
  it('writes a YAML file per group, says what it did, and writes the same bytes again', async () => {
    const out = join(tempDir(), 'wikipedia');
    const files = ['PresidentsUS.json', 'IT.json', 'People.json'].map((f) => join(groups, f));
    const first = await glossary(['import', 'mediawiki-cgroup', ...files, '--out', out]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`imported 3 groups, 7 rules read: 4 entries written to 2 files in ${out}`);
    // The curated glossary has Joe Biden (乔·拜登 is his full name there): it wins.
    expect(first.stderr).toContain('left to the curated glossary: 1 entries naming a curated entity');
    expect(first.stderr).toMatch(/1 +a transliteration part of foreign names/);
    expect(first.stderr).toMatch(/1 +not a conversion rule: names no variant/);
    expect(first.stderr).toContain('stray semicolon dropped (1)');
    expect(readdirSync(out).sort()).toEqual(['IT.yaml', 'PresidentsUS.yaml']);
    const presidents = load(readFileSync(join(out, 'PresidentsUS.yaml'), 'utf8')) as { id: string; kind: string; names: Record<string, string>; sources: string[] }[];
    expect(presidents.map((e) => e.id)).toEqual(['wp-barack-obama', 'wp-calvin-coolidge', 'wp-qiao-zhi-hua-sheng-dun']);
    expect(presidents[1]!.names).toEqual({ 'zh-CN': '卡尔文·柯立芝', 'zh-TW': '卡爾文·柯立芝', 'zh-HK': '卡爾文·柯立芝', 'zh-SG': '卡尔文·柯立芝', 'zh-MY': '卡尔文·柯立芝', 'zh-MO': '卡爾文·柯立芝', en: 'Calvin Coolidge' });
    expect(presidents[2]!.sources).toEqual(['Module:CGroup/PresidentsUS rule 4']);
    const bytes = readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8'));

    const again = await glossary(['import', 'mediawiki-cgroup', ...files, '--out', out]);
    expect(again.code).toBe(0);
    expect(readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8'))).toEqual(bytes);
  });

  it('removes the files of groups an import no longer makes, and keeps files it did not write', async () => {
    const out = join(tempDir(), 'wikipedia');
    await glossary(['import', 'mediawiki-cgroup', join(groups, 'PresidentsUS.json'), join(groups, 'IT.json'), '--out', out]);
    writeFileSync(join(out, 'mine.yaml'), '- id: mine\n  kind: term\n  names: { zh-CN: 我的 }\n');
    const { code, stderr } = await glossary(['import', 'mediawiki-cgroup', join(groups, 'PresidentsUS.json'), '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toContain('(1 files of an earlier import removed)');
    expect(readdirSync(out).sort()).toEqual(['PresidentsUS.yaml', 'mine.yaml']);
  });

  it('refuses a malformed file, names it and what is wrong, and writes nothing', async () => {
    const out = join(tempDir(), 'wikipedia');
    const bad = join(groups, 'bad.json');
    writeFileSync(bad, '{"name": "Bad", "rules": [{"original": "x"}]}');
    const notJson = join(groups, 'not.json');
    writeFileSync(notJson, 'zh-cn:甲;');
    const { code, stderr } = await glossary(['import', 'mediawiki-cgroup', join(groups, 'IT.json'), bad, notJson, join(groups, 'missing.json'), '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${bad}: rules.0.conv: conv must be a text`);
    expect(stderr).toContain(`${notJson}: not JSON`);
    expect(stderr).toContain(`${join(groups, 'missing.json')}: no such file`);
    expect(stderr).toContain('nothing was imported');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to write into the curated glossary\'s folder, and two pages that would share a file', async () => {
    const intoCurated = await glossary(['import', 'mediawiki-cgroup', join(groups, 'IT.json'), '--out', env.GLOSSARY_DIR!]);
    expect(intoCurated.code).toBe(1);
    expect(intoCurated.stderr).toContain(`--out ${env.GLOSSARY_DIR} is the curated glossary's folder`);
    const d = tempDir();
    const slash = groupFile(d, 'slash.json', 'A/B', [['x', 'zh-cn:甲乙; zh-tw:丙丁;']]);
    const under = groupFile(d, 'under.json', 'A_B', [['y', 'zh-cn:戊己; zh-tw:庚辛;']]);
    const clash = await glossary(['import', 'mediawiki-cgroup', slash, under, '--out', join(tempDir(), 'w')]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain('Module:CGroup/A_B and Module:CGroup/A/B would both be written to A_B.yaml');
  });

  it('refuses two files of one group', async () => {
    const copy = groupFile(tempDir(), 'IT copy.json', 'IT', [['x', 'zh-cn:甲; zh-tw:乙;']]);
    const { code, stderr } = await glossary(['import', 'mediawiki-cgroup', join(groups, 'IT.json'), copy, '--out', join(tempDir(), 'w')]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${copy}: Module:CGroup/IT is already in ${join(groups, 'IT.json')}`);
  });
});
