import { ArtifactRefused, arrayOf, fromArtifactFile, packArtifact, unpackArtifact, type StoredArray } from '../binary-artifact.ts';
import type { KeyTrieParts } from '../match/key-trie.ts';
import { openccVersion } from '../opencc.ts';
import { stringOfUnits, unitsOf } from '../utf16.ts';
import { compileConfig } from './opencc-config.ts';
import { HEADS_LENGTH, PhraseAutomaton, type PhraseAutomatonParts } from './phrase-automaton.ts';

/** The OpenCC configurations opencc-js ships a config for (jp2t and t2jp left out: nothing here needs them). */
export const OPENCC_CONFIGS = ['s2t', 's2tw', 's2twp', 's2hk', 's2hkp', 't2s', 'tw2s', 'tw2sp', 'hk2s', 'hk2sp', 'tw2t', 'hk2t', 't2hk', 't2tw'] as const;
export type OpenccConfigName = (typeof OPENCC_CONFIGS)[number];

/** The configurations canonicalize --convert and the script converters use (locale.ts), compiled into dist/ by `npm run compile`. */
export const SHIPPED_CONFIGS: readonly OpenccConfigName[] = ['tw2sp', 's2t', 's2tw', 's2twp', 's2hk', 'hk2s'];

const KIND = 'opencc-phrases-v2';

/**
 * Automata compiled or read in this process, one per configuration. Immutable, so
 * shared: every ScriptConverters (a snapshot's, an edit's) would otherwise read or,
 * run from src/, compile them again (half a second for an s2* one).
 */
const loaded = new Map<OpenccConfigName, PhraseAutomaton>();

/**
 * Configuration `name` as one automaton: read from opencc-<name>.bin beside the
 * compiled code (dist/) when that file is whole and compiled from the installed
 * opencc-js, else compiled from opencc-js here (slower to start, same result).
 *
 * openccPhrases('s2twp').convert('软件') -> '軟體'
 */
export function openccPhrases(name: OpenccConfigName): PhraseAutomaton {
  let automaton = loaded.get(name);
  if (!automaton) {
    automaton = loadPhrases(name, artifactFile(name)).automaton;
    loaded.set(name, automaton);
  }
  return automaton;
}

/** Configuration name from the artifact file when it is there and good, else compiled; and which it was. */
export function loadPhrases(name: OpenccConfigName, file: URL | string): { readonly automaton: PhraseAutomaton; readonly from: 'artifact' | 'compiled' } {
  const read = fromArtifactFile(file, (bytes) => readPhrasesArtifact(bytes, name));
  return read ? { automaton: read, from: 'artifact' } : { automaton: compilePhrases(name), from: 'compiled' };
}

/** Where `npm run compile` writes configuration name's artifact, relative to this module as bundled into dist/. */
export function artifactFile(name: OpenccConfigName): URL {
  return new URL(`./opencc-${name}.bin`, import.meta.url);
}

/** Configuration name compiled from opencc-js's dictionaries (about half a second for an s2* one). */
export function compilePhrases(name: OpenccConfigName): PhraseAutomaton {
  const { phrases, normalization } = compileConfig(name);
  return PhraseAutomaton.build(phrases, normalization);
}

interface TrieMeta {
  readonly mask: number;
  readonly states: number;
  readonly pairMask: number;
}

interface Meta {
  /** The opencc-js version and configuration it was compiled from. */
  readonly opencc: string;
  readonly config: string;
  readonly trie: TrieMeta;
  readonly normalization: { readonly trie: TrieMeta; readonly first: boolean } | null;
}

/** The bytes of opencc-<name>.bin: the automaton's tables, stamped with the opencc-js version and the configuration. */
export function phrasesArtifact(automaton: PhraseAutomaton, name: OpenccConfigName, version = openccVersion()): Buffer {
  const parts = automaton.parts();
  const arrays: Record<string, StoredArray> = {};
  storeParts(arrays, '', parts);
  const n = parts.normalization;
  if (n) {
    storeParts(arrays, 'normalization.', n.parts);
    arrays['normalization.firsts'] = unitsOf(n.firsts);
  }
  const meta: Meta = { opencc: version, config: name, trie: trieMeta(parts.trie), normalization: n ? { trie: trieMeta(n.parts.trie), first: n.first } : null };
  return packArtifact(KIND, meta, arrays);
}

/**
 * The automaton in an opencc-<name>.bin; throws ArtifactRefused when the file is
 * damaged, holds another configuration, or was compiled from another opencc-js.
 */
export function readPhrasesArtifact(bytes: Buffer, name: OpenccConfigName): PhraseAutomaton {
  const { meta, arrays } = unpackArtifact(bytes, KIND);
  const m = meta as Meta;
  if (m.config !== name) throw new ArtifactRefused(`holds OpenCC config ${m.config}, not ${name}`);
  const version = openccVersion();
  if (m.opencc !== version) throw new ArtifactRefused(`was compiled from opencc-js ${m.opencc}, not the installed ${version}`);
  const normalization = m.normalization
    ? {
        parts: readParts(arrays, 'normalization.', m.normalization.trie, undefined),
        firsts: stringOfUnits(arrayOf(arrays, 'normalization.firsts', Uint16Array)),
        first: m.normalization.first,
      }
    : undefined;
  return PhraseAutomaton.fromParts(readParts(arrays, '', m.trie, normalization));
}

function trieMeta(trie: KeyTrieParts): TrieMeta {
  return { mask: trie.mask, states: trie.states, pairMask: trie.pairMask };
}

function storeParts(arrays: Record<string, StoredArray>, prefix: string, parts: PhraseAutomatonParts): void {
  arrays[`${prefix}trie.firsts`] = parts.trie.firsts;
  arrays[`${prefix}trie.edges`] = parts.trie.edges;
  arrays[`${prefix}trie.pairBits`] = parts.trie.pairBits;
  arrays[`${prefix}segmenting`] = parts.segmenting;
  arrays[`${prefix}values.units`] = parts.valueUnits;
  arrays[`${prefix}values.offsets`] = parts.valueOffsets;
  arrays[`${prefix}heads`] = parts.heads;
}

function readParts(arrays: Record<string, StoredArray>, prefix: string, trie: TrieMeta, normalization: PhraseAutomatonParts['normalization']): PhraseAutomatonParts {
  const firsts = arrayOf(arrays, `${prefix}trie.firsts`, Int32Array);
  const edges = arrayOf(arrays, `${prefix}trie.edges`, Int32Array);
  const pairBits = arrayOf(arrays, `${prefix}trie.pairBits`, Int32Array);
  const segmenting = arrayOf(arrays, `${prefix}segmenting`, Uint8Array);
  const valueUnits = arrayOf(arrays, `${prefix}values.units`, Uint16Array);
  const valueOffsets = arrayOf(arrays, `${prefix}values.offsets`, Int32Array);
  const heads = arrayOf(arrays, `${prefix}heads`, Int32Array);
  // The scan indexes these without bounds checks of its own: sizes that disagree are a damaged file.
  const fits =
    firsts.length === 0x10000 * 4 &&
    edges.length === (trie.mask + 1) * 4 &&
    pairBits.length === (trie.pairMask + 1) >>> 5 &&
    segmenting.length === valueOffsets.length - 1 &&
    valueOffsets[valueOffsets.length - 1] === valueUnits.length &&
    heads.length === HEADS_LENGTH;
  if (!fits) throw new ArtifactRefused(`has tables of the wrong size (the ${prefix ? 'normalization' : 'main'} automaton)`);
  return { trie: { firsts, edges, pairBits, mask: trie.mask, states: trie.states, pairMask: trie.pairMask }, segmenting, valueUnits, valueOffsets, heads, normalization };
}
