// An edit's snapshot is its base with the changed entities laid over it (patchMatcher,
// LookupIndex.withChanges, PatchedEntries): it must answer exactly as a snapshot
// compiled whole from the changed glossary's rows.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, readCorpus } from '../scripts/precision.ts';
import { canonicalize } from '../src/canonicalize.ts';
import type { EntityEdit } from '../src/glossary/entity-edit.ts';
import type { Entry } from '../src/glossary/entry.ts';
import { TARGET_TAGS } from '../src/locale.ts';
import { GlossarySnapshot } from '../src/snapshot.ts';
import { buildTestStore, seedFiles, target, type TestStore } from './helpers.ts';

let store: TestStore;
let base: GlossarySnapshot;
let entries: Entry[];
let texts: string[];
beforeAll(async () => {
  store = await buildTestStore();
  base = store.glossary;
  entries = [...base.pages()].flat();
  const { passages } = readCorpus(readFileSync(CORPUS, 'utf8'), new Set(entries.map((e) => e.id)));
  texts = [...seedFiles().map((f) => readFileSync(f, 'utf8')), ...passages.map((p) => p.text)];
});

/** The snapshot compiled whole from the rows with the edits applied: what the patch must equal. */
async function compiledWhole(edits: readonly EntityEdit[]): Promise<GlossarySnapshot> {
  return GlossarySnapshot.fromRows(await base.rowsWith(edits), base.convert);
}

/** Expects the two snapshots to rewrite, look up and page alike. */
function sameAnswers(want: GlossarySnapshot, have: GlossarySnapshot, sample: readonly string[], queries: readonly string[]): void {
  for (const text of sample) {
    // The hits by key text (a patch numbers new keys after the base's), and the region they vote for.
    const hitsOf = (g: GlossarySnapshot) => {
      const hits = g.matcher.findNames(text);
      return { keys: Array.from(hits.keys, (k, i) => `${hits.starts[i]}-${hits.ends[i]}:${g.matcher.keys[k]}`), region: g.matcher.textRegion(text, hits) };
    };
    expect(hitsOf(have)).toEqual(hitsOf(want));
    for (const tag of TARGET_TAGS) {
      const a = canonicalize(want, text, { target: target(tag) });
      const b = canonicalize(have, text, { target: target(tag) });
      expect(b.text, `${tag}: ${text.slice(0, 40)}`).toBe(a.text);
      expect(b.mentions).toEqual(a.mentions);
    }
  }
  for (const q of queries) expect(have.lookupEntries(q, 8), q).toEqual(want.lookupEntries(q, 8));
  expect(have.entries.size).toBe(want.entries.size);
  expect([...have.entries.keys()]).toEqual([...want.entries.keys()]);
  expect(have.page({ limit: 7, cursor: 'd' })).toEqual(want.page({ limit: 7, cursor: 'd' }));
  expect(have.page({ limit: 5, kind: 'person', cursor: 'k' })).toEqual(want.page({ limit: 5, kind: 'person', cursor: 'k' }));
}

function entry(id: string): Entry {
  return base.entries.get(id)!;
}

describe('an edit\'s snapshot answers as the glossary compiled whole', () => {
  it('hand-picked edits: an alias added, one removed, an entity deleted, one created, a name shared and made ambiguous', async () => {
    const nvidia = entry('nvidia');
    const huawei = entry('huawei');
    const edits: EntityEdit[] = [
      // A new key: the scan finds it only through the added trie.
      { entityId: 'nvidia', after: { ...nvidia, aliases: [...nvidia.aliases, '绿色巨人'] } },
      // Every name of an entity taken out: its keys are dead unless another entity names them.
      { entityId: 'huawei', after: null },
      // A new entity with a name of its own and one a deleted entity had.
      { entityId: 'test-new', after: { id: 'test-new', kind: 'org', names: { 'zh-CN': '华为', 'zh-TW': '華為', en: 'Huawei Technologies' }, aliases: ['红色巨人'], deprecated: [], ambiguous: [], sources: [] } },
      // The same entity edited twice: the last edit counts.
      { entityId: 'nvidia', after: { ...nvidia, aliases: [...nvidia.aliases, '绿色巨人', 'Green Giant', 'NVDA'] } },
    ];
    const have = await base.withChanges(edits);
    // Hand-checked: the new names are found and the deleted entity's are not.
    expect(canonicalize(have, '绿色巨人和红色巨人发布新品。', { target: target('zh-CN') }).text).toBe('英伟达和华为发布新品。');
    expect(canonicalize(have, '华为发布新品。', { target: target('en') }).text).toBe('Huawei Technologies发布新品。');
    expect(have.entries.get('huawei')).toBeUndefined();
    // An all-capitals name of up to four letters matches only in capitals.
    expect(canonicalize(have, 'NVDA股价上涨，nvda回应。', { target: target('zh-CN') }).text).toBe('英伟达股价上涨，nvda回应。');
    expect(have.lookupEntries('hong se ju ren', 3)[0]?.entry.id).toBe('test-new');
    const queries = ['绿色巨人', '绿色', 'Green Giant', 'green', '华为', 'huawei', 'hua wei', 'hw', 'Huawe', '红色巨', 'NVIDIA', 'ying wei da', '輝達'];
    sameAnswers(await compiledWhole(edits), have, [...texts, 'NVDA股价上涨，nvda回应。', 'Green Giant said it saw a green giant in the forest.'], queries);
  });

  it('a changed regional name changes the region a text is read as', async () => {
    const nvidia = entry('nvidia');
    // 輝達 marks Taiwan text while only zh-TW writes it; once zh-CN writes 辉达 (the same key), it marks no region.
    const edits = [{ entityId: 'nvidia', after: { ...nvidia, names: { ...nvidia.names, 'zh-CN': '辉达' } } }];
    const have = await base.withChanges(edits);
    const want = await compiledWhole(edits);
    const text = '輝達發表新產品。';
    const regionOf = (g: GlossarySnapshot) => g.matcher.textRegion(text, g.matcher.findNames(text)).regions;
    expect(regionOf(base)).toEqual(['zh-TW']);
    expect(regionOf(want)).toEqual(['zh-TW', 'zh-HK']);
    expect(regionOf(have)).toEqual(regionOf(want));
  });

  it('edits made one after another equal the same edits made at once', async () => {
    const nvidia = entry('nvidia');
    const first = await base.withChanges([{ entityId: 'nvidia', after: { ...nvidia, aliases: [...nvidia.aliases, '老黄的公司'] } }]);
    const second = await first.withChanges([{ entityId: 'amd', after: null }]);
    const third = await second.withChanges([{ entityId: 'nvidia', after: nvidia }]);
    sameAnswers(await compiledWhole([{ entityId: 'amd', after: null }]), third, texts.slice(0, 8), ['老黄的公司', 'AMD', '超微', 'nvidia']);
    // The base is untouched.
    expect(canonicalize(base, '老黄的公司', { target: target('zh-CN') }).mentions).toEqual([]);
  });

  it('random edits: names of other entities shared, declared ambiguous, added, removed, entities deleted and created', async () => {
    const names = entries.flatMap((e) => [...Object.values(e.names), ...e.aliases]).filter((n): n is string => typeof n === 'string');
    const edit = fc.record({ who: fc.nat(), what: fc.constantFrom('share', 'ambiguous', 'remove', 'delete', 'create', 'substring'), pick: fc.nat(), at: fc.nat() });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (plan) => {
        const edits: EntityEdit[] = [];
        const now = new Map<string, Entry | null>();
        const current = (id: string) => (now.has(id) ? now.get(id)! : base.entries.get(id)!);
        for (const { who, what, pick, at } of plan) {
          const id = entries[who % entries.length]!.id;
          const e = current(id);
          const name = names[pick % names.length]!;
          let after: Entry | null;
          if (what === 'delete' || !e) after = what === 'create' ? { id, kind: 'term', names: { 'zh-CN': name }, aliases: [], deprecated: [], ambiguous: [], sources: [] } : null;
          else if (what === 'share') after = { ...e, aliases: [...e.aliases.filter((a) => a !== name), name] };
          else if (what === 'ambiguous') after = { ...e, aliases: e.aliases.filter((a) => a !== name), ambiguous: [...e.ambiguous.filter((a) => a.name !== name), { name, context: ['公司', '芯片'], default: false }] } as Entry;
          else if (what === 'remove') after = { ...e, aliases: e.aliases.slice(1) };
          else if (what === 'substring') {
            // A piece of a text: a new key that straddles other names and ordinary words.
            const text = texts[at % texts.length]!;
            const from = pick % Math.max(1, text.length - 4);
            after = { ...e, aliases: [...e.aliases, text.slice(from, from + 2 + (at % 3))].filter((a) => a.trim().length > 0 && !/[\s\p{P}]/u.test(a)) };
          } else after = { id: `${id}-new-${pick % 5}`, kind: 'org', names: { 'zh-CN': name }, aliases: [], deprecated: [], ambiguous: [], sources: [] };
          const entityId = after?.id ?? id;
          edits.push({ entityId, after });
          now.set(entityId, after);
        }
        const have = await base.withChanges(edits);
        // The texts that hold a name of a changed entity, before or after the edits, and a few others.
        const touched = new Set<string>();
        for (const { entityId, after } of edits) for (const e of [base.entries.get(entityId), after]) if (e) for (const n of [...Object.values(e.names), ...e.aliases, ...e.ambiguous.map((a) => a.name)]) if (n) touched.add(n);
        const holding = texts.filter((t) => [...touched].some((n) => t.includes(n)));
        const sample = [...holding.slice(0, 12), ...texts.filter((_, i) => i % 40 === plan[0]!.at % 40)];
        sameAnswers(await compiledWhole(edits), have, sample, [...new Set(plan.map((p) => names[p.pick % names.length]!))].concat(['hua', 'nvdia', '特朗']));
      }),
      { numRuns: 40 },
    );
  });
});
