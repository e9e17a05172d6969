import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { actorName, wholeNumber } from '../src/cli/cli-options.ts';
import { fixtureGlossaryDir, ROOT, tempDir } from './helpers.ts';

const BIN = join(ROOT, 'scripts/glossary.cjs');
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const data = tempDir();
  env = { ...process.env, GLOSSARY_DIR: fixtureGlossaryDir(false), GLOSSARY_DB: join(data, 'glossary.db'), SERVICE_DB: join(data, 'service.db'), TM_DB: join(data, 'tm.db'), GLOSSARY_ACTOR: 'tester' };
  // Built once here, so no command below starts its standard error with the build's summary.
  expect((await glossary(['build'])).code).toBe(0);
}, 60_000);

function glossary(args: string[], input = '', extra: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...env, ...extra }, cwd: ROOT }, (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    child.stdin!.end(input);
  });
}

/** A user's mistake: the exit code, and a first line that says what is wrong; never a stack. */
async function mistake(args: string[], input = '', extra: NodeJS.ProcessEnv = {}) {
  const result = await glossary(args, input, extra);
  expect(result.stderr).not.toMatch(/^ {4}at /m);
  return { code: result.code, first: result.stderr.split('\n')[0] };
}

describe('CLI numbers: one parser', () => {
  it('takes plain digits in range and nothing else', () => {
    const limit = wholeNumber(1, 100);
    expect(limit('10')).toBe(10);
    expect(limit('100')).toBe(100);
    for (const bad of ['1e1', '0x10', '5.0', '+5', ' 5', '', '0', '101', '9'.repeat(20)]) expect(() => limit(bad), bad).toThrow('must be a whole number from 1 to 100');
  });
});

describe('actor names: one rule for --actor and token names', () => {
  it('takes any printable name up to 64 characters, in any script', () => {
    expect(actorName('the token name')(' 王小明 ')).toBe('王小明');
    expect(() => actorName('the token name')('a\tb')).toThrow('the token name contains the control or format character U+0009 at 1');
    expect(() => actorName('the token name')('名'.repeat(65))).toThrow('the token name is 65 characters long; at most 64');
  });
});

describe('CLI mistakes are one line, never a stack', () => {
  it('a command used wrongly exits 2 (usage)', async () => {
    expect(await mistake(['entity', 'alias', 'nvidia'])).toEqual({ code: 2, first: 'glossary: give exactly one of --add or --remove, e.g. glossary entity alias nvidia --add 别名' });
    expect(await mistake(['entity', 'alias', 'nvidia', '--add', '甲', '--remove', '乙'])).toMatchObject({ code: 2 });
    expect(await mistake(['token', 'create', 'a\tb'])).toEqual({ code: 2, first: "error: command-argument value 'a\tb' is invalid for argument 'name'. the token name contains the control or format character U+0009 at 1; use printable characters only" });
    expect(await mistake(['lookup', 'nvidia', '-n', '1e1'])).toEqual({ code: 2, first: "error: option '-n, --limit <n>' argument '1e1' is invalid. must be a whole number from 1 to 100" });
    expect(await mistake(['tm', 'show', '1e1'])).toEqual({ code: 2, first: "error: command-argument value '1e1' is invalid for argument 'id'. must be a unit id (a whole number from 1)" });
    expect(await mistake(['serve', '--port', 'abc'])).toEqual({ code: 2, first: "error: option '-p, --port <port>' argument 'abc' is invalid. must be a port number from 0 to 65535" });
    expect(await mistake(['entity', 'add', '-'], 'not json')).toMatchObject({ code: 2, first: expect.stringMatching(/^glossary: standard input: not JSON: /) });
  }, 60_000);

  it('other mistakes exit 1 and say what to fix', async () => {
    expect(await mistake(['entity', 'add', '-'], 'null')).toEqual({ code: 1, first: 'the body must be an entity object: { id, kind, names: { "zh-CN", "zh-TW", "zh-HK", "en" }, aliases: [...] }' });
    const missing = join(tempDir(), 'nowhere');
    expect(await mistake(['lookup', 'nvidia'], '', { GLOSSARY_DIR: missing })).toEqual({ code: 1, first: `the glossary folder ${missing} does not exist; set GLOSSARY_DIR to the folder of glossary .yaml files` });
  }, 60_000);

  it('a token may be named in any script, as an actor may', async () => {
    const created = await glossary(['token', 'create', '王小明']);
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toMatch(/^glos_/);
    expect((await glossary(['token', 'list'])).stdout).toMatch(/^王小明 {2}created \S+ {2}active$/m);
  }, 60_000);
});
