import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { migrateToLatest, type Store } from './connection.ts';
import { buildListMigrations, generationMigrations } from './migrations/postgres/index.ts';
import { openPostgres } from './postgres.ts';
import type { Database } from './schema.ts';
import type { GlossarySource, OpenBuild } from './glossary-source.ts';
import { CHANGE_CHANNEL } from './change-channel.ts';

// The glossary store in PostgreSQL (DATABASE_URL). Every build writes a generation: a
// schema of its own (glossary_build_<n>) holding the tables a SQLite store file holds,
// created, filled and made current in one transaction, so a build that fails or is
// killed leaves nothing behind and no reader ever sees half of one. Replicas read the
// current generation and hear of a new one on the change channel. A process pins the
// generation it reads (a shared advisory lock, held by a connection of its own), and a
// build drops only the generations nobody pins: a replica still on an older one, or
// one that refused a build, keeps reading its own.

interface BuildRow {
  number: number;
  schema: string;
  built_at: string;
  migration: string;
  current: boolean;
}

type BuildList = Kysely<{ glossary_build: BuildRow }>;

/** A generation of the glossary store: its schema, when it was built, and the migration its tables are at. */
export interface Generation {
  readonly number: number;
  readonly schema: string;
  readonly builtAt: string;
  readonly migration: string;
}

const BUILD_LIST_TABLES = { migrationTableName: 'glossary_migration', migrationLockTableName: 'glossary_migration_lock' };

/** The last migration of a generation's tables as this code writes them; an older generation is built again. */
export const GENERATION_MIGRATION = Object.keys(generationMigrations).at(-1)!;

/**
 * Does this generation serve as it is: there is one, and its tables are at this
 * version's migration or a later one (a replica of the version before, starting
 * during an upgrade, must not build over a newer version's generation)?
 */
export function isFresh(current: Generation | undefined): boolean {
  return current !== undefined && current.migration >= GENERATION_MIGRATION;
}

/** Builds take this advisory lock in their transaction: one at a time, so replicas starting together build once. */
const BUILD_LOCK = 0x676c6f73; // 'glos'

/**
 * Readers pin generation n with a shared advisory lock on (PIN_SPACE, n); a build drops
 * only those it can lock alone. Two-key locks never meet BUILD_LOCK's one key.
 */
const PIN_SPACE = BUILD_LOCK;

/** Create the list of generations if this database has none yet (`glossary migrate`, every build, every reader). */
export async function migrateBuildList(db: Kysely<any>): Promise<string[]> {
  return migrateToLatest(db, buildListMigrations, BUILD_LIST_TABLES);
}

/** migrateBuildList for `glossary migrate`: on its own connection, closed after. */
export async function migrateGlossaryStore(url: string): Promise<string[]> {
  const db = openPostgres(url, { max: 1 });
  try {
    return await migrateBuildList(db);
  } finally {
    await db.destroy();
  }
}

/** The generation readers use now, or undefined before the first build. */
export async function currentGeneration(db: Kysely<any>): Promise<Generation | undefined> {
  const row = await (db as BuildList).selectFrom('glossary_build').select(['number', 'schema', 'built_at', 'migration']).where('current', '=', true).executeTakeFirst();
  return row && { number: row.number, schema: row.schema, builtAt: row.built_at, migration: row.migration };
}

export interface GenerationWrite<T extends { readonly builtAt: string }> {
  /**
   * Asked with the lock held, before anything is written: true skips this build (the
   * current generation is fresh enough: another replica built it meanwhile).
   */
  readonly skip?: (current: Generation | undefined) => boolean;
  /** Fill the new generation's tables (created already); returns what it wrote, with the build time its meta records. */
  readonly write: (db: Store) => Promise<T>;
}

/**
 * Write a new generation in one transaction and make it current: `write` fills its
 * tables, then the list moves `current` to it, the generations no process pins are
 * dropped, and the change channel is notified, all at commit. Returns the new
 * generation, or undefined when skip() said so. The build compiles inside the
 * transaction (seconds, a minute at a million names): a server that ends idle
 * transactions (idle_in_transaction_session_timeout) must allow that long.
 *
 *   await writeGeneration(url, { write: async (db) => { ...; return { builtAt }; } });
 *   // => { generation: { schema: 'glossary_build_3', builtAt: '2026-12-04T...', ... }, written: { builtAt } }
 */
export async function writeGeneration<T extends { readonly builtAt: string }>(url: string, build: GenerationWrite<T>): Promise<{ generation: Generation; written: T } | undefined> {
  const db = openPostgres<{ glossary_build: BuildRow }>(url, { max: 1 });
  try {
    await migrateBuildList(db);
    return await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${BUILD_LOCK})`.execute(trx);
      if (build.skip?.(await currentGeneration(trx))) return undefined;
      const { rows } = await sql<{ number: string }>`select nextval('glossary_build_number') as number`.execute(trx);
      const number = Number(rows[0]!.number);
      const schema = `glossary_build_${number}`;
      await sql`create schema ${sql.id(schema)}`.execute(trx);
      const generation = trx.withSchema(schema) as unknown as Store;
      for (const migration of Object.values(generationMigrations)) await migration.up(generation);
      const written = await build.write(generation);
      await trx.updateTable('glossary_build').set({ current: false }).where('current', '=', true).execute();
      await trx.insertInto('glossary_build').values({ number, schema, built_at: written.builtAt, migration: GENERATION_MIGRATION, current: true }).execute();
      const old = await trx.selectFrom('glossary_build').select(['number', 'schema']).where('current', '=', false).execute();
      for (const gone of old) {
        // Held to commit: a reader pinning it meanwhile waits, then finds it gone and takes the new one.
        const { rows: lock } = await sql<{ free: boolean }>`select pg_try_advisory_xact_lock(${PIN_SPACE}, ${gone.number}) as free`.execute(trx);
        if (!lock[0]!.free) continue; // still read: a later build drops it
        await sql`drop schema ${sql.id(gone.schema)} cascade`.execute(trx);
        await trx.deleteFrom('glossary_build').where('number', '=', gone.number).execute();
      }
      await sql`select pg_notify(${CHANGE_CHANNEL}, ${`build ${schema}`})`.execute(trx);
      return { generation: { number, schema, builtAt: written.builtAt, migration: GENERATION_MIGRATION }, written };
    });
  } finally {
    await db.destroy();
  }
}

/**
 * The glossary store in PostgreSQL as the service and the CLI read it: the current
 * generation, over a small pool of their own, pinned while open by a connection that
 * holds the pins.
 */
export class GenerationSource implements GlossarySource {
  readonly name = 'DATABASE_URL';
  private pins: Promise<pg.Client> | undefined;

  private constructor(
    private readonly url: string,
    private readonly db: Kysely<Database>,
  ) {}

  static async connect(url: string): Promise<GenerationSource> {
    // Reads come at a start and at an edit; a rebuild's are one at a time.
    const db = openPostgres<Database>(url, { max: 2 });
    try {
      await migrateBuildList(db);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return new GenerationSource(url, db);
  }

  async current(): Promise<Generation | undefined> {
    return currentGeneration(this.db);
  }

  async currentBuild(): Promise<string | undefined> {
    return (await this.current())?.schema;
  }

  async isFresh(): Promise<boolean> {
    return isFresh(await this.current());
  }

  /**
   * The current generation, pinned until close(). A build may make another current
   * and drop this one between the read and the pin: then it is not listed any more,
   * and the next current one is taken.
   */
  async open(): Promise<OpenBuild> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const generation = await this.current();
      if (!generation) throw new Error('the glossary is not built in DATABASE_URL yet; run `glossary build`');
      if (generation.migration > GENERATION_MIGRATION) {
        throw new Error(`the current glossary build (${generation.schema}) was written by a newer version of this program (its tables are at ${generation.migration}, this one knows up to ${GENERATION_MIGRATION}); upgrade this one`);
      }
      const pins = await this.pinConnection();
      await pins.query('select pg_advisory_lock_shared($1, $2)', [PIN_SPACE, generation.number]);
      const { rows: listed } = await sql`select 1 from glossary_build where number = ${generation.number}`.execute(this.db);
      const unpin = () => pins.query('select pg_advisory_unlock_shared($1, $2)', [PIN_SPACE, generation.number]).then(() => undefined, () => undefined);
      if (listed.length > 0) return { db: this.db.withSchema(generation.schema), build: generation.schema, close: unpin };
      await unpin();
    }
    throw new Error('the glossary store in DATABASE_URL was rebuilt five times while this process opened it; try again');
  }

  /** The connection that holds this process's pins: when it is lost (PostgreSQL restarting), so are they, and the next open makes another. */
  private pinConnection(): Promise<pg.Client> {
    return (this.pins ??= (async () => {
      const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000 });
      client.on('error', () => undefined);
      client.on('end', () => (this.pins = undefined));
      try {
        await client.connect();
        return client;
      } catch (error) {
        this.pins = undefined;
        throw error;
      }
    })());
  }

  async close(): Promise<void> {
    const pins = this.pins;
    this.pins = undefined;
    await (await pins?.catch(() => undefined))?.end().catch(() => undefined);
    await this.db.destroy();
  }
}
