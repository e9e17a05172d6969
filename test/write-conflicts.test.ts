import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../src/glossary/entry.ts';
import { expandEntry } from '../src/glossary/expand.ts';
import { validateGlossary, type CompiledEntry } from '../src/glossary/validate.ts';
import { writeConflicts } from '../src/service/write-conflicts.ts';
import type { GlossarySnapshot } from '../src/snapshot.ts';
import { buildTestStore, type TestStore } from './helpers.ts';

let store: TestStore;
let glossary: GlossarySnapshot;
let ids: string[];
beforeAll(async () => {
  store = await buildTestStore();
  glossary = store.glossary;
  ids = [...glossary.pages()].flat().map((e) => e.id);
});

/**
 * The build's own rule, as the service applied it before writeConflicts: every
 * entry of the glossary with the written one in place, through validateGlossary,
 * keeping the errors on the written entry.
 */
async function byTheBuild(entry: Entry): Promise<{ errors: string[]; conflictsWith?: string }> {
  const rows = await glossary.rowsWith([{ entityId: entry.id, after: entry }]);
  const byEntity = new Map<string, CompiledEntry['expanded']['names'][number][]>();
  for (const n of rows.names) byEntity.set(n.entityId, [...(byEntity.get(n.entityId) ?? []), n]);
  const compiled: CompiledEntry[] = rows.entries
    .filter((e) => e.id !== entry.id)
    .map((e) => ({ entry: { value: e, ...(rows.locations.get(e.id) ?? { file: `service change to ${e.id}`, line: 1 }) }, expanded: { names: byEntity.get(e.id) ?? [], pinyin: [] } }));
  compiled.push({ entry: { value: entry, file: 'request', line: 1 }, expanded: { names: byEntity.get(entry.id) ?? [], pinyin: [] } });
  const errors = validateGlossary(compiled).errors.filter((e) => e.file === 'request');
  const conflictsWith = errors.find((e) => e.conflictsWith)?.conflictsWith;
  return { errors: errors.map((e) => e.message), ...(conflictsWith ? { conflictsWith } : {}) };
}

async function check(entry: Entry): Promise<{ errors: readonly string[] }> {
  const fast = await writeConflicts(glossary, entry, expandEntry(entry, glossary.convert).names);
  expect(fast).toEqual(await byTheBuild(entry));
  return fast;
}

describe('writeConflicts: a write checked against the glossary, as the build checks the whole', () => {
  it('finds the clash of an alias that is another entity\'s name, with the build\'s message', async () => {
    const nvidia = glossary.entries.get('nvidia')!;
    const { errors } = await check({ ...nvidia, aliases: [...nvidia.aliases, '华为'] });
    // Hand-checked: huawei is defined in the fixture's orgs file, and 华为 is its zh-CN name.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^nvidia: name 华为 folds to the same key as huawei's 华为 \(.*orgs\.yaml:\d+\); declare it under `ambiguous`/);
  });

  it('finds a clash through a spelling variant (a traditional alias folding to a simplified name)', async () => {
    const nvidia = glossary.entries.get('nvidia')!;
    const { errors } = await check({ ...nvidia, aliases: [...nvidia.aliases, '華為'] });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("folds to the same key as huawei's 华为");
  });

  it('lets a name both entities declare ambiguous, and refuses one only the writer declares', async () => {
    const amd = glossary.entries.get('amd')!;
    // 寒武纪 is declared ambiguous by cambricon: declared on both sides, allowed.
    const both = await check({ ...amd, ambiguous: [...amd.ambiguous, { name: '寒武纪', context: ['芯片'], default: false }] } as Entry);
    expect(both.errors).toEqual([]);
    // 华为 is not declared by huawei: refused although the writer declares it.
    const one = await check({ ...amd, ambiguous: [...amd.ambiguous, { name: '华为', context: ['芯片'], default: false }] } as Entry);
    expect(one.errors).toHaveLength(1);
  });

  it('says the entry\'s own full/short clash first', async () => {
    const nvidia = glossary.entries.get('nvidia')!;
    const { errors } = await check({ ...nvidia, full: { 'zh-CN': '英伟达公司' }, short: { 'zh-CN': '英伟达公司' }, aliases: [...nvidia.aliases, '华为'] });
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^nvidia: full zh-CN 英伟达公司 is also its short name/);
  });

  it('agrees with the build on random writes: any entity given another entity\'s names as aliases or ambiguous names', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.nat(), fc.boolean(), async (a, b, pick, declare) => {
        const writer = glossary.entries.get(ids[a % ids.length]!)!;
        const other = glossary.entries.get(ids[b % ids.length]!)!;
        const names = expandEntry(other, glossary.convert).names;
        const name = names[pick % names.length]!.text;
        const written = declare
          ? ({ ...writer, ambiguous: [...writer.ambiguous.filter((x) => x.name !== name), { name, context: ['公司'], default: false }], aliases: writer.aliases.filter((x) => x !== name) } as Entry)
          : { ...writer, aliases: [...writer.aliases.filter((x) => x !== name), name], ambiguous: writer.ambiguous.filter((x) => x.name !== name) };
        await check(written);
      }),
      { numRuns: 300 },
    );
  });
});
