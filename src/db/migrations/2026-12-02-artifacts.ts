import type { Kysely } from 'kysely';

// Frozen in time: migrations never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  // Compiled tables the build writes beside the rows they were compiled from (the
  // lookup index), so a process maps them instead of reading every row and compiling
  // again: one row per artifact, its bytes in src/binary-artifact.ts's format.
  await db.schema
    .createTable('artifact')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('bytes', 'blob', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('artifact').execute();
}
