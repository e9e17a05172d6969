import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.ts';
import { openStore, type Store } from '../src/db/connection.ts';
import { foldText } from '../src/fold.ts';
import { buildGlossary } from '../src/glossary/build.ts';
import { importedFiles } from '../src/glossary/glossary-files.ts';
import { bidirectionalForm, parseConversionRule, type Variant } from '../src/glossary/mediawiki/conversion-rule.ts';
import { GlossarySnapshot } from '../src/snapshot.ts';
import { ROOT, target, tempDir } from './helpers.ts';

// The groups glossary/wikipedia/ ships, checked against the rules they were imported from:
// for a sample of each group's rules, canonicalize turns every form the rule lists into
// the rule's form for each variant (with MediaWiki's fallbacks), as a page that asks for
// the group would show it.

const GROUPS = resolve(ROOT, '../shared/mediawiki-cgroups');
const GLOSSARY = join(ROOT, 'glossary');
/** Rules checked per group: spread over the group, in file order. */
const PER_GROUP = 12;
const VARIANT_TARGETS: readonly (readonly [Variant, string])[] = [
  ['zh-cn', 'zh-CN'],
  ['zh-tw', 'zh-TW'],
  ['zh-hk', 'zh-HK'],
  ['zh-sg', 'zh-SG'],
  ['zh-my', 'zh-MY'],
  ['zh-mo', 'zh-MO'],
];

interface ShippedEntry {
  id: string;
  topics?: string[];
  sources: string[];
}

let db: Store;
let glossary: GlossarySnapshot;
const rulesOf = new Map<string, { conv: string }[]>();

beforeAll(async () => {
  const dbPath = join(tempDir(), 'glossary.db');
  await buildGlossary(GLOSSARY, dbPath);
  db = openStore(dbPath, { readonly: true });
  glossary = await GlossarySnapshot.load(db);
  for (const file of readdirSync(GROUPS).filter((f) => f.endsWith('.json'))) {
    const group = JSON.parse(readFileSync(join(GROUPS, file), 'utf8')) as { path: string; rules: { conv: string }[] };
    rulesOf.set(group.path, group.rules);
  }
});

afterAll(async () => {
  await db.destroy();
});

describe('the shipped groups of Chinese Wikipedia (glossary/wikipedia/)', () => {
  const files = importedFiles(GLOSSARY);

  it('are shipped', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files.map((f) => [f.slice(f.lastIndexOf('/') + 1)] as const))('%s: sampled rules give each variant its form', async (name) => {
    const entries = load(readFileSync(join(GLOSSARY, 'wikipedia', name), 'utf8')) as ShippedEntry[];
    // Rules that made one entry alone, which the build kept whole: each of its forms is its own, undecided by context.
    const checks: string[] = [];
    const problems: string[] = [];
    const step = Math.max(1, Math.floor(entries.length / (PER_GROUP * 3)));
    for (let i = 0; i < entries.length && checks.length < PER_GROUP; i += step) {
      const entry = entries[i]!;
      if (entry.sources.length !== 1) continue;
      const [, path, number] = /^(.+) rule (\d+)/.exec(entry.sources[0]!)!;
      const parsed = parseConversionRule(rulesOf.get(path!)![Number(number) - 1]!.conv);
      if (!parsed.ok || parsed.rule.bidirectional.size === 0) continue;
      const scan = await glossary.withTopics(entry.topics ?? []);
      const forms = [...new Set(parsed.rule.bidirectional.values())];
      const own = forms.every((form) => {
        const key = scan.matcher.keyNumber(foldText(form));
        const candidates = key < 0 ? [] : scan.matcher.candidates(key);
        return candidates.length === 1 && candidates[0]!.entityId === entry.id && candidates[0]!.ambiguity === null;
      });
      if (!own) continue;
      checks.push(entry.id);
      for (const [variant, tag] of VARIANT_TARGETS) {
        const want = bidirectionalForm(parsed.rule, variant);
        if (want === undefined) continue;
        for (const form of forms) {
          const got = canonicalize(scan, `，${form}。`, { target: target(tag) }).text;
          if (got !== `，${want}。`) problems.push(`${entry.id} (${entry.sources[0]}): ${form} -> ${tag} gave ${got}, the rule says ${want}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // A group of a few rules may have fewer; every shipped group has some to check.
    expect(checks.length).toBeGreaterThanOrEqual(Math.min(3, entries.length));
  });
});
