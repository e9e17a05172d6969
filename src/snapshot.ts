import { readEntries, readGlossaryRows, readLocation, type GlossaryRows } from './db/glossary-repository.ts';
import type { Store } from './db/connection.ts';
import { readStoredLexicon } from './db/lexicon-repository.ts';
import { EntryList, PatchedEntries, readStoredEntries, type Entries } from './entries.ts';
import { lastEdits, type EntityEdit } from './glossary/entity-edit.ts';
import type { Entry } from './glossary/entry.ts';
import { expandEntry, romanizePerson, type ExpandedEntry, type NameForm } from './glossary/expand.ts';
import { FALLBACK, ScriptConverters, type NameLocale, type Target } from './locale.ts';
import { LookupIndex, type LookupHit, type LookupName, type LookupPinyin, type MatchHow } from './lookup.ts';
import { readStoredLookup } from './lookup-artifact.ts';
import { Matcher, type KeyCandidate, type MatcherName } from './match/matcher.ts';
import { patchMatcher, preparePatches } from './match/matcher-patch.ts';
import { readStoredMatcher, readStoredMatcherCore } from './matcher-artifact.ts';
import { LexiconWordIndex } from './match/lexicon-word-index.ts';
import { appliesEverywhere, readStoredTopics, topicList, TopicIndex, UnknownTopics } from './topics.ts';

type Location = { readonly file: string; readonly line: number };

/** Each entry's expansion, by entry object (entries are never changed in place). */
const expansions = new WeakMap<Entry, ExpandedEntry>();

/** One lookup result with its entry (the API and CLI show the entry as an entity). */
export interface EntryMatch {
  readonly entry: Entry;
  readonly matched: string;
  readonly how: MatchHow;
  readonly score: number;
}

/**
 * The glossary as the service uses it: entries by id, the compiled matcher and the
 * lookup index. Loaded from the artifacts the build stored (nothing parsed or
 * compiled but what is used), or compiled from the rows. Nothing in it changes
 * after loading, so a new snapshot can replace an old one while requests are in
 * flight.
 */
export class GlossarySnapshot {
  /** Per target tag, the replacement of each candidate (by KeyCandidate.index), filled as needed. */
  private readonly targetNames = new Map<string, TargetNames>();
  private loadedRows: Promise<GlossaryRows> | undefined;
  private topicIndexRead: Promise<TopicIndex> | undefined;
  /** Snapshots with topics laid over this one (withTopics), by their sorted topics; the last few asked for. */
  private readonly topicSnapshots = new Map<string, GlossarySnapshot>();

  private constructor(
    readonly entries: Entries,
    readonly matcher: Matcher,
    /** Null in a snapshot for some texts only (forTexts), which rewrites them and nothing else. */
    private readonly lookupIndex: LookupIndex | null,
    readonly convert: ScriptConverters,
    /** Reads the rows it was compiled from (for an edit's next snapshot); called once, when first needed. */
    private readonly readRows: () => Promise<GlossaryRows>,
    /** Where an entity was read by the build (for messages), without reading every row. */
    private readonly readLocation: (id: string) => Promise<Location | undefined>,
    /** Which entries each topic holds (read or worked out when a caller first enables a topic). */
    private readonly readTopics: () => Promise<TopicIndex>,
    /** The topics whose entries this snapshot's matcher holds besides those that apply everywhere (withTopics). */
    readonly topics: readonly string[] = [],
    /** For a snapshot made by edits: the snapshot they were made on (never itself an edit's), and every edit since it. */
    private readonly edited?: { readonly base: GlossarySnapshot; readonly edits: readonly EntityEdit[] },
  ) {}

  /**
   * The store's glossary, from the artifacts its build stored when it has good ones
   * (else compiled from its rows). The rows are read from db only when an edit needs
   * them, the topic index when a topic is first enabled: keep db open while the
   * snapshot is in use.
   */
  static async load(db: Store, convert = new ScriptConverters()): Promise<GlossarySnapshot> {
    const lexicon = await readStoredLexicon(db);
    const lookup = await readStoredLookup(db);
    const matcher = lookup && (await readStoredMatcher(db, lexicon));
    const entries = matcher && (await readStoredEntries(db));
    const topics = async () => (await readStoredTopics(db)) ?? TopicIndex.of((await readGlossaryRows(db)).entries);
    if (lookup && matcher && entries) return new GlossarySnapshot(entries, matcher, lookup, convert, () => readGlossaryRows(db), (id) => readLocation(db, id), topics);
    return GlossarySnapshot.fromRows(await readGlossaryRows(db), convert, lookup);
  }

  /**
   * The store's glossary as far as these texts need it, for rewriting them and
   * nothing else: a matcher of the names that occur in them (Matcher.forTexts) and
   * the entries those names belong to, read by id. For a sentence, this reads a few
   * megabytes of a large glossary's store instead of hundreds. Undefined when the
   * store has no good artifacts to do it with (then load it whole).
   */
  static async forTexts(db: Store, texts: readonly string[], convert = new ScriptConverters()): Promise<GlossarySnapshot | undefined> {
    const lexicon = await readStoredLexicon(db);
    const core = await readStoredMatcherCore(db, lexicon);
    if (!core) return undefined;
    const words = core.parts.guards && lexicon?.digest ? LexiconWordIndex.of(lexicon, lexicon.digest) : null;
    if (core.parts.guards && !words) return undefined;
    const { matcher, keys } = Matcher.forTexts(core.parts, core.sortedKeys, texts, words);
    const ids = new Set<string>();
    for (const k of keys) for (const c of matcher.candidates(k)) ids.add(c.entityId);
    const entries = await readEntries(db, [...ids]);
    const noTopics = () => Promise.reject(new Error('a snapshot for some texts only (forTexts) has no topics: load the glossary whole to enable one'));
    return new GlossarySnapshot(new EntryList(entries), matcher, null, convert, () => readGlossaryRows(db), (id) => readLocation(db, id), noTopics);
  }

  /** The lookup index; a snapshot made for some texts only (forTexts) has none. */
  get lookup(): LookupIndex {
    if (!this.lookupIndex) throw new Error('this glossary snapshot was loaded for rewriting some texts only; it has no lookup index');
    return this.lookupIndex;
  }

  /** lookup: the rows' lookup index when already compiled (from the store's artifact), else compiled here. */
  static fromRows(rows: GlossaryRows, convert = new ScriptConverters(), lookup?: LookupIndex): GlossarySnapshot {
    // The lexicon is compiled once per process (Lexicon.of), when a scan first needs it: an edit's snapshot keeps the same object.
    // The matcher holds the names that apply everywhere; those of entries with topics are laid over it by withTopics.
    const scoped = new Set(rows.entries.filter((e) => !appliesEverywhere(e)).map((e) => e.id));
    const names = scoped.size === 0 ? rows.names : rows.names.filter((n) => !scoped.has(n.entityId));
    return new GlossarySnapshot(new EntryList(rows.entries), Matcher.compile(names, rows.lexicon), lookup ?? LookupIndex.compile(rows.names, rows.pinyin), convert, () => Promise.resolve(rows), (id) => Promise.resolve(rows.locations.get(id)), () => Promise.resolve(TopicIndex.of(rows.entries)));
  }

  /** Where the build read an entity (file and line); undefined for one written through the service. */
  locationOf(id: string): Promise<Location | undefined> {
    return this.loadedRows ? this.loadedRows.then((rows) => rows.locations.get(id)) : this.readLocation(id);
  }

  /** The rows the snapshot was compiled from (read from the store on first call when it was loaded from artifacts). */
  rows(): Promise<GlossaryRows> {
    return (this.loadedRows ??= forgetFailure(this.readRows(), () => (this.loadedRows = undefined)));
  }

  /**
   * The rows with some entities replaced (after) or removed (after null), each
   * changed entity expanded exactly as the build expands it.
   */
  async rowsWith(changes: readonly EntityEdit[]): Promise<GlossaryRows> {
    const rows = await this.rows();
    const latest = lastEdits(changes);
    const keep = <T extends { entityId: string }>(list: readonly T[]): T[] => list.filter((r) => !latest.has(r.entityId));
    const names = keep(rows.names);
    const pinyin = keep(rows.pinyin);
    const entries = rows.entries.filter((e) => !latest.has(e.id));
    for (const { entityId, after } of latest.values()) {
      if (!after) continue;
      const expanded = this.expansionOf(after);
      entries.push(after);
      names.push(...expanded.names.map((n) => ({ ...n, entityId })));
      pinyin.push(...expanded.pinyin.map((p) => ({ ...p, entityId })));
    }
    entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { entries, locations: rows.locations, names, pinyin, ...(rows.lexicon ? { lexicon: rows.lexicon } : {}) };
  }

  /** A page of entries in id order after cursor (the last id of the previous page), optionally of one kind. */
  page(options: { kind?: string; cursor?: string; limit: number }): { entries: Entry[]; next: string | null } {
    const all = this.entries;
    const entries: Entry[] = [];
    let i = options.cursor === undefined ? 0 : all.after(options.cursor);
    for (; i < all.size && entries.length < options.limit; i++) if (!options.kind || all.at(i).kind === options.kind) entries.push(all.at(i));
    while (i < all.size && options.kind && all.at(i).kind !== options.kind) i++;
    return { entries, next: i < all.size && entries.length > 0 ? entries[entries.length - 1]!.id : null };
  }

  /** Every entry in id order, a page at a time (for exports). */
  *pages(size = 1000): Generator<Entry[]> {
    const all = this.entries;
    for (let i = 0; i < all.size; i += size) {
      const page: Entry[] = [];
      for (let j = i; j < Math.min(all.size, i + size); j++) page.push(all.at(j));
      yield page;
    }
  }

  /**
   * A new snapshot with the changes applied; this one stays as it was. Made in
   * milliseconds at any glossary size: the base snapshot's matcher, lookup index and
   * entries are kept, and the changed entities laid over them (patchMatcher,
   * LookupIndex.withChanges, PatchedEntries). An edit's snapshot is made again from
   * the same base with every edit since, so edits never stack layers. It answers
   * exactly as a snapshot compiled from rowsWith(changes) would.
   */
  async withChanges(changes: readonly EntityEdit[]): Promise<GlossarySnapshot> {
    if (changes.length === 0) return this;
    if (this.topics.length > 0) throw new Error('edits are made on the glossary without topics; enable topics on the edited snapshot');
    const base = this.edited?.base ?? this;
    const edits = [...(this.edited?.edits ?? []), ...changes];
    // A snapshot for some texts only has no lookup index: compiled from the rows, as before.
    if (!base.lookupIndex) return GlossarySnapshot.fromRows(await this.rowsWith(changes), this.convert);
    return base.patched(edits);
  }

  /**
   * What the first edit would otherwise make (the tables every edit's snapshot reads),
   * as steps to run one at a time; see withChanges.
   */
  editPreparations(): (() => void)[] {
    const base = this.edited?.base ?? this;
    const lookup = base.lookupIndex;
    if (!lookup) return [];
    return [...preparePatches(base.matcher.patchBase()), () => lookup.prepareChanges()];
  }

  /** This (base) snapshot with edits laid over it; see withChanges. */
  private patched(edits: readonly EntityEdit[]): GlossarySnapshot {
    const latest = lastEdits(edits);
    const changed = new Map<string, MatcherName[] | null>();
    const names: LookupName[] = [];
    const pinyin: LookupPinyin[] = [];
    for (const { entityId, after } of latest.values()) {
      if (!after) {
        changed.set(entityId, null);
        continue;
      }
      const expanded = this.expansionOf(after);
      const rows = expanded.names.map((n) => ({ ...n, entityId }));
      // An entry with topics is looked up like any other, but rewritten only where its topic is enabled (withTopics).
      changed.set(entityId, appliesEverywhere(after) ? rows : null);
      names.push(...rows);
      pinyin.push(...expanded.pinyin.map((p) => ({ ...p, entityId })));
    }
    // An unchanged entity's names, as the build stored them (its expansion), for the flags of a key it shares with a changed one.
    const matcher = patchMatcher(this.matcher.patchBase(), changed, (id) => this.matcherNamesOf(id));
    const lookup = this.lookup.withChanges(new Set(latest.keys()), names, pinyin);
    const after = new Map([...latest].map(([id, e]) => [id, e.after]));
    const entries = new PatchedEntries(this.entries, after);
    return new GlossarySnapshot(entries, matcher, lookup, this.convert, () => this.rowsWith(edits), (id) => this.locationOf(id), async () => (await this.topicIndex()).withChanges(after), [], { base: this, edits });
  }

  /** An entity's names as the matcher takes them: its expansion, as the build stored it. */
  private matcherNamesOf(id: string): MatcherName[] {
    return this.expansionOf(this.entries.get(id)!).names.map((n) => ({ ...n, entityId: id }));
  }

  /** Which entries each topic holds, with this snapshot's edits. */
  topicIndex(): Promise<TopicIndex> {
    return (this.topicIndexRead ??= forgetFailure(this.readTopics(), () => (this.topicIndexRead = undefined)));
  }

  /**
   * This snapshot with the entries of these topics rewritten too (terms and titles of
   * works, which are right only inside their topic): its matcher with their names laid
   * over it, as an edit lays a changed entity's (patchMatcher); entries and lookup are
   * this snapshot's. Made once per set of topics and kept for the next request (the
   * last TOPIC_SNAPSHOTS sets). Throws UnknownTopics when the glossary lacks one.
   *
   * withTopics(['IT']): 访问 -> 存取 for zh-TW, which the snapshot itself leaves alone.
   */
  async withTopics(topics: readonly string[]): Promise<GlossarySnapshot> {
    const wanted = topicList(topics).sort();
    if (wanted.length === 0) return this;
    if (this.topics.length > 0) throw new Error('topics are enabled on a snapshot without topics, never on top of others');
    const index = await this.topicIndex();
    const unknown = index.unknown(wanted);
    if (unknown.length > 0) throw new UnknownTopics(unknown, index.list().map((t) => t.topic));
    const key = wanted.join(',');
    let made = this.topicSnapshots.get(key);
    if (made) {
      // Most recently used last, so the first is the one to drop.
      this.topicSnapshots.delete(key);
      this.topicSnapshots.set(key, made);
      return made;
    }
    made = this.topicSnapshot(wanted, index.idsIn(wanted));
    if (this.topicSnapshots.size >= TOPIC_SNAPSHOTS) this.topicSnapshots.delete(this.topicSnapshots.keys().next().value!);
    this.topicSnapshots.set(key, made);
    return made;
  }

  private topicSnapshot(topics: readonly string[], ids: ReadonlySet<string>): GlossarySnapshot {
    const base = this.edited?.base ?? this;
    const edits = this.edited?.edits ?? [];
    const latest = lastEdits(edits);
    const namesOf = (id: string) => this.matcherNamesOf(id);
    // The base's matcher with this snapshot's edits and the topics' entries laid over it.
    const changed = new Map<string, MatcherName[] | null>();
    for (const [id, { after }] of latest) changed.set(id, after && (appliesEverywhere(after) || ids.has(id)) ? namesOf(id) : null);
    for (const id of ids) if (!latest.has(id)) changed.set(id, namesOf(id));
    const matcher = patchMatcher(base.matcher.patchBase(), changed, namesOf);
    return new GlossarySnapshot(this.entries, matcher, this.lookupIndex, this.convert, this.readRows, this.readLocation, () => this.topicIndex(), topics, { base, edits });
  }

  /**
   * expandEntry of an entry object, worked out once: a write's check and its
   * snapshot read the same expansion, and an edit's snapshot is made again with
   * every edit since its base.
   */
  expansionOf(entry: Entry): ExpandedEntry {
    let expanded = expansions.get(entry);
    if (!expanded) {
      expanded = expandEntry(entry, this.convert);
      expansions.set(entry, expanded);
    }
    return expanded;
  }

  /**
   * The name a mention's entity takes in a target, keeping the mention's form:
   * for 唐纳德·特朗普 (donald-trump, full) and zh-TW -> '唐納·川普'. Falls back along
   * the target's chain, converting to the target's script; for English, a person or
   * place with no English name is romanized from its Chinese name.
   */
  nameFor(candidate: KeyCandidate, target: Target): string {
    const table = this.targetNameTable(target);
    let name = table.get(candidate.index);
    if (name === undefined) {
      const entry = this.entries.get(candidate.entityId);
      if (!entry) throw new Error(`unknown entity ${candidate.entityId}`);
      name = flat(this.resolveName(entry, candidate.form, target));
      table.set(candidate.index, name);
    }
    return name;
  }

  /**
   * The names already resolved for a target, by KeyCandidate.index (undefined where
   * not yet asked for): loops over many mentions read it and call nameFor on a miss.
   * An edit's snapshot shares its base's names of the base's candidates (a candidate
   * it reaches there is an unchanged entity's, named alike in both) and keeps its
   * own for the candidates it adds, so an edit makes no table as long as the
   * glossary's candidates.
   */
  targetNameTable(target: Target): TargetNames {
    let table = this.targetNames.get(target.tag);
    if (!table) {
      const edited = this.edited;
      table = edited ? new TargetNames(edited.base.targetNameTable(target).shared(), edited.base.matcher.entityOfCandidate.length) : new TargetNames([], Infinity);
      this.targetNames.set(target.tag, table);
    }
    return table;
  }

  /** The best matches for a query, best first, as the API and the CLI report them: scores to three decimals. */
  lookupEntries(query: string, limit: number): EntryMatch[] {
    return entryMatches(this.lookup.lookup(query, limit), (id) => this.entries.get(id));
  }

  /** An entity's preferred name in a target: nameForEntity('huawei', en) -> 'Huawei'. */
  nameForEntity(entityId: string, target: Target): string | undefined {
    const entry = this.entries.get(entityId);
    const name = entry ? this.resolveName(entry, 'preferred', target) : undefined;
    return name === AS_WRITTEN ? undefined : name;
  }

  /**
   * Along the target's chain, the first region with this form or a name. A region
   * with a name but not this form borrows the form from a later region of its chain
   * that writes the same name (拜登 in zh-HK and zh-TW: zh-TW's full 喬·拜登), so a
   * full mention stays full without taking another region's vocabulary (zh-HK's
   * 特朗普 never borrows zh-TW's 唐納·川普).
   */
  private resolveName(entry: Entry, form: NameForm, target: Target): string {
    const chain = FALLBACK[target.vocabulary];
    for (let i = 0; i < chain.length; i++) {
      const locale = chain[i]!;
      const own = formName(entry, form, locale);
      if (own) return this.convert.nameInScript(own, locale, target);
      const name = entry.names[locale];
      if (!name) continue;
      const lender = form === 'preferred' || locale === 'en' ? undefined : chain.slice(i + 1).find((l) => l !== 'en' && formName(entry, form, l) !== undefined && entry.names[l] !== undefined && this.convert.toHans(entry.names[l]) === this.convert.toHans(name));
      return lender ? this.convert.nameInScript(formName(entry, form, lender)!, lender, target) : this.convert.nameInScript(name, locale, target);
    }
    const chinese = (['zh-CN', 'zh-SG', 'zh-MY', 'zh-HK', 'zh-MO', 'zh-TW'] as const satisfies readonly NameLocale[])
      .map((l) => (form === 'full' ? entry.full?.[l] : undefined) ?? entry.names[l])
      .find((n) => n !== undefined);
    if (!chinese) return entry.id;
    // Data taken from elsewhere (Wikipedia's groups) names mostly foreign people and places,
    // whose Chinese is a transliteration pinyin does not give back (沙特阿拉伯 is no "Sha Tealabo").
    if (target.script === 'Latn' && entry.licence !== undefined) return AS_WRITTEN;
    if (target.script === 'Latn' && (entry.kind === 'person' || entry.kind === 'place')) return romanizePerson(chinese, this.convert);
    return chinese;
  }
}

/**
 * The name a target has for an entity when it has none to write: an imported entity
 * with no English name, for English. A mention of it stays as written (replacementAt).
 */
export const AS_WRITTEN = '';

/** How many sets of topics a snapshot keeps laid over it (withTopics). */
const TOPIC_SNAPSHOTS = 8;

/** A target's names by candidate index: those below `split` in an array a base snapshot and its edits share, the rest the snapshot's own. */
export class TargetNames {
  private readonly own: (string | undefined)[] = [];

  constructor(
    private readonly below: (string | undefined)[],
    private readonly split: number,
  ) {}

  get(c: number): string | undefined {
    return c < this.split ? this.below[c] : this.own[c - this.split];
  }

  set(c: number, name: string): void {
    if (c < this.split) put(this.below, c, name);
    else put(this.own, c - this.split, name);
  }

  /** The array an edit's snapshot shares (a base's table has no split). */
  shared(): (string | undefined)[] {
    return this.below;
  }
}

/**
 * array[i] = value, growing the array a hole at a time: an array made long at once
 * (new Array(n), or one index far past its end) is kept by V8 as a dictionary, and
 * every read per mention would be a hash lookup.
 */
function put(array: (string | undefined)[], i: number, value: string): void {
  while (array.length < i) array.push(undefined);
  array[i] = value;
}

/** Lookup hits as the API and the CLI report them, with their entries: scores to three decimals. */
export function entryMatches(hits: readonly LookupHit[], entryOf: (id: string) => Entry | undefined): EntryMatch[] {
  return hits.map((hit) => ({ entry: entryOf(hit.entityId)!, matched: hit.matched, how: hit.how, score: Math.round(hit.score * 1000) / 1000 }));
}

function formName(entry: Entry, form: NameForm, locale: NameLocale): string | undefined {
  return form === 'full' ? entry.full?.[locale] : form === 'short' ? entry.short?.[locale] : undefined;
}

/**
 * The same string as one flat sequence of units. Names come out of conversions as
 * concatenations, which V8 may keep as trees; every per-mention comparison and copy
 * would walk the tree. A property key is internalized, and internalized strings are flat.
 */
function flat(name: string): string {
  return Object.keys({ [name]: 0 })[0]!;
}

/**
 * read, and forget it (forget()) if it fails: a read from the store that failed (the
 * database restarting) is tried again by the next caller rather than kept.
 */
function forgetFailure<T>(read: Promise<T>, forget: () => void): Promise<T> {
  read.catch(forget);
  return read;
}
