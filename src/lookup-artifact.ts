import { arrayOf, packArtifact, unpackArtifact, type StoredArray } from './binary-artifact.ts';
import { checkStamp, readStoredArtifact, type BuildStamp } from './db/artifact-repository.ts';
import type { Store } from './db/connection.ts';
import { LookupIndex, type LookupParts } from './lookup.ts';
import { readTable, storeTable } from './string-table.ts';

/**
 * The lookup index as the build stores it (artifact 'lookup'): its tables as typed
 * arrays, stamped with the build it belongs to.
 */
const KIND = 'lookup-v1';
/** Its name in the store's artifact table. */
export const LOOKUP_ARTIFACT = 'lookup';
const TABLES = ['entityIds', 'matched'] as const;
const INDEXES = ['byKey', 'byPinyin', 'byInitials'] as const;

export function lookupArtifact(index: LookupIndex, stamp: BuildStamp): Buffer {
  const p = index.parts;
  const arrays: Record<string, StoredArray> = { byLength: p.byLength, lengthStart: p.lengthStart, lengthMasks: p.lengthMasks };
  for (const name of TABLES) storeTable(arrays, name, p[name]);
  for (const name of INDEXES) {
    const r = p[name];
    storeTable(arrays, `${name}.keys`, r.keys);
    arrays[`${name}.start`] = r.start;
    arrays[`${name}.entity`] = r.entity;
    arrays[`${name}.matched`] = r.matched;
  }
  return packArtifact(KIND, stamp, arrays);
}

/** The index in an artifact, if it was built with the store stamped so; throws ArtifactRefused. */
export function lookupFromArtifact(bytes: Buffer, stamp: BuildStamp): LookupIndex {
  const { meta, arrays } = unpackArtifact(bytes, KIND);
  checkStamp(meta as BuildStamp, stamp);
  const i32 = (name: string) => arrayOf(arrays, name, Int32Array);
  const table = (name: string) => readTable(arrayOf(arrays, `${name}.units`, Uint16Array), i32(`${name}.offsets`));
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

/** The lookup index the build stored with the store's rows, or undefined (readStoredArtifact). */
export function readStoredLookup(db: Store): Promise<LookupIndex | undefined> {
  return readStoredArtifact(db, LOOKUP_ARTIFACT, 'lookup index', lookupFromArtifact);
}
