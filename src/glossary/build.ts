import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { migrateToLatest, openStore, type Store } from '../db/connection.ts';
import { isPostgresUrl } from '../db/store-location.ts';
import { needsBuild } from './glossary-files.ts';
import { insertGlossary, writeMeta } from '../db/glossary-repository.ts';
import { insertLexicon, lexiconDigest } from '../db/lexicon-repository.ts';
import { writeArtifact } from '../db/artifact-repository.ts';
import { LookupIndex } from '../lookup.ts';
import { ENTRIES_ARTIFACT, entriesArtifact } from '../entries.ts';
import { LOOKUP_ARTIFACT, lookupArtifact } from '../lookup-artifact.ts';
import { appliesEverywhere, TOPICS_ARTIFACT, TopicIndex } from '../topics.ts';
import type { PackedLexicon } from '../match/lexicon-words.ts';
import { Matcher } from '../match/matcher.ts';
import { MATCHER_ARTIFACT, MATCHER_TRIE_ARTIFACT, matcherArtifacts } from '../matcher-artifact.ts';
import { readLexicon } from './lexicon.ts';
import { ScriptConverters } from '../locale.ts';
import { expandEntry } from './expand.ts';
import { GlossaryInvalid } from './glossary-error.ts';
import { readGlossary } from './read-glossary.ts';
import { validateGlossary, type CompiledEntry } from './validate.ts';
import { layerUnder, readImportedLayer } from './imported-layer.ts';
import { lastEdits, type EntityEdit } from './entity-edit.ts';
import type { Entry, Located } from './entry.ts';

/** A change made through the service, as the build applies it: numbered in the journal. */
export interface JournalChange extends EntityEdit {
  readonly seq: number;
}

/** The service's journal as a build applies it: its changes not yet in files, up to lastSeq, of the journal named id. */
export interface BuildJournal {
  readonly changes: readonly JournalChange[];
  readonly lastSeq: number;
  /** Absent when there is no service store: the build then read no journal (lastSeq 0). */
  readonly id?: string;
}

export interface BuildReport {
  /** What was written: the store file's path, or the PostgreSQL generation's schema. */
  readonly store: string;
  readonly files: number;
  readonly entities: number;
  /** Names as written in the glossary (preferred, full, short, aliases, deprecated). */
  readonly names: number;
  /** Spellings added by expansion (script variants, dotless forms). */
  readonly variants: number;
  readonly pinyin: number;
  readonly ambiguousKeys: number;
  /** Words of the lexicon of ordinary Chinese written to the store, for the matcher's guards. */
  readonly lexiconWords: number;
  /** The imported layer (glossary/wikipedia): what was taken and left out. */
  readonly imported: ImportedReport;
  readonly seconds: number;
}

export interface BuildProgress {
  readonly phase: 'expand' | 'write';
  readonly done: number;
  readonly total: number;
}

/**
 * Read, expand and validate the glossary in dir, with the service's changes not yet
 * exported to files applied on top (they are newer than the files for the entities
 * they touch); throws GlossaryInvalid with every error.
 */
export function compileGlossary(dir: string, onProgress?: (p: BuildProgress) => void, changes: readonly JournalChange[] = []): { compiled: CompiledEntry[]; files: number; ambiguousKeys: number; imported: ImportedReport } {
  const read = readGlossary(dir);
  const { layer, errors: layerErrors } = readImportedLayer(dir);
  if (read.errors.length > 0 || layerErrors.length > 0) throw new GlossaryInvalid([...read.errors, ...layerErrors]);
  const entries = overlay(read.entries, changes);
  const convert = new ScriptConverters();
  const total = entries.length + layer.entries.length;
  let done = 0;
  const expand = (entry: Located<Entry>): CompiledEntry => {
    if (++done % 500 === 0) onProgress?.({ phase: 'expand', done, total });
    return { entry, expanded: expandEntry(entry.value, convert) };
  };
  const curated = entries.map(expand);
  const checked = validateGlossary(curated);
  if (checked.errors.length > 0) throw new GlossaryInvalid(checked.errors);
  // The imported layer loses every clash to the curated entries, and never fails the build.
  const deleted = new Set([...lastEdits(changes)].filter(([, c]) => !c.after).map(([id]) => id));
  const { kept, report } = layerUnder(curated, layer.entries.map(expand), deleted);
  onProgress?.({ phase: 'expand', done: total, total });
  const compiled = [...curated, ...kept];
  const all = kept.length === 0 ? checked : validateGlossary(compiled);
  // What layerUnder keeps cannot clash; a bug here must not write a store that breaks at scan time.
  if (all.errors.length > 0) throw new GlossaryInvalid(all.errors);
  return {
    compiled,
    files: read.files.length + layer.files,
    ambiguousKeys: all.ambiguousKeys,
    imported: { files: layer.files, unmarked: layer.unmarked, entries: kept.length, scoped: kept.filter((c) => !appliesEverywhere(c.entry.value)).length, onlyWritten: layer.onlyWritten, leftOut: report.entries, namesLeftOut: report.names },
  };
}

/** What the build took from the imported layer (glossary/wikipedia), and what it left out. */
export interface ImportedReport {
  readonly files: number;
  /** Files in the folder the import did not write: not read. */
  readonly unmarked: number;
  readonly entries: number;
  /** Of entries, those scoped to topics: they apply where a caller enables one. */
  readonly scoped: number;
  /** Entries whose names are only ever written (not expressible yet). */
  readonly onlyWritten: number;
  /** Entries left out: their id or every name is a curated entry's (or an earlier imported one's). */
  readonly leftOut: number;
  readonly namesLeftOut: number;
}

/** The file entries with each changed entity replaced, removed or added (in journal order). */
function overlay(entries: readonly Located<Entry>[], changes: readonly JournalChange[]): Located<Entry>[] {
  if (changes.length === 0) return [...entries];
  const latest = lastEdits(changes);
  const out: Located<Entry>[] = [];
  for (const e of entries) {
    const change = latest.get(e.value.id);
    if (!change) out.push(e);
    else if (change.after) out.push({ value: change.after, file: e.file, line: e.line });
  }
  const inFiles = new Set(entries.map((e) => e.value.id));
  for (const [id, change] of latest) {
    if (!inFiles.has(id) && change.after) out.push({ value: change.after, file: `service change #${change.seq}`, line: 1 });
  }
  return out;
}

export interface BuildOptions {
  readonly onProgress?: (p: BuildProgress) => void;
  readonly journal?: BuildJournal;
}

/**
 * Build the glossary store at location from the glossary in dir: a SQLite file, or a
 * new generation in PostgreSQL (a URL). Either way the old store stays whole and in
 * use until the new one is complete: the file is written beside the old one and
 * renamed over it, the generation is written and made current in one transaction.
 */
export async function buildGlossary(dir: string, location: string, options: BuildOptions = {}): Promise<BuildReport> {
  return (await build(dir, location, options, false))!;
}

/**
 * buildGlossary, only if the store is stale, judged when the build may start: a file
 * missing or older than the glossary files; in PostgreSQL, no generation yet or one
 * whose tables are older than this version's (isFresh). Replicas starting together
 * over PostgreSQL wait for one another's build, then find it fresh. Resolves to
 * undefined when the store was fresh.
 */
export function buildIfStale(dir: string, location: string, options: BuildOptions = {}): Promise<BuildReport | undefined> {
  return build(dir, location, options, true);
}

async function build(dir: string, location: string, options: BuildOptions, onlyIfStale: boolean): Promise<BuildReport | undefined> {
  const started = performance.now();
  const journal = options.journal ?? { changes: [], lastSeq: 0 };
  const compile = () => compileGlossary(dir, options.onProgress, journal.changes);
  let built: { store: string; written: WrittenStore };
  if (isPostgresUrl(location)) {
    const { isFresh, writeGeneration } = await import('../db/glossary-generations.ts');
    // Compiled with the build lock held: a replica that finds the store fresh has spent nothing.
    const generation = await writeGeneration(location, { skip: (current) => onlyIfStale && isFresh(current), write: (db) => writeStore(db, compile(), journal, options.onProgress) });
    if (!generation) return undefined;
    built = { store: generation.generation.schema, written: generation.written };
  } else {
    if (onlyIfStale && !needsBuild(dir, location)) return undefined;
    // Compiled first: an invalid glossary stops the build before anything is written.
    const glossary = compile();
    built = { store: location, written: await writeFile(location, (db) => writeStore(db, glossary, journal, options.onProgress)) };
  }
  const { glossary, lexiconWords } = built.written;
  const { compiled, files, ambiguousKeys, imported } = glossary;
  let names = 0;
  let variants = 0;
  let pinyin = 0;
  for (const { expanded } of compiled) {
    for (const row of expanded.names) row.type === 'variant' ? variants++ : names++;
    pinyin += expanded.pinyin.length;
  }
  return { store: built.store, files, entities: compiled.length, names, variants, pinyin, ambiguousKeys, lexiconWords, imported, seconds: (performance.now() - started) / 1000 };
}

/**
 * Write the store file at dbPath: a new database beside the old one, renamed over it
 * only when complete, so a failed build, or one killed half-way, leaves the previous
 * database untouched. Returns what write returned.
 */
async function writeFile<T>(dbPath: string, write: (db: Store) => Promise<T>): Promise<T> {
  mkdirSync(dirname(dbPath), { recursive: true });
  const temp = `${dbPath}.building-${process.pid}`;
  removeAbandonedBuilds(dbPath);
  rmSync(temp, { force: true });
  const db = openStore(temp, { journal: 'delete', pageBytes: 65536 });
  try {
    await migrateToLatest(db);
    const written = await write(db);
    await db.destroy();
    renameSync(temp, dbPath);
    return written;
  } catch (error) {
    await db.destroy().catch(() => undefined);
    rmSync(temp, { force: true });
    throw error;
  }
}

/** What writeStore wrote: the compiled glossary, the build time it recorded and the lexicon's size. */
interface WrittenStore {
  readonly glossary: CompiledGlossary;
  readonly builtAt: string;
  readonly lexiconWords: number;
}

type CompiledGlossary = ReturnType<typeof compileGlossary>;

/** Fill an empty store (its tables created) with the compiled glossary, the lexicon and the artifacts. */
async function writeStore(db: Store, glossary: CompiledGlossary, journal: BuildJournal, onProgress?: (p: BuildProgress) => void): Promise<WrittenStore> {
  const { compiled } = glossary;
  const lexicon = readLexicon();
  await insertGlossary(db, compiled, (done) => onProgress?.({ phase: 'write', done, total: compiled.length }));
  await insertLexicon(db, lexicon);
  const builtAt = new Date().toISOString();
  const stamp = { builtAt, entities: compiled.length };
  await writeArtifact(db, LOOKUP_ARTIFACT, lookupArtifact(compileLookup(compiled), stamp));
  const stored: PackedLexicon = { ...lexicon, digest: lexiconDigest(lexicon) };
  const matcher = matcherArtifacts(compileMatcher(compiled, stored), stamp, stored);
  await writeArtifact(db, MATCHER_ARTIFACT, matcher.core);
  await writeArtifact(db, MATCHER_TRIE_ARTIFACT, matcher.trie);
  await writeArtifact(db, ENTRIES_ARTIFACT, entriesArtifact(compiled.map((c) => c.entry.value), stamp));
  await writeArtifact(db, TOPICS_ARTIFACT, TopicIndex.of(compiled.map((c) => c.entry.value)).artifact(stamp));
  // The journal's changes up to lastSeq are in this store; the service applies only later
  // ones, and only from the same journal (numbers restart in a new service store).
  const read: Record<string, string> = journal.id === undefined ? {} : { journal_id: journal.id };
  await writeMeta(db, { built_at: builtAt, entities: String(compiled.length), journal_seq: String(journal.lastSeq), ...read });
  return { glossary, builtAt, lexiconWords: lexicon.freqs.length };
}

/** The lookup index of the rows as insertGlossary writes them, in the same order (readGlossaryRows reads them so). */
function compileLookup(compiled: readonly CompiledEntry[]): LookupIndex {
  const names = compiled.flatMap(({ entry, expanded }) => expanded.names.map((n) => ({ entityId: entry.value.id, text: n.text, key: n.key })));
  const pinyin = compiled.flatMap(({ entry, expanded }) => expanded.pinyin.map((p) => ({ entityId: entry.value.id, ...p })));
  return LookupIndex.compile(names, pinyin);
}

/** The matcher of the rows as insertGlossary writes them, in the same order, with the guards of the lexicon stored beside them. */
function compileMatcher(compiled: readonly CompiledEntry[], lexicon: PackedLexicon): Matcher {
  // Entries scoped to topics are laid over it per request (GlossarySnapshot.withTopics); lookup finds them always.
  const everywhere = compiled.filter(({ entry }) => appliesEverywhere(entry.value));
  return Matcher.compile(everywhere.flatMap(({ entry, expanded }) => expanded.names.map((n) => ({ ...n, entityId: entry.value.id }))), lexicon);
}

/** Remove half-written databases that builds killed mid-way left beside dbPath. */
function removeAbandonedBuilds(dbPath: string): void {
  const prefix = `${basename(dbPath)}.building-`;
  for (const name of readdirSync(dirname(dbPath))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid !== process.pid && isRunning(pid)) continue; // another build at work
    rmSync(join(dirname(dbPath), name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

