import { sql, type Kysely } from 'kysely';

// Frozen in time: migrations never import application code.
// The glossary store in PostgreSQL keeps each build in a schema of its own (a
// generation, `glossary_build_<n>`); this table lists them and marks the one to read.
// A build writes its schema and moves `current` to it in one transaction.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('glossary_build')
    .addColumn('number', 'integer', (c) => c.primaryKey())
    .addColumn('schema', 'text', (c) => c.notNull().unique())
    .addColumn('built_at', 'text', (c) => c.notNull())
    // The last migration of the generation's own tables (2026-12-04-glossary.ts): a
    // generation older than the code reading it is built again, not read.
    .addColumn('migration', 'text', (c) => c.notNull())
    .addColumn('current', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  // At most one current build.
  await db.schema.createIndex('glossary_build_current').on('glossary_build').column('current').unique().where('current', '=', true).execute();
  // Numbers the generations' schemas; never reused, so a dropped schema's name does not come back.
  await sql`create sequence glossary_build_number`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('glossary_build').execute();
  await sql`drop sequence glossary_build_number`.execute(db);
}
