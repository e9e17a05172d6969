import type { Kysely } from 'kysely';

// Frozen in time: migrations never import application code.
// Per name, the regions whose media also write it (an entity's `admitted` forms), space-separated; null for none.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('name').addColumn('admitted', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('name').dropColumn('admitted').execute();
}
