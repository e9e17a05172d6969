import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import type { GlossarySnapshot } from '../src/snapshot.ts';

/**
 * Precision and recall of canonicalize on the hand-annotated corpus
 * (test/corpus/precision.yaml), per style of text and per target, and how many
 * passages come out exactly as an editor wrote them by hand.
 *
 *   npx tsx scripts/precision.ts              # the tables
 *   npx tsx scripts/precision.ts --verbose    # and every wrong, missed or mismatched item
 *   npx tsx scripts/precision.ts --corpus FILE
 *   npx tsx scripts/precision.ts --glossary DIR   # another glossary folder (one with an imported layer, say)
 *
 * A reported mention is a true positive when its span (code points) and entity are
 * those of an annotation. Exits 1 when the corpus itself is malformed, else 0: the
 * figures are a measurement; test/precision.test.ts holds them to the floors.
 */

export const STYLES = ['tw', 'hk', 'cn', 'overseas', 'mixed', 'en', 'web', 'unrelated'] as const;
export type Style = (typeof STYLES)[number];
export const TARGETS = ['zh-CN', 'zh-TW', 'en'] as const;
const EXPECTED_KEYS = ['zh-CN', 'zh-TW', 'zh-HK', 'en'];

export const CORPUS = resolve(import.meta.dirname, '../test/corpus/precision.yaml');

export interface Annotation {
  readonly surface: string;
  readonly entity: string;
  /** Code-point offsets into the passage's text. */
  readonly start: number;
  readonly end: number;
}

export interface Passage {
  readonly id: string;
  readonly style: Style;
  readonly text: string;
  readonly mentions: readonly Annotation[];
  readonly expected: Readonly<Partial<Record<string, string>>>;
  readonly line: number;
}

export interface CorpusProblem {
  readonly line: number;
  readonly message: string;
}

/** What readCorpus found: the passages it could read whole, and every problem. */
export interface Corpus {
  readonly passages: readonly Passage[];
  readonly problems: readonly CorpusProblem[];
}

/**
 * Read and check the corpus: its shape, that every annotated surface occurs in the
 * text where the annotation says (in order, not overlapping), that every entity
 * exists, that ids are unique, and that a passage with no mentions expects its
 * text unchanged.
 *
 * readCorpus(source, new Set(['nvidia'])) -> { passages: [...], problems: [{ line: 12, message: 'entity nvidya is not in the glossary' }] }
 */
export function readCorpus(source: string, entityIds: ReadonlySet<string>): Corpus {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true });
  const problems: CorpusProblem[] = [];
  const lineOf = (node: unknown): number => {
    const range = (node as Node | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  for (const error of doc.errors) problems.push({ line: error.linePos?.[0].line ?? 1, message: error.message.split('\n')[0]! });
  if (doc.errors.length > 0) return { passages: [], problems };
  if (!isSeq(doc.contents)) return { passages: [], problems: [{ line: 1, message: 'the corpus must be a list of passages' }] };

  const passages: Passage[] = [];
  const seenIds = new Map<string, number>();
  for (const item of doc.contents.items) {
    const line = lineOf(item);
    const problem = (node: unknown, message: string): void => void problems.push({ line: node ? lineOf(node) : line, message });
    if (!isMap(item)) {
      problem(item, 'a passage must be a map with id, style, text, mentions and expected');
      continue;
    }
    const before = problems.length;
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!['id', 'style', 'text', 'mentions', 'expected'].includes(key)) problem(pair.key, `unknown field ${key} (expected id, style, text, mentions, expected)`);
    }
    const id = stringField(item, 'id');
    const style = stringField(item, 'style');
    const text = stringField(item, 'text');
    if (id === undefined) problem(undefined, 'a passage needs an id');
    else if (!/^[a-z]+-\d{3}$/.test(id)) problem(item.get('id', true), `id ${id} must be a style prefix and three digits, as tw-001`);
    else if (seenIds.has(id)) problem(item.get('id', true), `duplicate passage id ${id} (first at line ${seenIds.get(id)})`);
    if (id !== undefined && !seenIds.has(id)) seenIds.set(id, line);
    if (style === undefined || !(STYLES as readonly string[]).includes(style)) problem(item.get('style', true), `style must be one of ${STYLES.join(', ')}`);
    else if (id !== undefined && !id.startsWith(`${style}-`)) problem(item.get('id', true), `id ${id} does not start with its style ${style}-`);
    if (text === undefined || text === '') {
      problem(item.get('text', true), 'a passage needs a non-empty text');
      continue;
    }

    const mentions = readMentions(item, text, entityIds, problem);
    const mentionsNode = item.get('mentions', true);
    const declared = isSeq(mentionsNode) ? mentionsNode.items.length : 0;
    const expected: Record<string, string> = {};
    const expectedNode = item.get('expected', true);
    if (!isMap(expectedNode) || expectedNode.items.length === 0) problem(expectedNode ?? undefined, `expected must map at least one of ${EXPECTED_KEYS.join(', ')} to the output`);
    else {
      for (const pair of expectedNode.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        if (!EXPECTED_KEYS.includes(key)) problem(pair.key, `expected has ${key}; targets are ${EXPECTED_KEYS.join(', ')}`);
        else if (!isScalar(pair.value) || typeof pair.value.value !== 'string') problem(pair.value ?? pair.key, `expected ${key} must be a string`);
        else {
          expected[key] = pair.value.value;
          if (declared === 0 && pair.value.value !== text) problem(pair.value, `expected ${key} differs from the text, but the passage has no mentions to change`);
        }
      }
    }
    if (problems.length === before && id && style) passages.push({ id, style: style as Style, text, mentions, expected, line });
  }
  return { passages, problems };
}

function stringField(map: YAMLMap, key: string): string | undefined {
  const value = map.get(key);
  return typeof value === 'string' ? value : undefined;
}

/** Every place surface starts in text (UTF-16 offsets), overlapping ones included. */
function occurrences(text: string, surface: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(surface); i >= 0; i = text.indexOf(surface, i + 1)) at.push(i);
  return at;
}

function readMentions(item: YAMLMap, text: string, entityIds: ReadonlySet<string>, problem: (node: unknown, message: string) => void): Annotation[] {
  const node = item.get('mentions', true);
  if (node === undefined) {
    problem(undefined, 'a passage needs mentions (an empty list [] when nothing in it is a mention)');
    return [];
  }
  if (!isSeq(node)) {
    problem(node, 'mentions must be a list');
    return [];
  }
  const read: Array<{ surface: string; entity: string; nth?: number; node: unknown }> = [];
  for (const m of node.items) {
    if (!isMap(m)) {
      problem(m, 'a mention must be a map { surface, entity, nth? }');
      continue;
    }
    for (const pair of m.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!['surface', 'entity', 'nth'].includes(key)) problem(pair.key, `unknown mention field ${key} (expected surface, entity, nth)`);
    }
    const surface = m.get('surface');
    const entity = m.get('entity');
    const nth = m.get('nth');
    if (typeof surface !== 'string' || surface === '') problem(m, 'a mention needs a surface (a string)');
    else if (typeof entity !== 'string') problem(m, `mention ${surface} needs an entity id`);
    else if (nth !== undefined && !(Number.isInteger(nth) && (nth as number) >= 0)) problem(m, `mention ${surface}: nth must be a whole number from 0`);
    else {
      if (!entityIds.has(entity)) problem(m, `entity ${entity} is not in the glossary`);
      read.push({ surface, entity, nth: nth as number | undefined, node: m });
    }
  }

  // Resolve each annotation to a span: its nth occurrence, else the first one at or after the previous mention.
  const annotations: Annotation[] = [];
  const cp = (unit: number): number => [...text.slice(0, unit)].length;
  let cursor = 0;
  for (const m of read) {
    const places = occurrences(text, m.surface);
    if (places.length === 0) {
      problem(m.node, `surface ${m.surface} does not occur in the text`);
      continue;
    }
    const annotatedHere = read.filter((r) => r.surface === m.surface).length;
    if (m.nth === undefined && annotatedHere < places.length) {
      problem(m.node, `surface ${m.surface} occurs ${places.length} times and ${annotatedHere} of them are annotated: say which with nth`);
      continue;
    }
    const start = m.nth !== undefined ? places[m.nth] : places.find((p) => p >= cursor);
    if (start === undefined) {
      problem(m.node, m.nth !== undefined ? `surface ${m.surface} has no occurrence ${m.nth} (it occurs ${places.length} times, counted from 0)` : `surface ${m.surface} does not occur after the previous mention`);
      continue;
    }
    if (start < cursor) {
      problem(m.node, `mention ${m.surface} (occurrence at ${cp(start)}) is out of order or overlaps the previous one`);
      continue;
    }
    cursor = start + m.surface.length;
    annotations.push({ surface: m.surface, entity: m.entity, start: cp(start), end: cp(cursor) });
  }
  return annotations;
}

// ---------------------------------------------------------------------------
// Measurement

export interface Tally {
  passages: number;
  gold: number;
  reported: number;
  truePositives: number;
  exact: number;
  withExpected: number;
}

const emptyTally = (): Tally => ({ passages: 0, gold: 0, reported: 0, truePositives: 0, exact: 0, withExpected: 0 });

/** How canonicalize does on the passages for one target: per style, overall, and each wrong, missed or mismatched item. */
export interface Score {
  readonly byStyle: ReadonlyMap<Style, Tally>;
  readonly all: Tally;
  /** Per passage that is not perfect: its id and line, then its wrong, missed and output lines. */
  readonly details: readonly string[];
}

/**
 * Score the passages for one target. canonicalize and parseTarget are passed in so
 * that this module can be imported (by the test) without loading the product eagerly.
 */
export function scoreCorpus(
  glossary: GlossarySnapshot,
  passages: readonly Passage[],
  tag: (typeof TARGETS)[number],
  canonicalize: typeof import('../src/canonicalize.ts').canonicalize,
  parseTarget: typeof import('../src/locale.ts').parseTarget,
  shown = 'test/corpus/precision.yaml',
): Score {
  const target = parseTarget(tag)!;
  const byStyle = new Map<Style, Tally>(STYLES.map((s) => [s, emptyTally()]));
  const all = emptyTally();
  const details: string[] = [];
  for (const passage of passages) {
    const result = canonicalize(glossary, passage.text, { target });
    const gold = new Map(passage.mentions.map((m) => [`${m.start}:${m.end}:${m.entity}`, m]));
    const found = new Set<string>();
    const wrong: string[] = [];
    for (const m of result.mentions) {
      const key = `${m.start}:${m.end}:${m.entityId}`;
      if (gold.has(key)) found.add(key);
      else wrong.push(`wrong   ${m.surface}@${m.start} as ${m.entityId} -> ${JSON.stringify(m.replacement)}`);
    }
    const missed = passage.mentions.filter((m) => !found.has(`${m.start}:${m.end}:${m.entity}`)).map((m) => `missed  ${m.surface}@${m.start} (${m.entity})`);
    const expected = passage.expected[tag];
    const exact = expected === undefined ? undefined : expected === result.text;
    for (const t of [byStyle.get(passage.style)!, all]) {
      t.passages++;
      t.gold += passage.mentions.length;
      t.reported += result.mentions.length;
      t.truePositives += found.size;
      if (exact !== undefined) {
        t.withExpected++;
        if (exact) t.exact++;
      }
    }
    if (wrong.length > 0 || missed.length > 0 || exact === false) {
      details.push(`  ${passage.id} (${shown}:${passage.line})`);
      for (const w of [...wrong, ...missed]) details.push(`    ${w}`);
      if (exact === false) details.push(`    output  ${shortDiff(expected!, result.text)}   [expected → got]`);
    }
  }
  return { byStyle, all, details };
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;
}

/** The differing middle of two strings with a little context: '…总统[川普 → 特朗普]表示…'. */
export function shortDiff(expected: string, actual: string, context = 8): string {
  const a = [...expected];
  const b = [...actual];
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const before = a.slice(Math.max(0, head - context), head).join('');
  const after = a.slice(a.length - tail, Math.min(a.length, a.length - tail + context)).join('');
  const lead = head > context ? '…' : '';
  const trail = tail > context ? '…' : '';
  return `${lead}${before}[${a.slice(head, a.length - tail).join('')} → ${b.slice(head, b.length - tail).join('')}]${after}${trail}`;
}

async function main(argv: readonly string[]): Promise<number> {
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  const corpusAt = argv.indexOf('--corpus');
  const corpusPath = corpusAt >= 0 && argv[corpusAt + 1] ? resolve(argv[corpusAt + 1]!) : CORPUS;
  const shown = relative(process.cwd(), corpusPath) || corpusPath;
  const glossaryAt = argv.indexOf('--glossary');
  const glossaryDir = glossaryAt >= 0 && argv[glossaryAt + 1] ? resolve(argv[glossaryAt + 1]!) : resolve(import.meta.dirname, '../glossary');

  // As the CLI does, but into a temporary file, so the figures are always those of glossary/ as it stands.
  const { buildGlossary } = await import('../src/glossary/build.ts');
  const { openStore } = await import('../src/db/connection.ts');
  const { GlossarySnapshot } = await import('../src/snapshot.ts');
  const { canonicalize } = await import('../src/canonicalize.ts');
  const { parseTarget } = await import('../src/locale.ts');
  const dir = mkdtempSync(join(tmpdir(), 'precision-'));
  const dbPath = join(dir, 'glossary.db');
  await buildGlossary(glossaryDir, dbPath);
  const db = openStore(dbPath, { readonly: true });
  const glossary = await GlossarySnapshot.load(db);
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });

  const { passages, problems } = readCorpus(readFileSync(corpusPath, 'utf8'), new Set(glossary.entries.keys()));
  for (const p of problems) console.error(`${shown}:${p.line}: ${p.message}`);
  if (problems.length > 0) {
    console.error(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the corpus; fix them first`);
    return 1;
  }

  const styleCounts = STYLES.map((s) => {
    const ps = passages.filter((p) => p.style === s);
    return `${s} ${ps.length}/${ps.reduce((n, p) => n + p.mentions.length, 0)}`;
  });
  console.log(`${shown}: ${passages.length} passages, ${passages.reduce((n, p) => n + p.mentions.length, 0)} annotated mentions (passages/mentions: ${styleCounts.join(', ')})`);

  for (const tag of TARGETS) {
    const { byStyle, all, details } = scoreCorpus(glossary, passages, tag, canonicalize, parseTarget, shown);
    console.log(`\n${tag}`);
    console.log(`  ${'style'.padEnd(10)} ${'passages'.padStart(8)} ${'gold'.padStart(5)} ${'reported'.padStart(8)} ${'TP'.padStart(5)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'exact'.padStart(9)}`);
    const row = (name: string, t: Tally): string =>
      `  ${name.padEnd(10)} ${String(t.passages).padStart(8)} ${String(t.gold).padStart(5)} ${String(t.reported).padStart(8)} ${String(t.truePositives).padStart(5)} ${percent(t.truePositives, t.reported).padStart(9)} ${percent(t.truePositives, t.gold).padStart(7)} ${`${t.exact}/${t.withExpected}`.padStart(9)}`;
    for (const s of STYLES) console.log(row(s, byStyle.get(s)!));
    console.log(row('overall', all));
    if (verbose && details.length > 0) console.log(`\n  ${tag}: wrong, missed and mismatched\n${details.join('\n')}`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : String(error));
      process.exit(1);
    },
  );
}
