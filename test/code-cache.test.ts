// The CLI's V8 code cache (scripts/glossary.cjs): written by a run that finds none,
// used as it is by the next, and never used when it is another bundle's, cut, damaged
// or not V8's: such a cache is ignored and written again, and the command's output is
// the same. Each test runs a copy of the launcher and of dist/cli.cjs in a folder of
// its own (the rest of dist/ and node_modules linked), so the other test files' CLI
// runs and caches are not touched.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.ts';

interface Install {
  readonly launcher: string;
  readonly bundle: string;
  readonly cache: string;
}

function install(): Install {
  const dir = tempDir('code-cache-');
  mkdirSync(join(dir, 'scripts'));
  mkdirSync(join(dir, 'dist'));
  copyFileSync(join(ROOT, 'scripts/glossary.cjs'), join(dir, 'scripts/glossary.cjs'));
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'dist'))) {
    if (name === 'code-cache') continue;
    if (name === 'cli.cjs') copyFileSync(join(ROOT, 'dist', name), join(dir, 'dist', name));
    else symlinkSync(join(ROOT, 'dist', name), join(dir, 'dist', name));
  }
  // `glossary --help` is cached as the command "other" (no command name first).
  return { launcher: join(dir, 'scripts/glossary.cjs'), bundle: join(dir, 'dist/cli.cjs'), cache: join(dir, 'dist/code-cache/other.bin') };
}

function help(at: Install): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [at.launcher, '--help'], (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The cache file's header, read as the launcher writes it. */
function header(file: string) {
  const bytes = readFileSync(file);
  return { magic: bytes.toString('latin1', 0, 4), crc: bytes.readUInt32LE(4), size: bytes.readUInt32LE(8), mtime: bytes.readUInt32LE(12), data: bytes.subarray(16) };
}

/** Is the cache at.cache this bundle's and whole? */
function expectValid(at: Install): void {
  const h = header(at.cache);
  const stat = statSync(at.bundle);
  expect(h.magic).toBe('GLCC');
  expect(h.size).toBe(stat.size);
  expect(h.mtime).toBe(Math.floor(stat.mtimeMs) >>> 0);
  expect(crc32(h.data)).toBe(h.crc);
  expect(h.data.length).toBeGreaterThan(10_000);
}

describe('the CLI code cache', () => {
  it('is written by a run that finds none and used as it is by the next', async () => {
    const at = install();
    const first = await help(at);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Usage: glossary');
    expectValid(at);
    const written = readFileSync(at.cache);
    const { ino } = statSync(at.cache);
    const second = await help(at);
    expect(second).toEqual(first);
    // Not written again: a write renames a new file over it.
    expect(statSync(at.cache).ino).toBe(ino);
    expect(readFileSync(at.cache).equals(written)).toBe(true);
  });

  it.each([
    ['a damaged byte', (bytes: Buffer) => {
      bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
      return bytes;
    }],
    ['a cut file', (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1)],
    ['a header alone', (bytes: Buffer) => bytes.subarray(0, 16)],
    ['an empty file', () => Buffer.alloc(0)],
    ['another format', (bytes: Buffer) => Buffer.concat([Buffer.from('XXXX'), bytes.subarray(4)])],
  ])('with %s is ignored and written again', async (_what, damage) => {
    const at = install();
    const expected = await help(at);
    const damaged = damage(Buffer.from(readFileSync(at.cache)));
    writeFileSync(at.cache, damaged);
    const run = await help(at);
    expect(run).toEqual(expected);
    expectValid(at);
    expect(readFileSync(at.cache).equals(damaged)).toBe(false);
  });

  it('of another bundle (compiled again since) is ignored and written again', async () => {
    const at = install();
    const expected = await help(at);
    const before = header(at.cache);
    // What a new compile does to the bundle: a new modification time.
    const later = new Date(statSync(at.bundle).mtimeMs + 5_000);
    utimesSync(at.bundle, later, later);
    const run = await help(at);
    expect(run).toEqual(expected);
    expectValid(at);
    expect(header(at.cache).mtime).not.toBe(before.mtime);
  });

  it('that V8 does not take (whole and stamped, but not its code) is ignored and written again', async () => {
    const at = install();
    const expected = await help(at);
    const h = header(at.cache);
    const foreign = Buffer.alloc(h.data.length, 0x5a);
    const bytes = Buffer.alloc(16);
    bytes.write('GLCC', 0, 'latin1');
    bytes.writeUInt32LE(crc32(foreign), 4);
    bytes.writeUInt32LE(h.size, 8);
    bytes.writeUInt32LE(h.mtime, 12);
    writeFileSync(at.cache, Buffer.concat([bytes, foreign]));
    const run = await help(at);
    expect(run).toEqual(expected);
    expectValid(at);
    expect(header(at.cache).data.equals(foreign)).toBe(false);
  });

  it('that cannot be written leaves the command working', async () => {
    const expected = await help(install());
    // A file where the cache folder should be, so that the write fails, as in a
    // read-only install (which the tests, run as root, cannot make).
    const blocked = install();
    writeFileSync(join(blocked.bundle, '../code-cache'), 'not a folder');
    expect(await help(blocked)).toEqual(expected);
    expect(await help(blocked)).toEqual(expected);
    expect(readFileSync(join(blocked.bundle, '../code-cache'), 'utf8')).toBe('not a folder');
  });
});
