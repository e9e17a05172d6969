import { sql, type Kysely } from 'kysely';

/**
 * Unit ids are never reused: a client or a history that remembers unit 3 must not
 * find another unit under that id after 3 was deleted. SQLite reuses the highest
 * rowid unless the key is AUTOINCREMENT, which only a new table can add; this is
 * SQLite's documented table rebuild, with foreign keys off so that dropping the old
 * table does not cascade to the segments.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await sql`create table tm_unit_next (id integer primary key autoincrement, hash text not null unique, attrs text not null, created_at text not null)`.execute(trx);
      await sql`insert into tm_unit_next (id, hash, attrs, created_at) select id, hash, attrs, created_at from tm_unit`.execute(trx);
      await sql`drop table tm_unit`.execute(trx);
      await sql`alter table tm_unit_next rename to tm_unit`.execute(trx);
      const { rows } = await sql`pragma foreign_key_check`.execute(trx);
      if (rows.length > 0) throw new Error(`foreign key check failed after rebuilding tm_unit: ${JSON.stringify(rows.slice(0, 3))}`);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export async function down(): Promise<void> {
  // Going back would only allow ids to be reused again; nothing to undo.
}
