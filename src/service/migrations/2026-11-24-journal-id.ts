import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

// Frozen in time: migrations never import application code.
// A store's journal gets a name of its own, made once: a build records which journal its
// change numbers belong to (a new store's numbers start again at 1).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('journal').addColumn('id', 'text', (c) => c.primaryKey()).execute();
  await db.insertInto('journal').values({ id: randomUUID() }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('journal').execute();
}
