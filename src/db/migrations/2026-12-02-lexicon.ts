import type { Kysely } from 'kysely';

// Frozen in time: migrations never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  // The lexicon words the matcher's guards need (src/match/lexicon-words.ts), folded; the lexicon's total is in meta.
  await db.schema
    .createTable('lexicon_word')
    .addColumn('word', 'text', (c) => c.notNull())
    .addColumn('freq', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('lexicon_word').execute();
}
