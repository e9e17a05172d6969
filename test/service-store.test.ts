import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesSince, entityHistory, journalId, lastChangeSeq, markMerged, readJournalForBuild, recordChangeAfter } from '../src/service/journal.ts';
import { openService, type ServiceStore } from '../src/service/service-store.ts';
import { activeTokenCount, createToken, listTokens, revokeToken, tokenOwner } from '../src/service/tokens.ts';
import { tempDir } from './helpers.ts';
import { freshDatabase, SERVICE_DIALECTS } from './postgres.ts';

const entry = (id: string, alias: string) => ({ id, kind: 'org' as const, names: { 'zh-CN': '测试' }, aliases: [alias], deprecated: [], ambiguous: [], sources: [] });

// The service store's own behaviour, the same tests on each store it can live in.
describe.each(SERVICE_DIALECTS)('the service store in %s', (dialect) => {
  let service: ServiceStore;
  let location: string;
  const database = dialect === 'postgres' ? freshDatabase() : undefined;

  beforeAll(async () => {
    location = database ? database.url : join(tempDir(), 'service.db');
    service = await openService(location);
  });
  afterAll(async () => {
    await service.destroy();
  });

  it('migrates once: opening the store again runs no migration and keeps the journal’s name', async () => {
    const id = await journalId(service);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    let ran: string[] | undefined;
    const again = await openService(location, (names) => (ran = names));
    try {
      expect(ran).toEqual([]);
      expect(await journalId(again)).toBe(id);
    } finally {
      await again.destroy();
    }
  });

  it('records a change only after the change the writer last saw, numbering from 1', async () => {
    expect(await lastChangeSeq(service)).toBe(0);
    const first = await recordChangeAfter(service, 0, { entityId: 'acme', action: 'create', actor: 'alice', before: null, after: entry('acme', '甲') });
    expect(first).toMatchObject({ kind: 'recorded', change: { seq: 1, entityId: 'acme', action: 'create', actor: 'alice', before: null, merged: false } });
    // A writer that checked against change 0 is told the journal moved; nothing is written.
    expect(await recordChangeAfter(service, 0, { entityId: 'acme', action: 'update', actor: 'bob', before: null, after: entry('acme', '乙') })).toEqual({ kind: 'moved' });
    // One that claims changes the journal does not have is told where it ends.
    expect(await recordChangeAfter(service, 5, { entityId: 'acme', action: 'update', actor: 'bob', before: null, after: entry('acme', '乙') })).toEqual({ kind: 'behind', lastSeq: 1 });
    expect(await lastChangeSeq(service)).toBe(1);
    const second = await recordChangeAfter(service, 1, { entityId: 'acme', action: 'update', actor: 'bob', before: entry('acme', '甲'), after: entry('acme', '乙') });
    expect(second).toMatchObject({ kind: 'recorded', change: { seq: 2, after: { aliases: ['乙'] } } });
  });

  it('lets exactly one of two writers that saw the same change record after it', async () => {
    const seen = await lastChangeSeq(service);
    const results = await Promise.all(['carol', 'dave', 'erin'].map((actor) => recordChangeAfter(service, seen, { entityId: 'race', action: 'create', actor, before: null, after: entry('race', actor) })));
    expect(results.filter((r) => r.kind === 'recorded')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'moved')).toHaveLength(2);
    expect(await lastChangeSeq(service)).toBe(seen + 1);
  });

  it('reads changes since a number, an entity’s history a page at a time, and what a build merges', async () => {
    expect((await changesSince(service, 1)).map((c) => c.seq)).toEqual([2, 3]);
    const page = await entityHistory(service, 'acme', { limit: 1 });
    expect(page.changes.map((c) => c.seq)).toEqual([2]);
    expect(page.next).toBe(2);
    expect((await entityHistory(service, 'acme', { limit: 1, before: 2 })).changes.map((c) => c.action)).toEqual(['create']);
    await markMerged(service, 2);
    const read = await readJournalForBuild(service);
    expect(read.lastSeq).toBe(3);
    expect(read.changes.map((c) => c.seq)).toEqual([3]);
    expect((await changesSince(service, 0, { unmergedOnly: true })).map((c) => c.seq)).toEqual([3]);
  });

  it('keeps tokens as hashes: one active token per name, revoked ones renewable', async () => {
    const token = await createToken(service, 'alice');
    expect(token).toMatch(/^glos_/);
    expect(await createToken(service, 'alice')).toBeUndefined();
    expect(await tokenOwner(service, token!)).toBe('alice');
    expect(await tokenOwner(service, `${token}x`)).toBeUndefined();
    expect(await activeTokenCount(service)).toBe(1);
    expect(await revokeToken(service, 'alice')).toBe(true);
    expect(await revokeToken(service, 'alice')).toBe(false);
    expect(await tokenOwner(service, token!)).toBeUndefined();
    const renewed = await createToken(service, 'alice');
    expect(await tokenOwner(service, renewed!)).toBe('alice');
    expect((await listTokens(service)).map((t) => t.name)).toEqual(['alice']);
  });
});
