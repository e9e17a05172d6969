import { opencc } from '../opencc.ts';
import type { OpenccConfigName } from './opencc-phrases.ts';
import type { PhraseTable } from './phrase-automaton.ts';

/**
 * Compile time only: what an OpenCC configuration of opencc-js makes of each key a
 * one-pass automaton needs (phrase-automaton.ts). The run time never loads this
 * module's dictionaries when the compiled artifact is good.
 */

type DictLike = string | readonly (readonly [string, string])[];
type DictGroup = readonly DictLike[];

/** opencc-js's preset configs/*: the types it publishes leave normalizationChain out. */
interface OpenccConfig {
  readonly normalizationChain?: readonly DictGroup[];
  readonly segmentation?: DictLike | DictGroup;
  readonly conversionChain: readonly DictGroup[];
}

/** A later-stage key gets at most this many spellings under stage 1 (the key itself included). */
const PREIMAGE_CAP = 64;

/**
 * The key set and values of configuration `name`, and of its normalization:
 * every key's value is what opencc-js's converter for the configuration makes of
 * the key written alone.
 *
 * compileConfig('s2twp').phrases: keys 软件, 软, ... with values 軟體, 軟, ...
 */
export function compileConfig(name: OpenccConfigName): { readonly phrases: PhraseTable; readonly normalization: PhraseTable | undefined } {
  const config = configOf(name);
  const convert = opencc().Converter(converterOptions(name));
  const phrases = tableOf(segmentationKeys(config.segmentation), config.conversionChain, convert);
  const chain = config.normalizationChain;
  const normalization = chain && chain.length > 0 ? tableOf(new Set(), chain, opencc().ConverterFactory(...(chain as DictGroup[]))) : undefined;
  return { phrases, normalization };
}

/**
 * The options opencc-js's Converter takes for a configuration: its config is found
 * by name from them (core.js getConfigName), so this is the inverse of that.
 * converterOptions('tw2sp') -> { from: 'twp', to: 'cn' }
 */
export function converterOptions(name: OpenccConfigName): { from: string; to: string } {
  const [from, to] = name.split('2') as [string, string];
  if (from === 's') return { from: 'cn', to };
  if (to === 'sp') return { from: `${from}p`, to: 'cn' };
  if (to === 's') return { from, to: 'cn' };
  return { from, to };
}

function configOf(name: OpenccConfigName): OpenccConfig {
  const configs = (opencc().Locale as unknown as { configs: Record<string, OpenccConfig> }).configs;
  const config = configs[name];
  if (!config) throw new Error(`opencc-js has no config ${name}`);
  return config;
}

/**
 * Keys and values for a segmentation and a conversion chain. Keys: the segmentation's
 * (flagged: a text is cut there first), stage 1's, and each later stage's, with the
 * spellings stage 1 maps onto them character by character, so that a later stage's
 * phrase is found in the text that stage 1 would turn into it.
 */
function tableOf(segmentation: ReadonlySet<string>, chain: readonly DictGroup[], convert: (text: string) => string): PhraseTable {
  const keys = new Set<string>(segmentation);
  const [first, ...later] = chain.map(groupOf);
  if (!first) throw new Error('an OpenCC config with no conversion stage');
  for (const key of first.keys()) keys.add(key);
  const preimages = preimagesOf(first);
  for (const stage of later) {
    for (const key of stage.keys()) for (const spelling of spellings(key, preimages)) keys.add(spelling);
  }
  const list = [...keys];
  // One call for all keys: no key holds a line break, so no phrase or segment spans one.
  if (list.some((k) => k.includes('\n') || /[\u2ff0-\u2fff]/.test(k))) throw new Error('an OpenCC key holds a line break or an ideographic description character');
  const values = convert(list.join('\n')).split('\n');
  if (values.length !== list.length) throw new Error('an OpenCC value holds a line break');
  return { keys: list, values, segmenting: Uint8Array.from(list, (k) => (segmentation.has(k) ? 1 : 0)) };
}

function segmentationKeys(segmentation: DictLike | DictGroup | undefined): Set<string> {
  if (!segmentation) return new Set();
  // As core.js: an array of serialized dictionaries is a group, anything else one dictionary.
  const group = Array.isArray(segmentation) && segmentation.every((d) => typeof d === 'string') ? (segmentation as DictGroup) : [segmentation as DictLike];
  return new Set(groupOf(group).keys());
}

/** A group's dictionaries merged: the earlier dictionary wins a key (core.js loads them in reverse). */
function groupOf(group: DictGroup): Map<string, string> {
  const merged = new Map<string, string>();
  for (const dict of [...group].reverse()) for (const [key, value] of entriesOf(dict)) merged.set(key, value);
  return merged;
}

/** As core.js loadDict reads a dictionary: 'a b|c d', the value being the first alternative. */
function entriesOf(dict: DictLike): (readonly [string, string])[] {
  if (typeof dict !== 'string') return [...dict];
  if (dict === '') return [];
  return dict.split('|').map((line) => {
    const [key, value] = line.split(' ');
    return [key!, value!] as const;
  });
}

/** Per character, the characters that stage maps onto it one for one. */
function preimagesOf(stage: ReadonlyMap<string, string>): Map<string, string[]> {
  const into = new Map<string, string[]>();
  for (const [key, value] of stage) {
    if ([...key].length !== 1 || [...value].length !== 1 || key === value) continue;
    const list = into.get(value);
    if (list) list.push(key);
    else into.set(value, [key]);
  }
  return into;
}

/** The key and the spellings of it that preimages offer, character by character, at most PREIMAGE_CAP. */
function spellings(key: string, preimages: ReadonlyMap<string, readonly string[]>): string[] {
  let out = [''];
  for (const c of key) {
    const options = [c, ...(preimages.get(c) ?? [])];
    const next: string[] = [];
    for (const prefix of out) {
      for (const option of options) {
        if (next.length === PREIMAGE_CAP) break;
        next.push(prefix + option);
      }
    }
    out = next;
  }
  return out;
}
