import { sql, type Kysely } from 'kysely';

// Frozen in time: migrations never import application code.
// The translation memory in PostgreSQL: the SQLite migrations' end state, plus each
// segment's folded text (written by the application, which owns folding) under a
// trigram index, so that fuzzy lookups find their candidates in the database and a
// replica need not hold the memory.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await db.schema
    .createTable('tm_unit')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('attrs', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('tm_segment')
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('tm_unit.id').onDelete('cascade'))
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('markup', 'text', (c) => c.notNull())
    .addColumn('fold', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tm_segment_pk', ['unit_id', 'lang'])
    .execute();
  await sql`create index tm_segment_fold on tm_segment using gin (fold gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tm_segment').execute();
  await db.schema.dropTable('tm_unit').execute();
}
