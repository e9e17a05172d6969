import { sql, type Kysely } from 'kysely';

// Frozen in time: migrations never import application code.
// One generation of the glossary store in PostgreSQL (run inside its own schema by the
// build that writes it): the SQLite migrations' end state in one step, with
// PostgreSQL's types. Text that is sorted or compared (ids, keys) uses the "C"
// collation, so rows come back in the order SQLite's binary comparison gives; `rowid`
// numbers rows in the order the build wrote them, as SQLite's rowid does.
export async function up(db: Kysely<any>): Promise<void> {
  const binary = sql`text collate "C"`;
  await db.schema
    .createTable('entity')
    .addColumn('id', binary, (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name_zh_cn', 'text')
    .addColumn('name_zh_tw', 'text')
    .addColumn('name_zh_hk', 'text')
    .addColumn('name_en', 'text')
    .addColumn('wikidata', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('entity_kind_id').on('entity').columns(['kind', 'id']).execute();

  await db.schema
    .createTable('name')
    .addColumn('rowid', 'serial', (c) => c.primaryKey())
    .addColumn('entity_id', binary, (c) => c.notNull().references('entity.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('key', binary, (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('locale', 'text')
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('latin', 'integer', (c) => c.notNull())
    .addColumn('ambiguity', 'text')
    .addColumn('admitted', 'text')
    .execute();
  await db.schema.createIndex('name_key').on('name').column('key').execute();
  await db.schema.createIndex('name_entity').on('name').column('entity_id').execute();

  await db.schema
    .createTable('pinyin')
    .addColumn('rowid', 'serial', (c) => c.primaryKey())
    .addColumn('entity_id', binary, (c) => c.notNull().references('entity.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('syllables', 'text', (c) => c.notNull())
    .addColumn('key', binary, (c) => c.notNull())
    .addColumn('initials', binary, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pinyin_key').on('pinyin').column('key').execute();
  await db.schema.createIndex('pinyin_initials').on('pinyin').column('initials').execute();

  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('lexicon')
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('words', 'bytea', (c) => c.notNull())
    .addColumn('freqs', 'bytea', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('artifact')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['artifact', 'lexicon', 'meta', 'pinyin', 'name', 'entity']) await db.schema.dropTable(table).execute();
}
