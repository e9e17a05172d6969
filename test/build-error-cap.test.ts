import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGlossary } from '../src/glossary/build.ts';
import { GlossaryInvalid } from '../src/glossary/glossary-error.ts';
import { ROOT, tempDir } from './helpers.ts';

/** A glossary of copies + 1 entries that all use the id `same`: copies duplicate-id errors. */
function duplicatedIds(copies: number): string {
  const dir = join(tempDir(), 'glossary');
  mkdirSync(dir);
  let yaml = '';
  for (let i = 0; i <= copies; i++) yaml += `- id: same\n  kind: term\n  names: { en: term number ${i} }\n`;
  writeFileSync(join(dir, 'terms.yaml'), yaml);
  return dir;
}

describe('build errors', () => {
  it('glossary build lists the first 100 errors, then counts the rest', async () => {
    const dir = duplicatedIds(2000);
    const db = join(tempDir(), 'data', 'glossary.db');
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [join(ROOT, 'scripts/glossary.cjs'), 'build'], { cwd: dir, env: { ...process.env, GLOSSARY_DIR: dir, GLOSSARY_DB: db, SERVICE_DB: join(tempDir(), 'service.db') } }, (error, _stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
    expect(code).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(102);
    // Entries are three lines each: the second copy starts at line 4, the 101st at line 301.
    expect(lines[0]).toBe('terms.yaml:4: duplicate id same (first defined at terms.yaml:1)');
    expect(lines[99]).toBe('terms.yaml:301: duplicate id same (first defined at terms.yaml:1)');
    expect(lines[100]).toBe('... and 1900 more errors');
    expect(lines[101]).toBe(`build failed: 2000 errors; ${db} was not changed`);
    expect(stderr.length).toBeLessThan(10_000);
  });

  it('keeps every error on GlossaryInvalid, and only the first 100 in its message', async () => {
    const error = await buildGlossary(duplicatedIds(150), join(tempDir(), 'glossary.db')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GlossaryInvalid);
    expect((error as GlossaryInvalid).errors).toHaveLength(150);
    const lines = (error as Error).message.split('\n');
    expect(lines).toHaveLength(101);
    expect(lines[100]).toBe('... and 50 more errors');
  });
});
