import { ArtifactRefused, arrayOf, packArtifact, unpackArtifact, type StoredArray } from './binary-artifact.ts';
import { readArtifact } from './db/artifact-repository.ts';
import type { Store } from './db/connection.ts';
import { readMeta } from './db/glossary-repository.ts';
import { LookupIndex, StringTable, type LookupParts } from './lookup.ts';

/**
 * The lookup index as the build stores it (artifact 'lookup'): its tables as typed
 * arrays, stamped with the build it belongs to (the store's built_at and entity
 * count), so an artifact from another build of the glossary is refused, not used.
 */
const KIND = 'lookup-v1';
/** Its name in the store's artifact table. */
export const LOOKUP_ARTIFACT = 'lookup';
const TABLES = ['entityIds', 'matched'] as const;
const INDEXES = ['byKey', 'byPinyin', 'byInitials'] as const;

export interface BuildStamp {
  readonly builtAt: string;
  readonly entities: number;
}

export function lookupArtifact(index: LookupIndex, stamp: BuildStamp): Buffer {
  const p = index.parts;
  const arrays: Record<string, StoredArray> = { byLength: p.byLength, lengthStart: p.lengthStart, lengthMasks: p.lengthMasks };
  const table = (name: string, t: StringTable) => {
    arrays[`${name}.units`] = unitsOf(t.all);
    arrays[`${name}.offsets`] = t.offsets;
  };
  for (const name of TABLES) table(name, p[name]);
  for (const name of INDEXES) {
    const r = p[name];
    table(`${name}.keys`, r.keys);
    arrays[`${name}.start`] = r.start;
    arrays[`${name}.entity`] = r.entity;
    arrays[`${name}.matched`] = r.matched;
  }
  return packArtifact(KIND, stamp, arrays);
}

/** The index in an artifact, if it was built with the store stamped so; throws ArtifactRefused. */
export function lookupFromArtifact(bytes: Buffer, stamp: BuildStamp): LookupIndex {
  const { meta, arrays } = unpackArtifact(bytes, KIND);
  const built = meta as BuildStamp;
  if (built.builtAt !== stamp.builtAt || built.entities !== stamp.entities) {
    throw new ArtifactRefused(`built for another build of the glossary (${built.builtAt}, ${built.entities} entities; the store is ${stamp.builtAt}, ${stamp.entities})`);
  }
  const i32 = (name: string) => arrayOf(arrays, name, Int32Array);
  const table = (name: string) => new StringTable(stringOf(arrayOf(arrays, `${name}.units`, Uint16Array)), i32(`${name}.offsets`));
  const index = (name: string) => ({ keys: table(`${name}.keys`), start: i32(`${name}.start`), entity: i32(`${name}.entity`), matched: i32(`${name}.matched`) });
  const parts: LookupParts = {
    entityIds: table('entityIds'),
    matched: table('matched'),
    byKey: index('byKey'),
    byPinyin: index('byPinyin'),
    byInitials: index('byInitials'),
    byLength: i32('byLength'),
    lengthStart: i32('lengthStart'),
    lengthMasks: i32('lengthMasks'),
  };
  return LookupIndex.fromParts(parts);
}

function unitsOf(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}

/** The units back as a string, lone surrogates and all (Node's UTF-16 decoding copies units as they are). */
function stringOf(units: Uint16Array): string {
  return Buffer.from(units.buffer, units.byteOffset, units.byteLength).toString('utf16le');
}

/**
 * The lookup index the build stored with the store's rows, or undefined when it has
 * none or refuses it (said on standard error with the reason: the caller compiles the
 * index from the rows instead, and a rebuild writes a good one).
 */
export async function readStoredLookup(db: Store): Promise<LookupIndex | undefined> {
  const bytes = await readArtifact(db, LOOKUP_ARTIFACT);
  if (!bytes) return undefined;
  const meta = await readMeta(db);
  try {
    return lookupFromArtifact(bytes, { builtAt: meta.built_at ?? '', entities: Number(meta.entities) });
  } catch (error) {
    if (!(error instanceof ArtifactRefused)) throw error;
    if (!warned.has(db)) console.error(`the glossary store's lookup index is not used: ${error.message}; compiling it from the rows (rebuild the store to fix this)`);
    warned.add(db);
    return undefined;
  }
}

/** Stores whose refused index was reported already: once per open store is enough. */
const warned = new WeakSet<Store>();
