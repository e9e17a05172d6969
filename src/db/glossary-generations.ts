import { sql, type Kysely } from 'kysely';
import { migrateToLatest, type Store } from './connection.ts';
import { buildListMigrations, generationMigrations } from './migrations/index.ts';
import { openPostgres } from './postgres.ts';
import type { Database } from './schema.ts';
import type { GlossarySource, OpenBuild } from './glossary-source.ts';

// The glossary store in PostgreSQL (DATABASE_URL). Every build writes a generation: a
// schema of its own (glossary_build_<n>) holding the tables a SQLite store file holds,
// created, filled and made current in one transaction, so a build that fails or is
// killed leaves nothing behind and no reader ever sees half of one. Replicas read the
// current generation and hear of a new one on the change channel.

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
  readonly schema: string;
  readonly builtAt: string;
  readonly migration: string;
}

const BUILD_LIST_TABLES = { migrationTableName: 'glossary_migration', migrationLockTableName: 'glossary_migration_lock' };

/** The last migration of a generation's tables as this code writes them; an older generation is built again. */
export const GENERATION_MIGRATION = Object.keys(generationMigrations).at(-1)!;

/** Builds take this advisory lock in their transaction: one at a time, so replicas starting together build once. */
const BUILD_LOCK = 0x676c6f73; // 'glos'

/**
 * Generations kept besides the current one. A replica that has not yet switched
 * reads from the one before (the rows an edit needs, from the build it loaded), and
 * switches within a second of the build's notice; older ones are dropped.
 */
const KEPT_BEHIND = 1;

/** The channel a new generation is announced on: the journal's, whose listeners (ChangeNotices) poll for both. */
const CHANGE_CHANNEL = 'glossary_changes';

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
  const row = await (db as BuildList).selectFrom('glossary_build').select(['schema', 'built_at', 'migration']).where('current', '=', true).executeTakeFirst();
  return row && { schema: row.schema, builtAt: row.built_at, migration: row.migration };
}

export interface GenerationWrite {
  /**
   * Asked with the lock held, before anything is written: true skips this build (the
   * current generation is fresh enough: another replica built it meanwhile).
   */
  readonly skip?: (current: Generation | undefined) => boolean;
  /** Fill the new generation's tables (created already); returns the build time its meta records. */
  readonly write: (db: Store) => Promise<string>;
}

/**
 * Write a new generation in one transaction and make it current: `write` fills its
 * tables, then the list moves `current` to it, generations older than KEPT_BEHIND are
 * dropped, and the change channel is notified, all at commit. Returns the new
 * generation, or undefined when skip() said so.
 *
 *   await writeGeneration(url, { write: async (db) => { ...; return builtAt; } });
 *   // => { schema: 'glossary_build_3', builtAt: '2026-12-04T...', migration: '2026-12-04-glossary' }
 */
export async function writeGeneration(url: string, build: GenerationWrite): Promise<Generation | undefined> {
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
      const builtAt = await build.write(generation);
      await trx.updateTable('glossary_build').set({ current: false }).where('current', '=', true).execute();
      await trx.insertInto('glossary_build').values({ number, schema, built_at: builtAt, migration: GENERATION_MIGRATION, current: true }).execute();
      const old = await trx.selectFrom('glossary_build').select('schema').where('current', '=', false).orderBy('number', 'desc').offset(KEPT_BEHIND).execute();
      for (const { schema: gone } of old) {
        await sql`drop schema ${sql.id(gone)} cascade`.execute(trx);
        await trx.deleteFrom('glossary_build').where('schema', '=', gone).execute();
      }
      await sql`select pg_notify(${CHANGE_CHANNEL}, ${`build ${schema}`})`.execute(trx);
      return { schema, builtAt, migration: GENERATION_MIGRATION };
    });
  } finally {
    await db.destroy();
  }
}

/** The glossary store in PostgreSQL as the service and the CLI read it: the current generation, over a small pool of their own. */
export class GenerationSource implements GlossarySource {
  readonly name = 'DATABASE_URL';

  private constructor(private readonly db: Kysely<Database>) {}

  static async connect(url: string): Promise<GenerationSource> {
    // Reads come at a start and at an edit; a rebuild's are one at a time.
    const db = openPostgres<Database>(url, { max: 2 });
    try {
      await migrateBuildList(db);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return new GenerationSource(db);
  }

  async current(): Promise<Generation | undefined> {
    return currentGeneration(this.db);
  }

  async currentBuild(): Promise<string | undefined> {
    return (await this.current())?.schema;
  }

  async open(): Promise<OpenBuild> {
    const generation = await this.current();
    if (!generation) throw new Error('the glossary is not built in DATABASE_URL yet; run `glossary build`');
    return { db: this.db.withSchema(generation.schema), build: generation.schema, close: async () => undefined };
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
