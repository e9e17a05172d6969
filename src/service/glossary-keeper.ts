import { BackgroundPoll, SerialQueue } from '../background-work.ts';
import type { Store } from '../db/connection.ts';
import { glossarySource, type GlossarySource, type OpenBuild } from '../db/glossary-source.ts';
import { readMeta } from '../db/glossary-repository.ts';
import { parseEntry, type Entry } from '../glossary/entry.ts';
import { expandEntry } from '../glossary/expand.ts';
import { GlossarySnapshot } from '../snapshot.ts';
import { buildPosition, builtJournal, changesSince, entityHistory, entityVersions, findChange, lastChangeSeq, recordChangeAfter, type EntityChange, type HistoryPage } from './journal.ts';
import type { ServiceStore } from './service-store.ts';
import { writeConflicts } from './write-conflicts.ts';
import { isPostgres } from '../db/dialect.ts';
import { isPostgresUrl } from '../db/store-location.ts';

/** How often a following keeper (the service) looks for other processes' changes and a new build. */
const POLL_MS = 250;
/**
 * The same over PostgreSQL, where other replicas' changes arrive as notifications
 * (ChangeNotices): the poll is the safety net, and many replicas polling often would
 * load the database for nothing.
 */
const POSTGRES_POLL_MS = 1_000;

/**
 * Times a write is checked again because another writer committed first. Each retry
 * applies the newer changes before checking, so only a stream of writes landing in
 * the few milliseconds of every check exhausts it. A CLI process checks more slowly
 * than the service, and two HTTP writers without pause won 20 attempts in a row
 * against it in one CI run of two; 200 leave it seconds, not milliseconds.
 */
const MAX_ATTEMPTS = 200;

/** An attempt's answer when another writer committed after this one's catch-up: check again. */
const JOURNAL_MOVED = Symbol('journal moved');

export type WriteResult =
  | { readonly ok: true; readonly entry: Entry | null; readonly change: EntityChange }
  | { readonly ok: false; readonly status: 400 | 404 | 409 | 503; readonly error: string; readonly conflict?: Entry };

type Attempt = WriteResult | typeof JOURNAL_MOVED;

/**
 * The version a writer last saw (If-Match, or the body's `version`): the write goes
 * ahead only if the entity is still at it, as Kubernetes does with resourceVersion.
 * 'any' (If-Match: *) and undefined: no precondition, the write applies to whatever
 * is current; 'any' also overrides a `version` in the body.
 */
export type ExpectedVersion = number | 'any' | undefined;

/**
 * The built store's change numbers are not this journal's (built with another service
 * store, or this one was replaced); the message says to rebuild.
 */
export class JournalMismatch extends Error {
  override readonly name = 'JournalMismatch';
}

/**
 * Keeps the glossary the service answers from: the built store plus every change made
 * through the service since that build (the journal in the service store). A write
 * is checked by the build's own rules, committed to the journal, and only then
 * swapped in as a new snapshot: the next request sees it, and requests already
 * running finish on the snapshot they started with.
 */
export class GlossaryKeeper {
  /** Writes and reloads, one at a time, so snapshots follow the journal's order. */
  private readonly queue = new SerialQueue();
  private readonly listeners: ((snapshot: GlossarySnapshot) => void)[] = [];
  /** Started by watch(): the service follows the CLI's changes and new builds with no request to prompt it. */
  private readonly changesElsewhere: BackgroundPoll;
  /** Over PostgreSQL, what prompts the poll at once when another replica commits a change. */
  private notices: { stop(): Promise<void> } | undefined;

  private constructor(
    readonly service: ServiceStore,
    private snapshot: GlossarySnapshot,
    /** The journal's last change that the snapshot includes. */
    private appliedSeq: number,
    /** Per entity changed through the service, its last change in the snapshot (versionOf). */
    private versions: Map<string, number>,
    /** Where the built store is (a file, or PostgreSQL's current generation), watched for a new build; absent when not watched. */
    private readonly source?: GlossarySource,
    /** Which build the snapshot came from (GlossarySource.currentBuild). */
    private build?: string,
    /**
     * The build the snapshot was loaded from, when the keeper opened it (watch): kept
     * open, as the snapshot reads its rows from it at the first edit.
     */
    private opened?: OpenBuild,
  ) {
    this.changesElsewhere = new BackgroundPoll(isPostgres(service) ? POSTGRES_POLL_MS : POLL_MS, () => this.followChangesElsewhere(), 'glossary: reading the change journal');
  }

  /** The built store, with the journal's changes made after that build applied. */
  static async open(glossaryDb: Store, service: ServiceStore): Promise<GlossaryKeeper> {
    const { snapshot, seq, versions } = await loadWithJournal(glossaryDb, service);
    return new GlossaryKeeper(service, snapshot, seq, versions);
  }

  /**
   * As open, reading the store at location (a file, or a PostgreSQL URL: its current
   * generation) and following it: every POLL_MS it applies changes other processes
   * journaled (`glossary entity ...` from the CLI, other replicas) and loads a build
   * that replaced the store (npm run build while serving).
   * Given the service store's PostgreSQL URL, it also listens for other replicas'
   * changes and applies each as it is committed. close() stops that.
   */
  static async watch(location: string, service: ServiceStore, serviceUrl?: string): Promise<GlossaryKeeper> {
    const source = await glossarySource(location);
    let opened: OpenBuild | undefined;
    try {
      opened = await source.open();
      const { snapshot, seq, versions } = await loadWithJournal(opened.db, service);
      const keeper = new GlossaryKeeper(service, snapshot, seq, versions, source, opened.build, opened);
      keeper.changesElsewhere.start();
      // Replicas over one PostgreSQL database hear of each other's changes as they commit.
      if (serviceUrl && isPostgresUrl(serviceUrl)) {
        const { ChangeNotices } = await import('./change-notices.ts');
        keeper.notices = ChangeNotices.listen(serviceUrl, () => keeper.changesElsewhere.soon());
      }
      return keeper;
    } catch (error) {
      await opened?.close();
      await source.close();
      throw error;
    }
  }

  /** The snapshot to answer from now. */
  current(): GlossarySnapshot {
    return this.snapshot;
  }

  /**
   * An entity's version in the current snapshot: the number of its last change
   * through the service, 0 when it has none (as the glossary files have it). Change
   * numbers only grow, and every replica over one journal reads the same ones, so a
   * version names one state of the entity everywhere.
   */
  versionOf(id: string): number {
    return this.versions.get(id) ?? 0;
  }

  /** Stop following the journal and the build, once the work in progress is done; call before closing the service store. */
  async close(): Promise<void> {
    await this.notices?.stop();
    await this.changesElsewhere.stop();
    await this.queue.run(async () => undefined);
    await this.opened?.close();
    this.opened = undefined;
    await this.source?.close();
  }

  /**
   * One poll: a max(seq) read and a look at the current build (a stat, or one row), and
   * the real work (in the write queue) only when the journal has rows the snapshot
   * lacks or a new build replaced the store.
   */
  private async followChangesElsewhere(): Promise<void> {
    const rebuilt = this.source !== undefined && (await this.source.currentBuild()) !== this.build;
    if (!rebuilt && (await lastChangeSeq(this.service)) <= this.appliedSeq) return;
    await this.queue.run(async () => {
      await this.reloadIfRebuilt();
      await this.catchUp();
    });
  }

  /** Load a new build of the store, if one replaced it; the old snapshot answers meanwhile. */
  private async reloadIfRebuilt(): Promise<void> {
    if (!this.source) return;
    const build = await this.source.currentBuild();
    if (build === undefined || build === this.build) return;
    const opened = await this.source.open();
    try {
      const { snapshot, seq, versions } = await loadWithJournal(opened.db, this.service);
      this.build = opened.build;
      // Edits run in this queue, so nothing is reading the old store's rows now.
      await this.opened?.close();
      this.opened = opened;
      this.versions = versions;
      this.swap(snapshot, seq);
    } catch (error) {
      await opened.close();
      if (!(error instanceof JournalMismatch)) throw error;
      // Said once per build, not every poll; the service goes on answering (and writing) from the last build that fits.
      this.build = opened.build;
      console.error(`glossary: not loading the new build of ${this.source.name}: ${error.message}`);
    }
  }

  /** Apply exactly the journal's changes after appliedSeq: appliedSeq only moves over changes in the snapshot. */
  private async catchUp(): Promise<void> {
    const changes = await changesSince(this.service, this.appliedSeq);
    if (changes.length === 0) return;
    this.swap(await this.snapshot.withChanges(changes), changes.at(-1)!.seq, changes);
  }

  /** Answer from snapshot, which has the journal's changes up to seq; `changes` are the ones it adds. */
  private swap(snapshot: GlossarySnapshot, seq: number, changes: readonly EntityChange[] = []): void {
    this.snapshot = snapshot;
    this.appliedSeq = seq;
    for (const change of changes) this.versions.set(change.entityId, change.seq);
    for (const listener of this.listeners) listener(snapshot);
  }

  /**
   * Read what a write needs (the script converters' automata, pinyin-pro's
   * dictionary) and make the table every edit's snapshot reads, a step at a time
   * after the service listens, so the first editor's write does not pay for them.
   */
  async warmUp(): Promise<void> {
    const convert = this.snapshot.convert;
    // A step at a time, each under about 100 ms at 100,000 entities: requests are answered between them.
    const steps = [
      ...this.snapshot.editPreparations(),
      () => convert.toHans('预热'),
      () => convert.toHantTW('预热'),
      () => convert.toHantHK('预热'),
      () => expandEntry({ id: 'warm-up', kind: 'term', names: { 'zh-CN': '预热', 'zh-TW': '預熱' }, aliases: [], deprecated: [], ambiguous: [], sources: [] }, convert),
    ];
    for (const step of steps) {
      await new Promise((resolve) => setImmediate(resolve));
      step();
    }
  }

  /** Called with each new snapshot, after it is in place (the TM re-tokenizes). */
  onChange(listener: (snapshot: GlossarySnapshot) => void): void {
    this.listeners.push(listener);
  }

  /*
   * Each write below is an attempt that writing() runs on a snapshot with every change
   * journaled so far, and runs again (after catching up) when another writer commits
   * before the attempt's insert: so a write is always checked against, and built on,
   * everything committed before it.
   */

  create(actor: string, body: unknown): Promise<WriteResult> {
    return this.writing(async () => {
      const parsed = parseEntity(body);
      if (!parsed.ok) return parsed;
      const existing = this.snapshot.entries.get(parsed.entry.id);
      if (existing) return { ok: false, status: 409, error: `an entity with id ${parsed.entry.id} already exists; change it with PUT /v1/entities/${parsed.entry.id}`, conflict: existing };
      return this.apply(actor, 'create', null, parsed.entry);
    });
  }

  replace(actor: string, id: string, body: unknown, expected?: ExpectedVersion): Promise<WriteResult> {
    return this.writing(async () => {
      const before = this.snapshot.entries.get(id);
      if (!before) return { ok: false, status: 404, error: `no entity with id ${id}; create it with POST /v1/entities` };
      const stale = this.staleVersion(id, expected ?? versionInBody(body));
      if (stale) return stale;
      const parsed = parseEntity(body);
      if (!parsed.ok) return parsed;
      if (parsed.entry.id !== id) return { ok: false, status: 400, error: `id: the body's id ${parsed.entry.id} is not the path's ${id}; ids cannot be changed (create the new id and delete the old)` };
      return this.apply(actor, 'update', before, parsed.entry);
    });
  }

  /** Add or remove one alias (PATCH). */
  editAlias(actor: string, id: string, edit: { add?: string; remove?: string }, expected?: ExpectedVersion): Promise<WriteResult> {
    return this.writing(async () => {
      const before = this.snapshot.entries.get(id);
      if (!before) return { ok: false, status: 404, error: `no entity with id ${id}` };
      const stale = this.staleVersion(id, expected);
      if (stale) return stale;
      let aliases = [...before.aliases];
      if (edit.add !== undefined) {
        if (aliases.includes(edit.add)) return { ok: false, status: 409, error: `${id} already has the alias ${edit.add}`, conflict: before };
        aliases.push(edit.add);
      }
      if (edit.remove !== undefined) {
        if (!aliases.includes(edit.remove)) return { ok: false, status: 404, error: `${id} has no alias ${edit.remove} (its aliases: ${aliases.join(', ') || 'none'})` };
        aliases = aliases.filter((a) => a !== edit.remove);
      }
      const parsed = parseEntity({ ...before, aliases });
      if (!parsed.ok) return parsed;
      return this.apply(actor, 'update', before, parsed.entry);
    });
  }

  delete(actor: string, id: string, expected?: ExpectedVersion): Promise<WriteResult> {
    return this.writing(async () => {
      const before = this.snapshot.entries.get(id);
      if (!before) return { ok: false, status: 404, error: `no entity with id ${id}` };
      const stale = this.staleVersion(id, expected);
      if (stale) return stale;
      return this.apply(actor, 'delete', before, null);
    });
  }

  /**
   * Bring back the entity as it was before change seq (by default, before its latest
   * deletion): undoes a delete or an edit, checked like any write.
   */
  restore(actor: string, id: string, seq?: number): Promise<WriteResult> {
    return this.writing(async () => {
      const change = await findChange(this.service, id, seq);
      if (!change) return { ok: false, status: 404, error: seq === undefined ? `${id} has no deletion to restore; pass seq to restore an earlier version` : `${id} has no change ${seq}` };
      if (!change.before) return { ok: false, status: 409, error: `change ${change.seq} created ${id}; there is no earlier version (delete it instead)` };
      const parsed = parseEntity(change.before);
      if (!parsed.ok) return parsed;
      return this.apply(actor, 'restore', this.snapshot.entries.get(id) ?? null, parsed.entry);
    });
  }

  /**
   * 409 with the current entity when the writer expected another version: someone
   * changed it since the writer read it. Asked after catching up with the journal,
   * and a write recorded after another writer's commit is checked again, so two
   * writers that read one version cannot both win.
   */
  private staleVersion(id: string, expected: ExpectedVersion): WriteResult | undefined {
    const current = this.versionOf(id);
    if (expected === undefined || expected === 'any' || expected === current) return undefined;
    return { ok: false, status: 409, error: `${id} is at version ${current}, not ${expected} as this write expected: it was changed meanwhile; read it again (GET /v1/entities/${id}), then send the write with If-Match: "${current}"`, conflict: this.snapshot.entries.get(id) };
  }

  /** A page of an entity's changes, newest first (see entityHistory). */
  history(id: string, page: { limit: number; before?: number }): Promise<HistoryPage> {
    return entityHistory(this.service, id, page);
  }

  private async apply(actor: string, action: EntityChange['action'], before: Entry | null, after: Entry | null): Promise<Attempt> {
    const entityId = (after ?? before)!.id;
    if (after) {
      const conflicts = await writeConflicts(this.snapshot, after, this.snapshot.expansionOf(after).names);
      if (conflicts.errors.length > 0) {
        const other = conflicts.conflictsWith;
        return { ok: false, status: 409, error: conflicts.errors.join('; '), conflict: other ? this.snapshot.entries.get(other) : undefined };
      }
    }
    // Compiled before the change is journaled: a change in the journal is one the service has.
    const next = await this.snapshot.withChanges([{ entityId, after }]);
    const recorded = await recordChangeAfter(this.service, this.appliedSeq, { entityId, action, actor, before, after });
    if (recorded.kind === 'moved') return JOURNAL_MOVED;
    if (recorded.kind === 'behind') {
      return { ok: false, status: 503, error: `the change journal (SERVICE_DB) ends at change #${recorded.lastSeq}, but this glossary has changes up to #${this.appliedSeq} applied: the journal was replaced or changes removed from it while in use; nothing was written. Rebuild with \`glossary build\` and restart the service` };
    }
    this.swap(next, recorded.change.seq, [recorded.change]);
    return { ok: true, entry: after, change: recorded.change };
  }

  /** A write: one at a time, on a snapshot that has every change journaled so far (other processes' too). */
  private writing(attempt: () => Promise<Attempt>): Promise<WriteResult> {
    return this.queue.run(async () => {
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        await this.catchUp();
        const result = await attempt();
        if (result !== JOURNAL_MOVED) return result;
      }
      return { ok: false, status: 503, error: `other writers changed the journal ${MAX_ATTEMPTS} times while this write was being checked; nothing was written, send it again` };
    });
  }
}

/** A built store and the journal's changes made after that build; JournalMismatch when the build read another journal. */
async function loadWithJournal(db: Store, service: ServiceStore): Promise<{ snapshot: GlossarySnapshot; seq: number; versions: Map<string, number> }> {
  const position = await buildPosition(builtJournal(await readMeta(db)), service);
  if (!position.ok) throw new JournalMismatch(position.error);
  const built = await GlossarySnapshot.load(db);
  const changes = await changesSince(service, position.seq);
  const seq = changes.at(-1)?.seq ?? position.seq;
  return { snapshot: await built.withChanges(changes), seq, versions: await entityVersions(service, seq) };
}

/** The `version` of a body sent back as GET returned it, when the write has no If-Match. */
function versionInBody(body: unknown): ExpectedVersion {
  const version = (body as { version?: unknown } | null)?.version;
  return typeof version === 'number' ? version : undefined;
}


/**
 * An entity body in the shape GET returns (names with nulls, aliases listing the
 * ambiguous names too) checked by the build's schema, with the build's messages.
 */
export function parseEntity(body: unknown): { ok: true; entry: Entry } | { ok: false; status: 400; error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, status: 400, error: 'the body must be an entity object: { id, kind, names: { "zh-CN", "zh-TW", "zh-HK", "en" }, aliases: [...] }' };
  const input = { ...(body as Record<string, unknown>) };
  // GET's `version` is a precondition of the write (versionInBody), not part of the entry.
  if (typeof input.version === 'number') delete input.version;
  if (input.names && typeof input.names === 'object' && !Array.isArray(input.names)) {
    input.names = Object.fromEntries(Object.entries(input.names as Record<string, unknown>).filter(([, v]) => v !== null));
  }
  const ambiguous = Array.isArray(input.ambiguous) ? input.ambiguous.map((a) => (a as { name?: unknown })?.name) : [];
  if (Array.isArray(input.aliases)) input.aliases = input.aliases.filter((a) => !ambiguous.includes(a));
  const parsed = parseEntry(input);
  if (parsed.ok) return parsed;
  return { ok: false, status: 400, error: parsed.issues.slice(0, 5).map((i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ') };
}
