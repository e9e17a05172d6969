import { ArtifactRefused, arrayOf, packArtifact, unpackArtifact, type StoredArray } from './binary-artifact.ts';
import { checkStamp, readArtifact, readStoredArtifact, type BuildStamp } from './db/artifact-repository.ts';
import type { Store } from './db/connection.ts';
import type { CandidateAmbiguity } from './match/candidate-table.ts';
import type { PackedLexicon } from './match/lexicon-words.ts';
import { Matcher, type MatcherCoreParts } from './match/matcher.ts';
import { SortedKeys } from './match/sorted-keys.ts';
import { readTable, storeTable } from './string-table.ts';

/**
 * The compiled matcher as the build stores it (artifact 'matcher'): the names' trie,
 * the keys and their candidates, and the guards compiled against the store's lexicon,
 * as typed arrays. Stamped with the build and the lexicon's digest: guards compiled
 * against another lexicon would segment with the wrong words.
 */
const KIND = 'matcher-v3';
const TRIE_KIND = 'matcher-trie-v1';
export const MATCHER_ARTIFACT = 'matcher';
/** The names' trie, apart: a process that scans a short text reads the rest only (Matcher.forTexts). */
export const MATCHER_TRIE_ARTIFACT = 'matcher-trie';

interface Meta extends BuildStamp {
  readonly lexicon: string | null;
  readonly ambiguous: readonly (readonly [number, CandidateAmbiguity])[];
}

interface TrieMeta extends BuildStamp {
  readonly trie: { readonly mask: number; readonly states: number; readonly pairMask: number };
}

/** The matcher's two artifacts: its trie, and the rest (with its keys in sorted order, for Matcher.forTexts). */
export function matcherArtifacts(matcher: Matcher, stamp: BuildStamp, lexicon: PackedLexicon | undefined): { core: Buffer; trie: Buffer } {
  const p = matcher.parts();
  const c = p.candidates;
  const trieMeta: TrieMeta = { ...stamp, trie: { mask: p.trie.mask, states: p.trie.states, pairMask: p.trie.pairMask } };
  const trie = packArtifact(TRIE_KIND, trieMeta, { firsts: p.trie.firsts, edges: p.trie.edges, pairBits: p.trie.pairBits });
  const arrays: Record<string, StoredArray> = {
    sortedKeys: SortedKeys.of(p.keys).order,
    plainIndex: p.plainIndex!,
    'candidates.keyStart': c.keyStart,
    'candidates.entity': c.entity,
    'candidates.form': c.form,
    'candidates.type': c.type,
    'candidates.latin': c.latin,
    'candidates.admittedIn': c.admittedIn,
    'candidates.homeRegions': c.homeRegions,
    capitalsOnly: p.capitalsOnly,
    regionMarks: p.regionMarks,
    capitalizedOnly: p.capitalizedOnly,
  };
  storeTable(arrays, 'keys', p.keys);
  storeTable(arrays, 'entityIds', c.entityIds);
  if (p.guards) {
    arrays['guards.nameLog'] = p.guards.nameLog;
    arrays['guards.guarded'] = p.guards.guarded;
    arrays['crossings.beforeStart'] = p.guards.crossings.beforeStart;
    arrays['crossings.beforeUnits'] = p.guards.crossings.beforeUnits;
    arrays['crossings.afterStart'] = p.guards.crossings.afterStart;
    arrays['crossings.afterUnits'] = p.guards.crossings.afterUnits;
  }
  const meta: Meta = { ...stamp, lexicon: p.guards && lexicon?.digest ? lexicon.digest : null, ambiguous: [...c.ambiguous] };
  return { core: packArtifact(KIND, meta, arrays), trie };
}

/** The matcher in its two artifacts; throws ArtifactRefused (matcherCoreFromArtifact). */
export function matcherFromArtifacts(core: Buffer, trie: Buffer, stamp: BuildStamp, lexicon: PackedLexicon | undefined): Matcher {
  const { parts } = matcherCoreFromArtifact(core, stamp, lexicon);
  const { meta: stored, arrays } = unpackArtifact(trie, TRIE_KIND);
  const meta = stored as TrieMeta;
  checkStamp(meta, stamp);
  const i32 = (name: string) => arrayOf(arrays, name, Int32Array);
  return Matcher.fromParts({ ...parts, trie: { firsts: i32('firsts'), edges: i32('edges'), pairBits: i32('pairBits'), ...meta.trie } }, lexicon ?? null);
}

/**
 * All of the matcher but its trie, if it was built with the store stamped so and its
 * guards with this lexicon; throws ArtifactRefused.
 */
export function matcherCoreFromArtifact(bytes: Buffer, stamp: BuildStamp, lexicon: PackedLexicon | undefined): { parts: MatcherCoreParts; sortedKeys: SortedKeys } {
  const { meta: stored, arrays } = unpackArtifact(bytes, KIND);
  const meta = stored as Meta;
  checkStamp(meta, stamp);
  if ((meta.lexicon ?? undefined) !== lexicon?.digest) throw new ArtifactRefused(`compiled with another lexicon (${meta.lexicon ?? 'none'}; the store has ${lexicon?.digest ?? 'none'})`);
  const i32 = (name: string) => arrayOf(arrays, name, Int32Array);
  const u8 = (name: string) => arrayOf(arrays, name, Uint8Array);
  const u16 = (name: string) => arrayOf(arrays, name, Uint16Array);
  const table = (name: string) => readTable(u16(`${name}.units`), i32(`${name}.offsets`));
  const parts: MatcherCoreParts = {
    keys: table('keys'),
    plainIndex: i32('plainIndex'),
    candidates: {
      keyStart: i32('candidates.keyStart'),
      entity: i32('candidates.entity'),
      form: u8('candidates.form'),
      type: u8('candidates.type'),
      latin: u8('candidates.latin'),
      admittedIn: u8('candidates.admittedIn'),
      homeRegions: u8('candidates.homeRegions'),
      entityIds: table('entityIds'),
      ambiguous: new Map(meta.ambiguous),
    },
    capitalsOnly: u8('capitalsOnly'),
    regionMarks: u8('regionMarks'),
    capitalizedOnly: u8('capitalizedOnly'),
    guards: meta.lexicon
      ? {
          nameLog: arrayOf(arrays, 'guards.nameLog', Float64Array),
          guarded: u8('guards.guarded'),
          crossings: { beforeStart: i32('crossings.beforeStart'), beforeUnits: u16('crossings.beforeUnits'), afterStart: i32('crossings.afterStart'), afterUnits: u16('crossings.afterUnits') },
        }
      : null,
  };
  return { parts, sortedKeys: new SortedKeys(parts.keys, i32('sortedKeys')) };
}

/** The matcher the build stored with the store's rows, or undefined (readStoredArtifact). */
export async function readStoredMatcher(db: Store, lexicon: PackedLexicon | undefined): Promise<Matcher | undefined> {
  const trie = await readArtifact(db, MATCHER_TRIE_ARTIFACT);
  if (!trie) return undefined;
  return readStoredArtifact(db, MATCHER_ARTIFACT, 'compiled matcher', (bytes, stamp) => matcherFromArtifacts(bytes, trie, stamp, lexicon));
}

/** All of the stored matcher but its trie, or undefined (readStoredArtifact). */
export function readStoredMatcherCore(db: Store, lexicon: PackedLexicon | undefined): Promise<{ parts: MatcherCoreParts; sortedKeys: SortedKeys } | undefined> {
  return readStoredArtifact(db, MATCHER_ARTIFACT, 'compiled matcher', (bytes, stamp) => matcherCoreFromArtifact(bytes, stamp, lexicon));
}
