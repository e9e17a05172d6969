import { join } from 'node:path';
import { SelectAllNode, SelectQueryNode, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryId, type QueryResult, type UnknownRow } from 'kysely';
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
 * Runs `between` right after a keeper's catch-up read of the journal returns (a
 * select of whole rows, not the max(seq) check) and before the keeper acts on it:
 * another process's write landing between a keeper's catch-up and its own insert.
 * Armed for `times` catch-ups in a row.
 */
class BetweenReadAndWrite implements KyselyPlugin {
  private between?: () => Promise<unknown>;
  private times = 0;
  private readQuery?: QueryId;

  arm(between: () => Promise<unknown>, times = 1): void {
    this.between = between;
    this.times = times;
  }

  transformQuery(args: PluginTransformQueryArgs) {
    const node = args.node;
    if (this.times > 0 && !this.readQuery && SelectQueryNode.is(node) && node.selections?.some((s) => SelectAllNode.is(s.selection))) this.readQuery = args.queryId;
    return node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.between && args.queryId === this.readQuery) {
      this.readQuery = undefined;
      this.times--;
      await this.between();
    }
    return args.result;
  }
}

let dbPath: string;
let serviceStore: string;
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
    serviceStore = join(tempDir(), 'service.db');
    const plugin = new BetweenReadAndWrite();
    const service = await keeperOn(serviceStore, plugin);
    const cli = await keeperOn(serviceStore);

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
    expect((await keeperOn(serviceStore)).current().entries.get('nvidia')!.aliases).toEqual(expect.arrayContaining(['命令行别名', '网页别名']));
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

  it('a write that other writers overtake again and again gives up with 503 and writes nothing', async () => {
    const path = join(tempDir(), 'service.db');
    const plugin = new BetweenReadAndWrite();
    const service = await keeperOn(path, plugin);
    const cli = await keeperOn(path);

    let n = 0;
    plugin.arm(() => cli.editAlias('cli:tester', 'huawei', { add: `抢先${n++}` }), 200);
    const result = await service.editAlias('alice', 'nvidia', { add: '总被抢先' });

    expect(result).toMatchObject({ ok: false, status: 503 });
    expect(!result.ok && result.error).toBe('other writers changed the journal 200 times while this write was being checked; nothing was written, send it again');
    const changes = await changesSince(open.at(-1)!.service, 0);
    expect(changes.map((c) => c.entityId)).toEqual(Array(200).fill('huawei'));
    // The other writer's changes are applied up to the last catch-up; the 200th came after it...
    expect(service.current().entries.get('huawei')!.aliases).toEqual(expect.arrayContaining(['抢先0', '抢先198']));
    expect(service.current().entries.get('nvidia')!.aliases).not.toContain('总被抢先');
    // ...and the next write applies it before its own.
    expect((await service.editAlias('alice', 'nvidia', { add: '总被抢先' })).ok).toBe(true);
    expect(service.current().entries.get('huawei')!.aliases).toContain('抢先199');
    expect(service.current().entries.get('nvidia')!.aliases).toContain('总被抢先');
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
