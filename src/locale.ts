import { openccPhrases, type OpenccConfigName } from './convert/opencc-phrases.ts';
import { chainOf } from './convert/phrase-automaton.ts';

/**
 * A region whose media have their own vocabulary for names, and which a text's own
 * names tell apart (region.ts): the regions an ambiguity or an admitted form names.
 */
export type Region = 'zh-CN' | 'zh-TW' | 'zh-HK';
/**
 * Regions an entry may name and a text may be canonicalized to, as Chinese Wikipedia
 * does (zh-SG, zh-MY, zh-MO), but which no text is told to be written in: their names
 * mostly are the mainland's (Singapore, Malaysia) or Hong Kong's (Macau).
 */
export type OtherRegion = 'zh-SG' | 'zh-MY' | 'zh-MO';
/** A slot a glossary entry can fill with a preferred name. */
export type NameLocale = Region | OtherRegion | 'en';
export type Script = 'Hans' | 'Hant' | 'Latn';

export const REGIONS: readonly Region[] = ['zh-CN', 'zh-TW', 'zh-HK'];
export const OTHER_REGIONS: readonly OtherRegion[] = ['zh-SG', 'zh-MY', 'zh-MO'];
export const NAME_LOCALES: readonly NameLocale[] = ['zh-CN', 'zh-TW', 'zh-HK', 'zh-SG', 'zh-MY', 'zh-MO', 'en'];

/**
 * A canonicalization target: whose vocabulary (region) written in which script.
 * `zh-CN` is zh-Hans-CN; `zh-Hans-TW` is Taiwan's names in simplified characters.
 */
export interface Target {
  readonly tag: string;
  readonly vocabulary: NameLocale;
  readonly script: Script;
}

const TARGETS: Readonly<Record<string, Target>> = Object.freeze({
  'zh-CN': { tag: 'zh-CN', vocabulary: 'zh-CN', script: 'Hans' },
  'zh-TW': { tag: 'zh-TW', vocabulary: 'zh-TW', script: 'Hant' },
  'zh-HK': { tag: 'zh-HK', vocabulary: 'zh-HK', script: 'Hant' },
  'zh-SG': { tag: 'zh-SG', vocabulary: 'zh-SG', script: 'Hans' },
  'zh-MY': { tag: 'zh-MY', vocabulary: 'zh-MY', script: 'Hans' },
  'zh-MO': { tag: 'zh-MO', vocabulary: 'zh-MO', script: 'Hant' },
  en: { tag: 'en', vocabulary: 'en', script: 'Latn' },
  'zh-Hans-CN': { tag: 'zh-Hans-CN', vocabulary: 'zh-CN', script: 'Hans' },
  'zh-Hant-TW': { tag: 'zh-Hant-TW', vocabulary: 'zh-TW', script: 'Hant' },
  'zh-Hant-HK': { tag: 'zh-Hant-HK', vocabulary: 'zh-HK', script: 'Hant' },
  'zh-Hans-TW': { tag: 'zh-Hans-TW', vocabulary: 'zh-TW', script: 'Hans' },
  'zh-Hans-HK': { tag: 'zh-Hans-HK', vocabulary: 'zh-HK', script: 'Hans' },
  'zh-Hant-CN': { tag: 'zh-Hant-CN', vocabulary: 'zh-CN', script: 'Hant' },
  'zh-Hans-SG': { tag: 'zh-Hans-SG', vocabulary: 'zh-SG', script: 'Hans' },
  'zh-Hans-MY': { tag: 'zh-Hans-MY', vocabulary: 'zh-MY', script: 'Hans' },
  'zh-Hant-MO': { tag: 'zh-Hant-MO', vocabulary: 'zh-MO', script: 'Hant' },
});

export const TARGET_TAGS: readonly string[] = Object.keys(TARGETS);

/** parseTarget('zh-hans-tw') -> { tag: 'zh-Hans-TW', vocabulary: 'zh-TW', script: 'Hans' } */
export function parseTarget(tag: string): Target | undefined {
  const wanted = tag.trim().toLowerCase().replace(/_/g, '-');
  return Object.values(TARGETS).find((t) => t.tag.toLowerCase() === wanted);
}

/**
 * Where to look when an entity has no name for a vocabulary: first the regions of the
 * same script in MediaWiki's order (LanguageZh's fallbacks: zh-sg -> zh-cn, zh-my;
 * zh-my -> zh-sg, zh-cn; zh-mo -> zh-hk, zh-tw; zh-hk -> zh-mo, zh-tw), then the
 * other script's, Hong Kong's before Taiwan's for the simplified regions (the
 * glossary's habit before these regions came); English comes last for Chinese targets.
 */
export const FALLBACK: Readonly<Record<NameLocale, readonly NameLocale[]>> = Object.freeze({
  'zh-CN': ['zh-CN', 'zh-SG', 'zh-MY', 'zh-HK', 'zh-MO', 'zh-TW', 'en'],
  'zh-SG': ['zh-SG', 'zh-CN', 'zh-MY', 'zh-HK', 'zh-MO', 'zh-TW', 'en'],
  'zh-MY': ['zh-MY', 'zh-SG', 'zh-CN', 'zh-HK', 'zh-MO', 'zh-TW', 'en'],
  'zh-TW': ['zh-TW', 'zh-HK', 'zh-MO', 'zh-CN', 'zh-SG', 'zh-MY', 'en'],
  'zh-HK': ['zh-HK', 'zh-MO', 'zh-TW', 'zh-CN', 'zh-SG', 'zh-MY', 'en'],
  'zh-MO': ['zh-MO', 'zh-HK', 'zh-TW', 'zh-CN', 'zh-SG', 'zh-MY', 'en'],
  en: ['en'],
});

/** The script a region's own names are written in. */
export function regionScript(locale: NameLocale): Script {
  return locale === 'en' ? 'Latn' : locale === 'zh-CN' || locale === 'zh-SG' || locale === 'zh-MY' ? 'Hans' : 'Hant';
}

/**
 * The region whose admitted forms (an entity's `admitted`) a vocabulary keeps as
 * written: its own, or for Singapore and Malaysia the mainland's and for Macau Hong
 * Kong's, as their names fall back; none for English.
 */
export function admittingRegion(vocabulary: NameLocale): Region | undefined {
  if (vocabulary === 'en') return undefined;
  if (vocabulary === 'zh-SG' || vocabulary === 'zh-MY') return 'zh-CN';
  if (vocabulary === 'zh-MO') return 'zh-HK';
  return vocabulary;
}

/** The OpenCC standard of a vocabulary's traditional characters: Hong Kong's for Hong Kong and Macau, else Taiwan's. */
function hongKongStandard(vocabulary: NameLocale): boolean {
  return vocabulary === 'zh-HK' || vocabulary === 'zh-MO';
}

export type ConvertText = (text: string) => string;

/**
 * Script converters, each read on first use and then reused: each is OpenCC's
 * configuration as one compiled automaton (convert/phrase-automaton.ts), read from
 * dist/ in milliseconds where opencc-js takes 200 ms and tens of megabytes to build
 * its tries (the service's first edit and a CLI call that meets a name in another
 * script paid for them), and converting as opencc-js does.
 */
export class ScriptConverters {
  private hans?: ConvertText;
  private hantTW?: ConvertText;
  private hantHK?: ConvertText;
  private readonly phrases = new Map<string, ConvertText>();

  /** Character-level: any traditional text to simplified characters (OpenCC hk2s, opencc-js from hk to cn). */
  readonly toHans: ConvertText = (text) => (this.hans ??= converterOf('hk2s'))(text);
  /** Character-level: simplified to Taiwan-standard traditional characters (s2tw, from cn to tw). */
  readonly toHantTW: ConvertText = (text) => (this.hantTW ??= converterOf('s2tw'))(text);
  /** Character-level: simplified to Hong Kong-standard traditional characters (s2hk, from cn to hk). */
  readonly toHantHK: ConvertText = (text) => (this.hantHK ??= converterOf('s2hk'))(text);

  /** Convert a name written for `from` into the script of `target`, characters only. */
  nameInScript(name: string, from: NameLocale, target: Target): string {
    if (target.script === 'Latn' || regionScript(from) === target.script || from === 'en') return name;
    return this.scriptConverter(target)(name);
  }

  /**
   * Text of any script in the target's script, characters only (no regional
   * vocabulary): for a name (nameInScript), and for a glossary name left as written,
   * whose wording no regional phrase may change.
   *
   * scriptConverter(zh-CN)('國會') -> '国会'
   */
  scriptConverter(target: Target): ConvertText {
    if (target.script === 'Latn') return (text) => text;
    if (target.script === 'Hans') return this.toHans;
    const toHant = hongKongStandard(target.vocabulary) ? this.toHantHK : this.toHantTW;
    return (text) => toHant(this.toHans(text));
  }

  /**
   * Whole-text conversion to the target's script and regional phrases (OpenCC's
   * configurations, each one automaton: convert/phrase-automaton.ts), for text
   * outside the mentions.
   */
  textConverter(target: Target): ConvertText {
    let convert = this.phrases.get(target.tag);
    if (convert) return convert;
    convert = buildTextConverter(target);
    this.phrases.set(target.tag, convert);
    return convert;
  }
}

/**
 * The OpenCC configurations a target's text goes through, in order: any text to
 * mainland simplified first (tw2sp reads simplified and traditional alike), then to
 * the target's regional phrases, then, for a region's vocabulary in simplified
 * characters, back to simplified characters only.
 * textSteps(zh-Hans-TW) -> ['tw2sp', 's2twp', 'hk2s']
 */
export function textSteps(target: Target): readonly OpenccConfigName[] {
  if (target.script === 'Latn') return [];
  // OpenCC has no phrases of Singapore, Malaysia or Macau: theirs are taken as the mainland's and Hong Kong's.
  if (regionScript(target.vocabulary) === 'Hans') return target.script === 'Hans' ? ['tw2sp'] : ['tw2sp', 's2t'];
  const phrases = hongKongStandard(target.vocabulary) ? 's2hk' : 's2twp';
  return target.script === 'Hant' ? ['tw2sp', phrases] : ['tw2sp', phrases, 'hk2s'];
}

/** One OpenCC configuration as a converter of short texts (names). */
function converterOf(name: OpenccConfigName): ConvertText {
  const automaton = openccPhrases(name);
  return (text) => automaton.convert(text);
}

function buildTextConverter(target: Target): ConvertText {
  const steps = textSteps(target);
  if (steps.length === 0) return (text) => text;
  return chainOf(steps.map(openccPhrases));
}
