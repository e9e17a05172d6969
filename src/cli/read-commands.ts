// What `glossary lookup`, `canonicalize` and `export` do, loaded only when one of them runs.
import { canonicalize } from '../canonicalize.ts';
import type { Store } from '../db/connection.ts';
import type { Entry } from '../glossary/entry.ts';
import { readStoredLookup } from '../lookup-artifact.ts';
import { entryMatches, GlossarySnapshot, type EntryMatch } from '../snapshot.ts';
import { readStoredTopics, topicList, UnknownTopics } from '../topics.ts';
import type { Config } from '../config.ts';
import type { Target } from '../locale.ts';
import { entityView } from '../service/entity-view.ts';
import { changesSince, markMerged } from '../service/journal.ts';
import { withServiceStore } from '../service/service-store.ts';
import { loadGlossary, withStore } from './glossary-store.ts';
import { readTextFile } from './read-text-file.ts';
import { writeChunks } from './write-output.ts';
import { serviceStoreExists } from '../db/store-location.ts';

export async function lookup(config: Config, query: string, options: { json?: boolean; limit: number }): Promise<void> {
  await withStore(config, async (db, changed) => {
    const matches = (changed ? undefined : await lookupInStore(db, query, options.limit)) ?? (await loadGlossary(config, db, changed)).lookupEntries(query, options.limit);
    const results = matches.map(({ entry, ...r }) => ({ entity: entityView(entry), ...r }));
    if (options.json) {
      console.log(JSON.stringify({ query: query.trim(), results }, null, 2));
      return;
    }
    if (results.length === 0) {
      console.error(`no entity matches ${query}`);
      process.exitCode = 1;
      return;
    }
    for (const r of results) {
      const names = Object.entries(r.entity.names).map(([locale, name]) => `${locale} ${name ?? '-'}`).join('  ');
      console.log(`${r.entity.id} (${r.entity.kind})  ${names}  [${r.how}: ${r.matched}, ${r.score}]`);
    }
  });
}

/**
 * A lookup through the index the build stored, reading only the entries found: no
 * row of the other names is read, nothing compiled. Undefined when the store has no
 * good index. Asked only when the service has not changed the glossary since the
 * build (else the whole glossary, changes applied, answers).
 */
async function lookupInStore(db: Store, query: string, limit: number): Promise<EntryMatch[] | undefined> {
  const index = await readStoredLookup(db);
  if (!index) return undefined;
  const hits = index.lookup(query, limit);
  const ids = [...new Set(hits.map((h) => h.entityId))];
  const rows = ids.length === 0 ? [] : await db.selectFrom('entity').select(['id', 'body']).where('id', 'in', ids).execute();
  const entries = new Map(rows.map((r) => [r.id, JSON.parse(r.body) as Entry]));
  return entryMatches(hits, (id) => entries.get(id));
}

export interface CanonicalizeOptions {
  to: Target;
  json?: boolean;
  keepLatin?: boolean;
  convert?: boolean;
  spellOut?: boolean;
  encoding?: string;
  /** --topic values as given (IT, or IT,Movie; repeated). */
  topic?: string[];
}

/**
 * Up to this many UTF-16 units of input, canonicalize compiles a matcher of the names
 * the input holds (GlossarySnapshot.forTexts) rather than reading the glossary's
 * whole matcher: finding them costs a few binary searches per unit, reading the
 * whole one tens of milliseconds at any size, hundreds at 100,000 entities.
 */
const SHORT_INPUT = 16_384;

export async function canonicalizeFiles(config: Config, files: string[], options: CanonicalizeOptions): Promise<void> {
  const inputs = (files.length > 0 ? files : ['-']).map((f) => ({ name: f, text: readTextFile(f, options.encoding) }));
  const units = inputs.reduce((n, input) => n + input.text.length, 0);
  await withStore(config, async (db, changed) => {
    // Short inputs (a sentence, an article) read only what they need of the store; the service's changes need the whole glossary.
    // Topics lay their entries over the whole glossary's matcher (GlossarySnapshot.withTopics).
    const topics = topicList(options.topic ?? []);
    const forInputs = units <= SHORT_INPUT && topics.length === 0 && !changed ? await GlossarySnapshot.forTexts(db, inputs.map((i) => i.text)) : undefined;
    let glossary = forInputs ?? (await loadGlossary(config, db, changed));
    try {
      glossary = await glossary.withTopics(topics);
    } catch (error) {
      if (!(error instanceof UnknownTopics)) throw error;
      console.error(`--topic: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    let mentions = 0;
    const entities = new Set<string>();
    for (const input of inputs) {
      const result = canonicalize(glossary, input.text, { target: options.to, keepLatin: options.keepLatin, convert: options.convert, spellOut: options.spellOut });
      mentions += result.mentionCount;
      // The per-entity summary is for a person at a terminal; otherwise mentions are never built.
      if (options.json || process.stderr.isTTY) for (const m of result.mentions) entities.add(m.entityId);
      process.stdout.write(options.json ? `${result.json()}\n` : result.text);
    }
    if (!options.json && process.stderr.isTTY) console.error(`\n${inputs.length} input(s): ${mentions} mentions of ${entities.size} entities rewritten to ${options.to.tag}`);
  });
}

export async function listTopics(config: Config, options: { json?: boolean }): Promise<void> {
  await withStore(config, async (db, changed) => {
    // The store's index alone, unless the service's changes (which may move entries between topics) must be applied.
    const stored = changed ? undefined : await readStoredTopics(db);
    const topics = (stored ?? (await (await loadGlossary(config, db, changed)).topicIndex())).list();
    if (options.json) {
      console.log(JSON.stringify({ topics }, null, 2));
      return;
    }
    if (topics.length === 0) console.error('this glossary has no topics: every entry applies in any text');
    for (const t of topics) console.log(`${t.topic}\t${t.entries}`);
  });
}

export async function exportCsv(config: Config, options: { bom?: boolean; out?: string }): Promise<void> {
  await withStore(config, async (db, changed) => {
    const glossary = await loadGlossary(config, db, changed);
    let rows = 0;
    const { csvChunks } = await import('../export/csv.ts');
    await writeChunks(csvChunks(countRows(glossary.pages(), (n) => (rows += n)), { bom: options.bom }), options.out);
    if (options.out) console.error(`exported ${rows} entities to ${options.out}`);
  });
}

/**
 * Write the service's changes not yet in the files into glossary/ and mark them
 * exported; the next build then reads them from the files like any other entry.
 */
export async function exportYaml(config: Config): Promise<void> {
  if (!serviceStoreExists(config.serviceStore)) {
    console.error(`no service store at ${config.serviceStore}: there are no service edits to export`);
    return;
  }
  await withServiceStore(config.serviceStore, async (service) => {
    const changes = await changesSince(service, 0, { unmergedOnly: true });
    if (changes.length === 0) {
      console.error(`${config.glossaryDir} already has every change made through the service`);
      return;
    }
    const { writeChangesToYaml } = await import('../glossary/write-yaml.ts');
    const report = writeChangesToYaml(config.glossaryDir, changes);
    // Files first, then the mark: a crash between leaves changes that the build applies again, to the same result.
    await markMerged(service, changes.at(-1)!.seq);
    console.error(
      `wrote ${changes.length} changes to ${report.files.length} files (${report.updated} updated, ${report.added} added, ${report.removed} removed entities): ${report.files.join(', ')}\n` +
        `review them with git diff ${config.glossaryDir}, then commit`,
    );
  });
}

async function* countRows<T>(pages: Iterable<readonly T[]>, add: (n: number) => void): AsyncGenerator<readonly T[]> {
  for await (const page of pages) {
    add(page.length);
    yield page;
  }
}
