import type { Kysely } from 'kysely';

// Frozen in time: migrations never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('entity')
    .addColumn('id', 'text', (c) => c.primaryKey())
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
    .addColumn('rowid', 'integer', (c) => c.primaryKey())
    .addColumn('entity_id', 'text', (c) => c.notNull().references('entity.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('locale', 'text')
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('latin', 'integer', (c) => c.notNull())
    .addColumn('ambiguity', 'text')
    .execute();
  await db.schema.createIndex('name_key').on('name').column('key').execute();
  await db.schema.createIndex('name_entity').on('name').column('entity_id').execute();

  await db.schema
    .createTable('pinyin')
    .addColumn('entity_id', 'text', (c) => c.notNull().references('entity.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('syllables', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('initials', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pinyin_key').on('pinyin').column('key').execute();
  await db.schema.createIndex('pinyin_initials').on('pinyin').column('initials').execute();

  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['pinyin', 'name', 'entity', 'meta']) await db.schema.dropTable(table).execute();
}
