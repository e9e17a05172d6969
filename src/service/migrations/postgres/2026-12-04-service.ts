import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

// Frozen in time: migrations never import application code.
// The service store in PostgreSQL: the SQLite migrations' end state in one step
// (tokens, the change journal, the journal's name), with PostgreSQL's own types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('token')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createTable('entity_change')
    .addColumn('seq', 'serial', (c) => c.primaryKey())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('merged', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('entity_change_entity').on('entity_change').columns(['entity_id', 'seq']).execute();
  await db.schema.createTable('journal').addColumn('id', 'text', (c) => c.primaryKey()).execute();
  await db.insertInto('journal').values({ id: randomUUID() }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('journal').execute();
  await db.schema.dropTable('entity_change').execute();
  await db.schema.dropTable('token').execute();
}
