import { sql } from 'kysely';
import type { Store } from './connection.ts';

/** Store a compiled artifact (the build does, inside the store it writes, so an artifact and its rows are replaced together). */
export async function writeArtifact(db: Store, name: string, bytes: Buffer): Promise<void> {
  await db.insertInto('artifact').values({ name, bytes }).onConflict((oc) => oc.column('name').doUpdateSet({ bytes })).execute();
}

/** A stored artifact's bytes, or undefined when the store has none of that name (a store built before artifacts). */
export async function readArtifact(db: Store, name: string): Promise<Buffer | undefined> {
  const table = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name = 'artifact'`.execute(db);
  if (table.rows.length === 0) return undefined;
  const row = await db.selectFrom('artifact').select('bytes').where('name', '=', name).executeTakeFirst();
  return row?.bytes;
}
