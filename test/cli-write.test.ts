import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GlossaryKeeper } from '../src/service/glossary-keeper.ts';
import { openService } from '../src/service/service-store.ts';
import { createApp } from '../src/http/app.ts';
import { fixtureGlossaryDir, ROOT, tempDir } from './helpers.ts';

const BIN = join(ROOT, 'scripts/glossary.cjs');
let env: NodeJS.ProcessEnv;
let dir: string;
let data: string;

beforeAll(() => {
  dir = fixtureGlossaryDir(false);
  data = tempDir();
  env = { ...process.env, GLOSSARY_DIR: dir, GLOSSARY_DB: join(data, 'glossary.db'), SERVICE_DB: join(data, 'service.db'), TM_DB: join(data, 'tm.db') };
});

function glossary(args: string[], input = '') {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env, cwd: ROOT }, (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    child.stdin!.end(input);
  });
}

const ILUVATAR = { id: 'iluvatar-corex', kind: 'org', names: { 'zh-CN': '天数智芯', 'zh-TW': '天數智芯', 'zh-HK': null, en: 'Iluvatar CoreX' }, aliases: ['天数'] };

describe('glossary token', () => {
  it('creates a token printed once, refuses a second of the same name, lists and revokes it', async () => {
    const created = await glossary(['token', 'create', 'alice']);
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toMatch(/^glos_[A-Za-z0-9_-]{43}$/);
    expect((await glossary(['token', 'create', 'alice'])).stderr).toContain('a token named alice exists');
    expect((await glossary(['token', 'list'])).stdout).toMatch(/^alice {2}created \S+ {2}active$/m);
    // Only the hash is stored.
    const service = await openService(env.SERVICE_DB!);
    const row = await service.selectFrom('token').selectAll().where('name', '=', 'alice').executeTakeFirstOrThrow();
    expect(row.hash).not.toContain(created.stdout.trim());
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    await service.destroy();
    expect((await glossary(['token', 'revoke', 'alice'])).code).toBe(0);
    expect((await glossary(['token', 'revoke', 'alice'])).code).toBe(1);
  });
});

describe('glossary entity, and export --format yaml', () => {
  it('adds, edits and deletes entities with the build’s checks, seen by canonicalize at once', async () => {
    const added = await glossary(['entity', 'add', '-'], JSON.stringify(ILUVATAR));
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ id: 'iluvatar-corex', names: { 'zh-TW': '天數智芯' } });
    expect((await glossary(['canonicalize', '--to', 'zh-CN'], '天數智芯的GPU')).stdout).toBe('天数智芯的GPU');

    const clash = await glossary(['entity', 'alias', 'iluvatar-corex', '--add', '辉达']);
    expect(clash.code).toBe(3);
    expect(clash.stderr).toMatch(/iluvatar-corex: name 辉达 folds to the same key as nvidia's/);
    expect((await glossary(['entity', 'alias', 'nvidia', '--add', '英伟达集团'])).code).toBe(0);
    expect((await glossary(['entity', 'delete', 'biren'])).code).toBe(0);
    expect((await glossary(['canonicalize', '--to', 'en'], '壁仞科技')).stdout).toBe('壁仞科技');

    const history = await glossary(['entity', 'history', 'nvidia']);
    expect(history.stdout).toMatch(/^#\d+ {2}\S+ {2}update {3}by cli:\S+$/m);
  });

  it('keeps service edits through a rebuild from files', async () => {
    const built = await glossary(['build']);
    expect(built.stderr).toContain('and 3 entities changed through the service (not yet exported to files)');
    expect((await glossary(['lookup', '天数', '--json'])).stdout).toContain('iluvatar-corex');
    expect((await glossary(['lookup', '壁仞科技'])).code).toBe(1);
  });

  it('writes the edits into glossary/ files with a minimal diff, after which a build from files alone agrees', async () => {
    const before = readFileSync(join(dir, 'orgs.yaml'), 'utf8');
    const exported = await glossary(['export', '--format', 'yaml']);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('wrote 3 changes to 1 files (1 updated, 1 added, 1 removed entities)');
    const after = readFileSync(join(dir, 'orgs.yaml'), 'utf8');
    // The nvidia line changed in place; biren's entry is gone; iluvatar-corex is appended; nothing else moved.
    const nvidiaAliases = '  aliases: [辉达, 英偉達, Nvidia, nVidia, NVIDIA Corporation, 英伟达公司, 輝達公司]\n';
    expect(before).toContain(nvidiaAliases);
    const expected = before
      .replace(nvidiaAliases, '  aliases: [辉达, 英偉達, Nvidia, nVidia, NVIDIA Corporation, 英伟达公司, 輝達公司, 英伟达集团]\n')
      .replace(/- id: biren\n(?: {2}.*\n)+\n/, '')
      .concat('\n- id: iluvatar-corex\n  kind: org\n  names: { zh-CN: 天数智芯, zh-TW: 天數智芯, en: Iluvatar CoreX }\n  aliases: [天数]\n');
    expect(after).toBe(expected);

    // Nothing is left to export, and the journal marks the changes as exported.
    expect((await glossary(['export', '--format', 'yaml'])).stderr).toContain('already has every change');
    expect((await glossary(['entity', 'history', 'biren'])).stdout).toContain('(exported to files)');
    const rebuilt = await glossary(['build']);
    expect(rebuilt.stderr).not.toContain('changed through the service');
    expect((await glossary(['lookup', '天数', '--json'])).stdout).toContain('iluvatar-corex');
    // The store now has every change: commands read it as it is. A new edit is read with the journal again.
    expect((await glossary(['entity', 'alias', 'iluvatar-corex', '--add', '天数芯片厂'])).code).toBe(0);
    expect((await glossary(['lookup', '天数芯片厂', '--json'])).stdout).toContain('iluvatar-corex');
    expect((await glossary(['canonicalize', '--to', 'en'], '天数芯片厂')).stdout).toBe('Iluvatar CoreX');
  });

  it('lets a running service pick up a CLI edit without a restart', async () => {
    const service = await openService(env.SERVICE_DB!);
    // As `glossary serve` keeps it: following the journal and the store file.
    const keeper = await GlossaryKeeper.watch(env.GLOSSARY_DB!, service);
    const app = createApp({ glossary: () => keeper.current(), keeper, service, tm: undefined as never });
    const canon = async () => ((await (await app.request('/v1/canonicalize', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '天数公司', to: 'en' }) })).json()) as any).text;
    expect(await canon()).toBe('Iluvatar CoreX公司');
    await glossary(['entity', 'alias', 'iluvatar-corex', '--remove', '天数']);
    let text = await canon();
    for (let i = 0; i < 30 && text !== '天数公司'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      text = await canon();
    }
    expect(text).toBe('天数公司');
    await keeper.close();
    await service.destroy();
  });
});
