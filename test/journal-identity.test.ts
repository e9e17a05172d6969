import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/db/connection.ts';
import { buildGlossary } from '../src/glossary/build.ts';
import { GlossaryKeeper } from '../src/service/glossary-keeper.ts';
import { openService } from '../src/service/service-store.ts';
import { fixtureGlossaryDir, ROOT, tempDir } from './helpers.ts';

const BIN = join(ROOT, 'scripts/glossary.cjs');

function glossary(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, cwd: ROOT }, (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    child.stdin!.end('');
  });
}

describe('a build’s change numbers belong to one journal', () => {
  it('a store built with 5 changes of another journal is refused with what to do, not loaded to fail every write', async () => {
    const dbPath = join(tempDir(), 'glossary.db');
    await buildGlossary(fixtureGlossaryDir(false), dbPath, { journal: { changes: [], lastSeq: 5 } });
    const db = openStore(dbPath, { readonly: true });
    const service = await openService(join(tempDir(), 'service.db'));
    try {
      await expect(GlossaryKeeper.open(db, service)).rejects.toThrow(/built with changes up to #5 of .*not of SERVICE_DB's \(journal \w{8}, 0 changes\).*rebuild it with `glossary build`/);
    } finally {
      await service.destroy();
      await db.destroy();
    }
  });

  it('a write whose journal lost changes the glossary has applied says so, not that other writers were busy', async () => {
    const dbPath = join(tempDir(), 'glossary.db');
    await buildGlossary(fixtureGlossaryDir(false), dbPath);
    const db = openStore(dbPath, { readonly: true });
    const service = await openService(join(tempDir(), 'service.db'));
    try {
      const keeper = await GlossaryKeeper.open(db, service);
      expect((await keeper.editAlias('alice', 'nvidia', { add: '甲别名' })).ok).toBe(true);
      expect((await keeper.editAlias('alice', 'nvidia', { add: '乙别名' })).ok).toBe(true);
      // Change #2 disappears under the keeper (a restored backup, a hand edit).
      await service.deleteFrom('entity_change').where('seq', '=', 2).execute();
      const result = await keeper.editAlias('alice', 'nvidia', { add: '丙别名' });
      expect(result).toMatchObject({ ok: false, status: 503 });
      expect(!result.ok && result.error).toMatch(/^the change journal \(SERVICE_DB\) ends at change #1, but this glossary has changes up to #2 applied.*Rebuild with `glossary build`/);
      expect(!result.ok && result.error).not.toContain('other writers');
      expect(await service.selectFrom('entity_change').select('seq').execute()).toEqual([{ seq: 1 }]);
    } finally {
      await service.destroy();
      await db.destroy();
    }
  });

  it('after service.db is deleted the CLI says to rebuild; after the rebuild, changes numbered from 1 again are all seen', async () => {
    const data = tempDir();
    const env = { GLOSSARY_DIR: fixtureGlossaryDir(false), GLOSSARY_DB: join(data, 'glossary.db'), SERVICE_DB: join(data, 'service.db'), TM_DB: join(data, 'tm.db'), GLOSSARY_ACTOR: 'tester' };
    for (const alias of ['甲别名', '乙别名', '丙别名']) expect((await glossary(['entity', 'alias', 'nvidia', '--add', alias], env)).code).toBe(0);
    expect((await glossary(['build'], env)).code).toBe(0);
    rmSync(env.SERVICE_DB);

    // Base: every write answered 'other writers changed the journal 20 times' and wrote nothing, forever.
    const refused = await glossary(['entity', 'alias', 'nvidia', '--add', '丁别名'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^glossary: the glossary store was built with changes up to #3 of another service store \(journal \w{8}\), not of SERVICE_DB's \(journal \w{8}, 0 changes\).*rebuild it with `glossary build`/);
    expect(refused.stderr).not.toMatch(/^ {4}at /m);
    const lookup = await glossary(['lookup', 'nvidia'], env);
    expect(lookup.code).toBe(1);
    expect(lookup.stderr).toContain(`${env.GLOSSARY_DB}: the glossary store was built with changes up to #3 of another service store`);

    expect((await glossary(['build'], env)).code).toBe(0);
    const added = await glossary(['entity', 'alias', 'nvidia', '--add', '丁别名'], env);
    expect(added.code).toBe(0);
    expect(added.stderr).toContain('(change 1;');
    expect((await glossary(['entity', 'alias', 'nvidia', '--add', '戊别名'], env)).code).toBe(0);
    // Rebuilt at #2 of the new journal, then #3: a fresh process applies #3 (a number the old build also had).
    expect((await glossary(['build'], env)).code).toBe(0);
    expect((await glossary(['entity', 'alias', 'nvidia', '--add', '己别名'], env)).stderr).toContain('(change 3;');
    const aliases = JSON.parse((await glossary(['lookup', 'nvidia', '--json'], env)).stdout).results[0].entity.aliases;
    expect(aliases).toEqual(expect.arrayContaining(['丁别名', '戊别名', '己别名']));
    expect(aliases).not.toContain('甲别名');
  }, 60_000);
});
