import { sql } from 'kysely';
import { ArtifactRefused } from '../binary-artifact.ts';
import type { Store } from './connection.ts';
import { readMeta } from './glossary-repository.ts';
import { isPostgres } from './dialect.ts';

/**
 * Which build of the glossary an artifact belongs to: the store's built_at and entity
 * count. The build stamps every artifact it stores, so one from another build is
 * refused, not used.
 */
export interface BuildStamp {
  readonly builtAt: string;
  readonly entities: number;
}

/** Throws ArtifactRefused when an artifact stamped `built` is not of the build `store`. */
export function checkStamp(built: BuildStamp, store: BuildStamp): void {
  if (built.builtAt !== store.builtAt || built.entities !== store.entities) {
    throw new ArtifactRefused(`built for another build of the glossary (${built.builtAt}, ${built.entities} entities; the store is ${store.builtAt}, ${store.entities})`);
  }
}

/**
 * SQLite refuses a value over a billion bytes, and a 1,000,000-entity glossary's
 * artifacts come near or past that: an artifact is stored in parts of at most this
 * many bytes, rows `name`, `name#1`, `name#2`, ... (its format's length and checksum
 * then cover the parts joined: a missing or cut part is refused like a cut artifact).
 */
export const ARTIFACT_PART_BYTES = 256 * 1024 * 1024;

/** Store a compiled artifact (the build does, inside the store it writes, so an artifact and its rows are replaced together). */
export async function writeArtifact(db: Store, name: string, bytes: Buffer, partBytes = ARTIFACT_PART_BYTES): Promise<void> {
  const parts = Math.max(1, Math.ceil(bytes.length / partBytes));
  await db.deleteFrom('artifact').where((eb) => eb.or([eb('name', '=', name), eb('name', 'like', `${name}#%`)])).execute();
  for (let i = 0; i < parts; i++) {
    await db.insertInto('artifact').values({ name: partName(name, i), bytes: bytes.subarray(i * partBytes, (i + 1) * partBytes) }).execute();
  }
}

/** A stored artifact's bytes (its parts joined), or undefined when the store has none of that name (a store built before artifacts). */
export async function readArtifact(db: Store, name: string): Promise<Buffer | undefined> {
  // A SQLite store built before artifacts has no such table; every PostgreSQL generation has it.
  if (!isPostgres(db)) {
    const table = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name = 'artifact'`.execute(db);
    if (table.rows.length === 0) return undefined;
  }
  const first = await db.selectFrom('artifact').select('bytes').where('name', '=', name).executeTakeFirst();
  if (!first) return undefined;
  const parts = [first.bytes];
  for (let i = 1; ; i++) {
    const next = await db.selectFrom('artifact').select('bytes').where('name', '=', partName(name, i)).executeTakeFirst();
    if (!next) break;
    parts.push(next.bytes);
  }
  return parts.length === 1 ? first.bytes : Buffer.concat(parts);
}

function partName(name: string, i: number): string {
  return i === 0 ? name : `${name}#${i}`;
}

/**
 * The artifact `name` as decode reads it for this store's build, or undefined when
 * the store has none or decode refuses it (said once per store on standard error,
 * with the reason: the caller compiles from the rows instead, and a rebuild writes
 * a good one).
 */
export async function readStoredArtifact<T>(db: Store, name: string, what: string, decode: (bytes: Buffer, stamp: BuildStamp) => T): Promise<T | undefined> {
  const bytes = await readArtifact(db, name);
  if (!bytes) return undefined;
  const meta = await readMeta(db);
  try {
    return decode(bytes, { builtAt: meta.built_at ?? '', entities: Number(meta.entities) });
  } catch (error) {
    if (!(error instanceof ArtifactRefused)) throw error;
    let said = warned.get(db);
    if (!said) warned.set(db, (said = new Set()));
    if (!said.has(name)) console.error(`the glossary store's ${what} is not used: ${error.message}; compiling it from the rows (rebuild the store to fix this)`);
    said.add(name);
    return undefined;
  }
}

/** Per open store, the artifacts whose refusal was reported already: once is enough. */
const warned = new WeakMap<Store, Set<string>>();
