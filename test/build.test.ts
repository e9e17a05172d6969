import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/db/connection.ts';
import { buildGlossary } from '../src/glossary/build.ts';
import { GlossaryInvalid } from '../src/glossary/glossary-error.ts';
import { readGlossaryText } from '../src/glossary/read-glossary.ts';
import { fixtureGlossaryDir, tempDir } from './helpers.ts';

function errorsOf(yaml: string): string[] {
  return readGlossaryText(yaml, 'glossary/test.yaml').errors.map(String);
}

async function buildErrors(files: Record<string, string>): Promise<string[]> {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  try {
    await buildGlossary(dir, join(tempDir(), 'out.db'));
  } catch (error) {
    if (error instanceof GlossaryInvalid) return error.errors.map((e) => e.toString().replaceAll(dir + '/', ''));
    throw error;
  }
  return [];
}

describe('reading glossary files', () => {
  it('reports an unknown locale at its line', () => {
    expect(errorsOf('- id: a\n  kind: org\n  names:\n    zh-CN: 甲\n    zh-JP: 乙\n')).toEqual(['glossary/test.yaml:5: names.zh-JP: unknown locale zh-JP (use one of zh-CN, zh-TW, zh-HK, zh-SG, zh-MY, zh-MO, en)']);
  });

  it('reports an empty name at its line', () => {
    expect(errorsOf('- id: a\n  kind: org\n  names: { zh-CN: 甲 }\n  aliases:\n    - 乙\n    - "  "\n')).toEqual(['glossary/test.yaml:6: aliases.1: empty name']);
  });

  it('reports malformed YAML with its line', () => {
    const errors = errorsOf('- id: a\n  kind: org\n  names: { zh-CN: 甲\n- id: b\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^glossary\/test\.yaml:\d+: malformed YAML: /);
  });

  it('reports an unknown kind, a missing field and an unknown field', () => {
    expect(errorsOf('- id: a\n  kind: company\n  names: { en: A }\n  alias: [B]\n')).toEqual([
      'glossary/test.yaml:2: kind: kind must be one of person, org, product, place, event, term, work',
      'glossary/test.yaml:1: unknown field alias',
    ]);
    expect(errorsOf('- id: a\n  kind: org\n')).toEqual(['glossary/test.yaml:1: names: is required']);
  });

  it('accepts a well-formed entry', () => {
    const read = readGlossaryText('- id: a\n  kind: org\n  names: { zh-CN: 甲, en: A }\n', 'x.yaml');
    expect(read.errors).toEqual([]);
    expect(read.entries[0]).toMatchObject({ line: 1, value: { id: 'a', names: { 'zh-CN': '甲', en: 'A' }, aliases: [] } });
  });
});

describe('building the store', () => {
  it('refuses a duplicate id, naming both places', async () => {
    const entry = '- id: same\n  kind: org\n  names: { en: One }\n';
    expect(await buildErrors({ 'a.yaml': entry, 'b.yaml': entry.replace('One', 'Two') })).toEqual(['b.yaml:1: duplicate id same (first defined at a.yaml:1)']);
  });

  it('refuses an alias that folds to another entity’s name', async () => {
    const errors = await buildErrors({
      'a.yaml': '- id: nvidia\n  kind: org\n  names: { zh-TW: 輝達 }\n\n- id: other\n  kind: org\n  names: { en: Other }\n  aliases: [辉达]\n',
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^a\.yaml:5: other: name 辉达 folds to the same key as nvidia's 輝達 \(a\.yaml:1\); declare it under `ambiguous`/);
  });

  it('accepts a shared name that both entities declare ambiguous', async () => {
    const ambiguous = (id: string, word: string) => `- id: ${id}\n  kind: product\n  names: { en: ${id} }\n  ambiguous:\n    - { name: Rubin, context: [${word}] }\n`;
    expect(await buildErrors({ 'a.yaml': ambiguous('rubin-chip', 'GPU') + '\n' + ambiguous('rubin-man', 'Treasury') })).toEqual([]);
  });

  it('leaves the previous database untouched when the glossary is bad', async () => {
    const dir = fixtureGlossaryDir(false);
    const dbPath = join(tempDir(), 'glossary.db');
    const report = await buildGlossary(dir, dbPath);
    expect(report.entities).toBeGreaterThan(5);
    const before = readFileSync(dbPath);
    const mtime = statSync(dbPath).mtimeMs;

    writeFileSync(join(dir, 'people.yaml'), readFileSync(join(dir, 'people.yaml'), 'utf8') + '\n- id: donald-trump\n  kind: person\n  names: { en: Again }\n');
    await expect(buildGlossary(dir, dbPath)).rejects.toThrow(/duplicate id donald-trump/);
    expect(readFileSync(dbPath).equals(before)).toBe(true);
    expect(statSync(dbPath).mtimeMs).toBe(mtime);
    const db = openStore(dbPath, { readonly: true });
    const count = await db.selectFrom('entity').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await db.destroy();
    expect(count.n).toBe(report.entities);
  });

  it('expands script variants and pinyin into the store', async () => {
    const dbPath = join(tempDir(), 'glossary.db');
    const report = await buildGlossary(fixtureGlossaryDir(false), dbPath);
    expect(report.variants).toBeGreaterThan(0);
    const db = openStore(dbPath, { readonly: true });
    const names = await db.selectFrom('name').select(['text', 'type']).where('entity_id', '=', 'huawei').execute();
    const pinyin = await db.selectFrom('pinyin').select(['key', 'initials']).where('entity_id', '=', 'nvidia').execute();
    await db.destroy();
    // 华为公司 is written only in simplified; its traditional spelling is a variant.
    expect(names).toContainEqual({ text: '華為公司', type: 'variant' });
    expect(pinyin).toContainEqual({ key: 'huida', initials: 'hd' });
    expect(pinyin).toContainEqual({ key: 'yingweida', initials: 'ywd' });
  });

  it('writes the store in 64 KB pages, so a start reads its artifacts in few steps', async () => {
    const dbPath = join(tempDir(), 'glossary.db');
    await buildGlossary(fixtureGlossaryDir(false), dbPath);
    const db = openStore(dbPath, { readonly: true });
    const { rows } = await sql<{ page_size: number }>`pragma page_size`.execute(db);
    await db.destroy();
    expect(rows[0]!.page_size).toBe(65536);
  });
});
