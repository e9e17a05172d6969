import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeText, decodeTextChunks, NotText } from '../src/decode-text.ts';
import { fixtureGlossaryDir, ROOT, tempDir } from './helpers.ts';

const BIN = join(ROOT, 'scripts/glossary.cjs');

// Our own sentences, in simplified and traditional script; canonicalized to zh-CN,
// 川普 becomes 特朗普, 辉达/輝達 英伟达, 晶片 芯片, and 美國 美国 (entities of the fixture glossary).
const SIMPLIFIED = '美国总统川普表示，将允许辉达H200晶片出口。\n';
const SIMPLIFIED_ZH_CN = '美国总统特朗普表示，将允许英伟达H200芯片出口。\n';
const TRADITIONAL = '美國總統川普表示，將允許輝達H200晶片出口。\n';
const TRADITIONAL_ZH_CN = '美国總統特朗普表示，將允許英伟达H200芯片出口。\n';

let env: NodeJS.ProcessEnv;
let dir: string;

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Run the CLI as a process in dir; resolves with its exit code and output, never rejects. */
function glossary(args: string[], input?: Uint8Array, extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv }, cwd: dir }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin!.end(input ?? '');
  });
}

beforeAll(async () => {
  dir = tempDir();
  env = { ...process.env, GLOSSARY_DIR: fixtureGlossaryDir(), GLOSSARY_DB: join(dir, 'data', 'glossary.db'), SERVICE_DB: join(dir, 'data', 'service.db'), TM_DB: join(dir, 'data', 'tm.db') };
  expect((await glossary(['build'])).code).toBe(0);
});

describe('glossary canonicalize: files that are not UTF-8', () => {
  it.each([
    ['GBK', 'gbk.txt', () => iconv.encode(SIMPLIFIED, 'gbk'), 'gbk.txt: not UTF-8 text (looks like GBK); convert it to UTF-8 or pass --encoding gbk'],
    ['Big5', 'big5.txt', () => iconv.encode(TRADITIONAL, 'big5'), 'big5.txt: not UTF-8 text (looks like Big5); convert it to UTF-8 or pass --encoding big5'],
    ['UTF-16 without a BOM', 'utf16.txt', () => iconv.encode('Trump said chips may be exported.\n', 'utf-16le'), 'utf16.txt: not UTF-8 text (looks like UTF-16LE without a byte order mark); convert it to UTF-8 or pass --encoding utf-16le'],
    ['binary', 'image.png', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xd8]), 'image.png: not UTF-8 text (looks like binary data, not text)'],
  ])('refuses %s, naming the file and what it looks like, and writes nothing', async (_name, name, bytes, message) => {
    const { code, stdout, stderr } = await glossary(['canonicalize', '--to', 'zh-CN', file(name, bytes())]);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('reads UTF-16 with a byte order mark, little- or big-endian, as text', async () => {
    const le = await glossary(['canonicalize', '--to', 'zh-CN', file('le.txt', iconv.encode(SIMPLIFIED, 'utf-16le', { addBOM: true }))]);
    expect(le).toMatchObject({ code: 0, stdout: SIMPLIFIED_ZH_CN });
    const be = await glossary(['canonicalize', '--to', 'zh-CN', file('be.txt', iconv.encode(TRADITIONAL, 'utf-16be', { addBOM: true }))]);
    expect(be).toMatchObject({ code: 0, stdout: TRADITIONAL_ZH_CN });
  });

  it('decodes GBK and Big5 with --encoding, and refuses an encoding the bytes are not', async () => {
    expect(await glossary(['canonicalize', '--to', 'zh-CN', '--encoding', 'gbk', file('gbk.txt', iconv.encode(SIMPLIFIED, 'gbk'))])).toMatchObject({ code: 0, stdout: SIMPLIFIED_ZH_CN });
    const big5 = file('big5.txt', iconv.encode(TRADITIONAL, 'big5'));
    expect(await glossary(['canonicalize', '--to', 'zh-CN', '--encoding', 'big5', big5])).toMatchObject({ code: 0, stdout: TRADITIONAL_ZH_CN });
    const wrong = await glossary(['canonicalize', '--to', 'zh-CN', '--encoding', 'gbk', big5]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toContain('big5.txt: not gbk text: it looks like Big5; pass --encoding big5');
    const unknown = await glossary(['canonicalize', '--to', 'zh-CN', '--encoding', 'klingon', big5]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('unknown encoding; use e.g. gbk');
  });

  it('reads standard input by the same rules', async () => {
    const refused = await glossary(['canonicalize', '--to', 'zh-CN'], iconv.encode(SIMPLIFIED, 'gbk'));
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('standard input: not UTF-8 text (looks like GBK); convert it to UTF-8 or pass --encoding gbk');
    expect(await glossary(['canonicalize', '--to', 'zh-CN', '--encoding', 'gbk'], iconv.encode(SIMPLIFIED, 'gbk'))).toMatchObject({ code: 0, stdout: SIMPLIFIED_ZH_CN });
    expect(await glossary(['canonicalize', '--to', 'zh-CN'], iconv.encode(SIMPLIFIED, 'utf-16le', { addBOM: true }))).toMatchObject({ code: 0, stdout: SIMPLIFIED_ZH_CN });
  });
});

describe('glossary tm import: CSV that is not UTF-8', () => {
  it('refuses GBK with the reason and imports nothing; imports it with --encoding gbk', async () => {
    const tm = { TM_DB: join(tempDir(), 'tm.db') };
    const csv = file('pairs.csv', iconv.encode('zh-CN,en\n英伟达发布新芯片,NVIDIA releases a new chip\n', 'gbk'));
    const refused = await glossary(['tm', 'import', csv], undefined, tm);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pairs.csv: not UTF-8 text (looks like GBK); convert it to UTF-8 or pass --encoding gbk');
    expect(refused.stderr).toContain('not imported; the memory is unchanged');
    expect((await glossary(['tm', 'export', '--format', 'csv'], undefined, tm)).stderr).toContain('exported 0 units as CSV');

    expect((await glossary(['tm', 'import', '--encoding', 'gbk', csv], undefined, tm)).code).toBe(0);
    expect((await glossary(['tm', 'export', '--format', 'csv'], undefined, tm)).stdout).toBe('zh-CN,en\r\n英伟达发布新芯片,NVIDIA releases a new chip\r\n');
  });
});

describe('glossary build: glossary files that are not UTF-8', () => {
  it('refuses a GBK file with its name, and reads a UTF-16 file with a byte order mark', async () => {
    const glossaryDir = join(tempDir(), 'glossary');
    mkdirSync(glossaryDir);
    cpSync(join(ROOT, 'glossary/terms.yaml'), join(glossaryDir, 'terms.yaml'));
    writeFileSync(join(glossaryDir, 'zz-gbk.yaml'), iconv.encode('- id: gbk-probe\n  kind: term\n  names: { zh-CN: 测试词条, en: gbk probe }\n', 'gbk'));
    writeFileSync(join(glossaryDir, 'zz-utf16.yaml'), iconv.encode('- id: utf16-probe\n  kind: term\n  names: { zh-TW: 測試條目, en: utf16 probe }\n', 'utf-16le', { addBOM: true }));
    const store = { GLOSSARY_DIR: glossaryDir, GLOSSARY_DB: join(tempDir(), 'glossary.db') };

    const refused = await glossary(['build'], undefined, store);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('zz-gbk.yaml:1: not UTF-8 text (looks like GBK); glossary files are UTF-8: convert it');
    expect(refused.stderr).toContain('build failed: 1 error;');

    writeFileSync(join(glossaryDir, 'zz-gbk.yaml'), '- id: gbk-probe\n  kind: term\n  names: { zh-CN: 测试词条, en: gbk probe }\n');
    expect((await glossary(['build'], undefined, store)).code).toBe(0);
    const found = await glossary(['lookup', '測試條目', '--json'], undefined, store);
    expect(JSON.parse(found.stdout).results[0]).toMatchObject({ entity: { id: 'utf16-probe' }, how: 'exact' });
  });
});

describe('decodeTextChunks', () => {
  /** The bytes one at a time: every byte order mark and every character is cut. */
  async function oneByteAtATime(bytes: Uint8Array, encoding?: string): Promise<string> {
    async function* chunks() {
      for (const b of bytes) yield new Uint8Array([b]);
    }
    let text = '';
    for await (const part of decodeTextChunks(chunks(), encoding)) text += part;
    return text;
  }

  it('decodes whatever the chunks cut, as decodeText does the whole', async () => {
    expect(await oneByteAtATime(iconv.encode(TRADITIONAL, 'utf-16be', { addBOM: true }))).toBe(TRADITIONAL);
    expect(await oneByteAtATime(new TextEncoder().encode(`\ufeff${SIMPLIFIED}`))).toBe(SIMPLIFIED);
    expect(await oneByteAtATime(iconv.encode(SIMPLIFIED, 'gbk'), 'gbk')).toBe(SIMPLIFIED);
    expect(await oneByteAtATime(new TextEncoder().encode('a'))).toBe('a');
    expect(await oneByteAtATime(new Uint8Array(0))).toBe('');
    expect(decodeText(new Uint8Array([0xff, 0xfe]))).toBe('');
    await expect(oneByteAtATime(iconv.encode(SIMPLIFIED, 'gbk'))).rejects.toThrow(NotText);
  });
});
