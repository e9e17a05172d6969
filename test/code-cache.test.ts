// The CLI's V8 code cache (scripts/glossary.cjs): written by a run that finds none and
// succeeds, used as it is by the next, and never used when it is another bundle's,
// cut, damaged or not V8's: such a cache is ignored and written again, and the
// command's output is the same. Each test runs a copy of the launcher and of
// dist/cli.cjs in a folder of its own (the rest of dist/ and node_modules linked), so
// the other test files' CLI runs and caches are not touched. The command is `glossary
// migrate` on stores of the folder's own: it succeeds without a built glossary.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.ts';

interface Install {
  readonly dir: string;
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
  return { dir, launcher: join(dir, 'scripts/glossary.cjs'), bundle: join(dir, 'dist/cli.cjs'), cache: join(dir, 'dist/code-cache/migrate.bin') };
}

function glossary(at: Install, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, SERVICE_DB: join(at.dir, 'service.db'), TM_DB: join(at.dir, 'tm.db'), GLOSSARY_DB: join(at.dir, 'glossary.db') };
  delete env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(process.execPath, [at.launcher, ...args], { env, cwd: at.dir }, (error, stdout, stderr) => {
      // Each install's stores are its own: their paths are said alike.
      const own = (text: string) => text.replaceAll(at.dir, '<install>');
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: own(stdout), stderr: own(stderr) });
    });
  });
}

/** `glossary migrate` once its stores are made (the first run makes them, and writes the cache). */
async function migrated(at: Install): Promise<{ code: number; stdout: string; stderr: string }> {
  const first = await glossary(at, ['migrate']);
  expect(first.code).toBe(0);
  const again = await glossary(at, ['migrate']);
  expect(again.code).toBe(0);
  expect(again.stderr).toContain('up to date');
  return again;
}

const migrate = (at: Install) => glossary(at, ['migrate']);

/** The cache file's header, read as the launcher writes it. */
function header(file: string) {
  const bytes = readFileSync(file);
  return { magic: bytes.toString('latin1', 0, 4), crc: bytes.readUInt32LE(4), size: bytes.readUInt32LE(8), bundleCrc: bytes.readUInt32LE(12), data: bytes.subarray(16) };
}

/** Is the cache at.cache this bundle's and whole? */
function expectValid(at: Install): void {
  const h = header(at.cache);
  const bundle = readFileSync(at.bundle);
  expect(h.magic).toBe('GLCC');
  expect(h.size).toBe(bundle.length);
  expect(h.bundleCrc).toBe(crc32(bundle));
  expect(crc32(h.data)).toBe(h.crc);
  expect(h.data.length).toBeGreaterThan(10_000);
}

describe('the CLI code cache', () => {
  it('is written by a run that finds none and used as it is by the next', async () => {
    const at = install();
    const expected = await migrated(at);
    expectValid(at);
    const written = readFileSync(at.cache);
    const { ino } = statSync(at.cache);
    expect(await migrate(at)).toEqual(expected);
    // Not written again: a write renames a new file over it.
    expect(statSync(at.cache).ino).toBe(ino);
    expect(readFileSync(at.cache).equals(written)).toBe(true);
  });

  it("is not written by a failed run, a mistyped command or a command's help", async () => {
    const at = install();
    const cacheDir = join(at.cache, '..');
    expect((await glossary(at, ['lokup', 'NVIDIA'])).code).toBe(2);
    expect((await glossary(at, ['migrate', '--help'])).code).toBe(0);
    expect((await glossary(at, ['lookup'])).code).toBe(2);
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
    // The CLI's own help has a cache of its own.
    expect((await glossary(at, ['--help'])).code).toBe(0);
    expect(readdirSync(cacheDir)).toEqual(['other.bin']);
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
    const expected = await migrated(at);
    const damaged = damage(Buffer.from(readFileSync(at.cache)));
    writeFileSync(at.cache, damaged);
    expect(await migrate(at)).toEqual(expected);
    expectValid(at);
    expect(readFileSync(at.cache).equals(damaged)).toBe(false);
  });

  it('of another bundle of the same size and modification time is ignored and written again', async () => {
    const at = install();
    const expected = await migrated(at);
    const before = header(at.cache);
    // One byte changed where migrate does not read it (the program's description), and the old time put back:
    // V8 compares only the length of the source, so the cache's CRC of the bundle is what tells them apart.
    const { mtime, atime } = statSync(at.bundle);
    const bundle = readFileSync(at.bundle, 'latin1');
    expect(bundle).toContain('Bilingual entity glossary: canonicalize');
    writeFileSync(at.bundle, bundle.replace('Bilingual entity glossary: canonicalize', 'bilingual entity glossary: canonicalize'), 'latin1');
    utimesSync(at.bundle, atime, mtime);
    expect(await migrate(at)).toEqual(expected);
    expectValid(at);
    expect(header(at.cache).bundleCrc).not.toBe(before.bundleCrc);
    const usage = await glossary(at, ['--help']);
    expect(usage.stdout).toContain('bilingual entity glossary: canonicalize');
  });

  it('that V8 does not take (whole and stamped, but not its code) is ignored and written again', async () => {
    const at = install();
    const expected = await migrated(at);
    const h = header(at.cache);
    const foreign = Buffer.alloc(h.data.length, 0x5a);
    const bytes = Buffer.alloc(16);
    bytes.write('GLCC', 0, 'latin1');
    bytes.writeUInt32LE(crc32(foreign), 4);
    bytes.writeUInt32LE(h.size, 8);
    bytes.writeUInt32LE(h.bundleCrc, 12);
    writeFileSync(at.cache, Buffer.concat([bytes, foreign]));
    expect(await migrate(at)).toEqual(expected);
    expectValid(at);
    expect(header(at.cache).data.equals(foreign)).toBe(false);
  });

  it('that cannot be written leaves the command working and no file behind', async () => {
    const expected = await migrated(install());
    // A file where the cache folder should be, so that the write fails, as in a
    // read-only install (which the tests, run as root, cannot make).
    const blocked = install();
    const cacheDir = join(blocked.bundle, '../code-cache');
    writeFileSync(cacheDir, 'not a folder');
    await glossary(blocked, ['migrate']);
    expect(await migrate(blocked)).toEqual(expected);
    expect(readFileSync(cacheDir, 'utf8')).toBe('not a folder');
    expect(readdirSync(join(blocked.bundle, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
