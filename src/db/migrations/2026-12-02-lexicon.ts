import type { Kysely } from 'kysely';

// Frozen in time: migrations never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  // One row: the lexicon of ordinary Chinese the matcher's guards segment with, packed
  // (src/db/glossary-repository.ts): words and frequencies as deflated blobs, and a
  // digest of both so a process that has it compiled already need not read them.
  await db.schema
    .createTable('lexicon')
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('words', 'blob', (c) => c.notNull())
    .addColumn('freqs', 'blob', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('lexicon').execute();
}
