import { sql } from 'kysely';
import { BackgroundPoll, SerialQueue } from '../background-work.ts';
import { isPostgres } from '../db/dialect.ts';
import type { GlossarySnapshot } from '../snapshot.ts';
import { lookupInDatabase, searchInDatabase } from './tm-database-search.ts';
import { PairStatistics } from './gram-rarity.ts';
import { TmIndex, type TmLookup, type TmMatch, type TmSearchResult } from './tm-index.ts';
import { addUnit, deleteUnit, getUnit, replaceUnit, type TmStore, type UnitInput, type UnitView, type UnitWrite } from './tm-repository.ts';

/** How often the service asks SQLite whether another process wrote to the memory (a cheap pragma). */
const CHANGE_CHECK_MS = 250;

/**
 * The translation memory as the service keeps it. Over SQLite: the store and an
 * index in memory that follows every write. Writes through this object update the index as soon as they
 * commit; writes by another process (a `glossary tm import` while serving) are
 * noticed through SQLite's data_version, polled on a timer once followOtherWriters()
 * is called, and the index is reloaded in the background while the old one keeps
 * answering: a quiet service is as current as a busy one. Over PostgreSQL (replicas
 * share the memory): no index in memory; each lookup finds its candidates in the
 * database (tm-database-search.ts), so every replica sees every write at once.
 */
export class TranslationMemory {
  /** Writes and reloads run one at a time, so the index applies them in commit order. */
  private readonly queue = new SerialQueue();
  private readonly otherWriters = new BackgroundPoll(CHANGE_CHECK_MS, () => this.reloadIfChanged(), 'translation memory reload');
  private seenVersion = -1;
  /** The glossary a re-index that has not started yet will use. */
  private nextGlossary: GlossarySnapshot | undefined;
  /** That re-index. */
  private reindex: Promise<void> | undefined;

  private constructor(
    readonly db: TmStore,
    private glossary: GlossarySnapshot,
    /** The whole memory in memory; null over PostgreSQL, where lookups ask the database. */
    private index: TmIndex | null,
    /** Over PostgreSQL, which character pairs are rare (the lookups' candidate search). */
    private readonly pairs: PairStatistics | null = null,
  ) {}

  static async open(db: TmStore, glossary: GlossarySnapshot): Promise<TranslationMemory> {
    if (isPostgres(db)) {
      const pairs = new PairStatistics(db);
      // The first lookup would read them itself (100 ms at 1,000,000 units).
      void pairs.current();
      return new TranslationMemory(db, glossary, null, pairs);
    }
    const version = await dataVersion(db);
    const memory = new TranslationMemory(db, glossary, await TmIndex.load(db, glossary));
    memory.seenVersion = version;
    return memory;
  }

  /** Reload the index whenever another process commits to the memory (the service calls this; close() stops it). Over PostgreSQL there is nothing to follow. */
  followOtherWriters(): void {
    if (this.index) this.otherWriters.start();
  }

  /** Stop following other writers and wait for a reload in progress. */
  close(): Promise<void> {
    return this.otherWriters.stop();
  }

  /** Fuzzy matches for a new segment, best first (TmIndex.lookup). */
  async lookup(request: TmLookup): Promise<TmMatch[]> {
    return this.index ? this.index.lookup(request) : lookupInDatabase(this.db, this.glossary, await this.pairs!.current(), request);
  }

  /** Units holding a word or name in any script (TmIndex.search). */
  async search(q: string, limit?: number): Promise<TmSearchResult> {
    return this.index ? this.index.search(q, limit) : searchInDatabase(this.db, this.glossary, q, limit);
  }

  get(unitId: number): Promise<UnitView | undefined> {
    return getUnit(this.db, unitId);
  }

  add(input: UnitInput): Promise<UnitWrite> {
    return this.queue.run(async () => {
      const result = await addUnit(this.db, input);
      if (result.ok) this.index?.putUnit(result.unit.unitId, input.segments);
      return result;
    });
  }

  replace(unitId: number, input: UnitInput): Promise<UnitWrite | undefined> {
    return this.queue.run(async () => {
      const result = await replaceUnit(this.db, unitId, input);
      if (result?.ok) this.index?.putUnit(unitId, input.segments);
      return result;
    });
  }

  delete(unitId: number): Promise<boolean> {
    return this.queue.run(async () => {
      const deleted = await deleteUnit(this.db, unitId);
      if (deleted) this.index?.removeUnit(unitId);
      return deleted;
    });
  }

  /**
   * Re-tokenize the memory for a new glossary (entity tokens depend on it). Only the
   * newest glossary matters: calls made while a re-index waits its turn join it, so
   * a burst of glossary edits costs one pass over the memory, not one each (a pass
   * over 100,000 units takes seconds, and TM writes queue behind it).
   */
  useGlossary(glossary: GlossarySnapshot): Promise<void> {
    if (!this.index) {
      // Lookups tokenize their few candidates with the glossary of the moment.
      this.glossary = glossary;
      return Promise.resolve();
    }
    const waiting = this.nextGlossary !== undefined;
    this.nextGlossary = glossary;
    if (waiting) return this.reindex!;
    this.reindex = this.queue.run(async () => {
      const target = this.nextGlossary!;
      this.nextGlossary = undefined;
      const index = await TmIndex.load(this.db, target);
      this.glossary = target;
      this.index = index;
    });
    return this.reindex;
  }

  private reloadIfChanged(): Promise<void> {
    return this.queue.run(async () => {
      const version = await dataVersion(this.db);
      if (version === this.seenVersion) return;
      this.index = await TmIndex.load(this.db, this.glossary);
      this.seenVersion = version;
    });
  }
}

/** Changes whenever another connection commits to the file (not for our own writes). */
async function dataVersion(db: TmStore): Promise<number> {
  const { rows } = await sql<{ data_version: number }>`pragma data_version`.execute(db);
  return rows[0]?.data_version ?? 0;
}
