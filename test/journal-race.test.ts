import { join } from 'node:path';
import { SelectQueryNode, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryId, type QueryResult, type UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/db/connection.ts';
import { buildGlossary } from '../src/glossary/build.ts';
import { GlossaryKeeper } from '../src/service/glossary-keeper.ts';
import { changesSince } from '../src/service/journal.ts';
import { openService, type ServiceStore } from '../src/service/service-store.ts';
import { createToken, revokeToken, tokenOwner } from '../src/service/tokens.ts';
import type { GlossarySnapshot } from '../src/snapshot.ts';
import { fixtureGlossaryDir, tempDir } from './helpers.ts';

/**
 * Runs `between` once, right after the next read of the journal on this connection
 * returns and before the keeper acts on it: another process's write landing between
 * a keeper's catch-up and its own insert.
 */
class BetweenReadAndWrite implements KyselyPlugin {
  private between?: () => Promise<unknown>;
  private readQuery?: QueryId;

  arm(between: () => Promise<unknown>): void {
    this.between = between;
  }

  transformQuery(args: PluginTransformQueryArgs) {
    if (this.between && !this.readQuery && SelectQueryNode.is(args.node)) this.readQuery = args.queryId;
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.between && args.queryId === this.readQuery) {
      const between = this.between;
      this.between = undefined;
      this.readQuery = undefined;
      await between();
    }
    return args.result;
  }
}

let dbPath: string;
let servicePath: string;
const open: { db: Store; service: ServiceStore }[] = [];

beforeAll(async () => {
  dbPath = join(tempDir(), 'glossary.db');
  await buildGlossary(fixtureGlossaryDir(false), dbPath);
});

afterAll(async () => {
  for (const o of open) {
    await o.service.destroy();
    await o.db.destroy();
  }
});

/** A keeper with its own connections to the shared files, as another process has. */
async function keeperOn(path: string, plugin?: KyselyPlugin): Promise<GlossaryKeeper> {
  const db = openStore(dbPath, { readonly: true });
  const base = await openService(path);
  const service = plugin ? base.withPlugin(plugin) : base;
  open.push({ db, service: base });
  return GlossaryKeeper.open(db, service);
}

describe('two writers on one journal', () => {
  it('a change committed between a write’s catch-up and its insert is applied, not skipped, and not undone', async () => {
    servicePath = join(tempDir(), 'service.db');
    const plugin = new BetweenReadAndWrite();
    const service = await keeperOn(servicePath, plugin);
    const cli = await keeperOn(servicePath);

    let cliResult: Awaited<ReturnType<GlossaryKeeper['editAlias']>> | undefined;
    plugin.arm(async () => (cliResult = await cli.editAlias('cli:tester', 'nvidia', { add: '命令行别名' })));
    const result = await service.editAlias('alice', 'nvidia', { add: '网页别名' });

    expect(cliResult?.ok).toBe(true);
    expect(result.ok).toBe(true);
    // The service's snapshot has both edits: the CLI's was not jumped over.
    expect(service.current().entries.get('nvidia')!.aliases).toEqual(expect.arrayContaining(['命令行别名', '网页别名']));
    // The journal's last word on nvidia keeps the CLI's alias: the HTTP write did not undo it.
    const changes = await changesSince(open[0]!.service, 0);
    expect(changes.map((c) => c.actor)).toEqual(['cli:tester', 'alice']);
    expect(changes[1]!.before!.aliases).toContain('命令行别名');
    expect(changes[1]!.after!.aliases).toEqual(expect.arrayContaining(['命令行别名', '网页别名']));
    // A third process opening the journal now sees the same.
    expect((await keeperOn(servicePath)).current().entries.get('nvidia')!.aliases).toEqual(expect.arrayContaining(['命令行别名', '网页别名']));
  });

  it('a write that clashes with a change committed between its catch-up and its insert is refused with 409', async () => {
    const path = join(tempDir(), 'service.db');
    const plugin = new BetweenReadAndWrite();
    const service = await keeperOn(path, plugin);
    const cli = await keeperOn(path);

    plugin.arm(() => cli.editAlias('cli:tester', 'huawei', { add: '同名别名' }));
    const result = await service.editAlias('alice', 'nvidia', { add: '同名别名' });

    expect(result).toMatchObject({ ok: false, status: 409 });
    expect(!result.ok && result.error).toMatch(/同名别名/);
    expect(service.current().entries.get('huawei')!.aliases).toContain('同名别名');
    expect(service.current().entries.get('nvidia')!.aliases).not.toContain('同名别名');
    expect((await changesSince(open.at(-1)!.service, 0)).map((c) => c.entityId)).toEqual(['huawei']);
  });

  it('a following service picks up another process’s change with no request to prompt it', async () => {
    const path = join(tempDir(), 'service.db');
    const base = await openService(path);
    const following = await GlossaryKeeper.watch(dbPath, base);
    try {
      const seen = new Promise<GlossarySnapshot>((resolve) => following.onChange(resolve));
      const cli = await keeperOn(path);
      expect((await cli.editAlias('cli:tester', 'tsmc', { add: '后台看到' })).ok).toBe(true);
      // No call to current(), no request: only the keeper's own poll can bring this.
      const snapshot = await seen;
      expect(snapshot.entries.get('tsmc')!.aliases).toContain('后台看到');
      expect(following.current().entries.get('tsmc')!.aliases).toContain('后台看到');
    } finally {
      await following.close();
      await base.destroy();
    }
  });
});

describe('two processes creating a token of one name', () => {
  it('exactly one gets a token, and it is the one that works', async () => {
    const path = join(tempDir(), 'service.db');
    const first = await openService(path);
    const second = await openService(path);
    try {
      const tokens = await Promise.all([createToken(first, 'desk'), createToken(second, 'desk')]);
      const issued = tokens.filter((t) => t !== undefined);
      expect(issued).toHaveLength(1);
      expect(await tokenOwner(first, issued[0]!)).toBe('desk');
      // Revoked, the name can be given a new token, once.
      expect(await revokeToken(first, 'desk')).toBe(true);
      const again = await Promise.all([createToken(first, 'desk'), createToken(second, 'desk')]);
      expect(again.filter((t) => t !== undefined)).toHaveLength(1);
      expect(await tokenOwner(second, issued[0]!)).toBeUndefined();
    } finally {
      await first.destroy();
      await second.destroy();
    }
  });
});
