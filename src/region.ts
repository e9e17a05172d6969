import { readUnitTable, unitTableArtifact } from './binary-artifact.ts';
import { opencc } from './opencc.ts';
import { foldTable } from './fold.ts';
import { REGIONS, type Region } from './locale.ts';

/**
 * Where a text was written, read from the text itself: its script (the share of
 * characters only traditional or only simplified text uses) and its vocabulary (names
 * only some regions' media use: 輝達 and 晶片 are Taiwan's, 英伟达 and 芯片 the
 * mainland's). Regions are a bit mask (regionBit) so that "Taiwan or Hong Kong" is one
 * value: traditional characters without regional vocabulary say no more than that.
 */
export interface TextRegion {
  readonly script: 'Hans' | 'Hant' | 'mixed' | 'unknown';
  /** The regions the text may be from; all of them when nothing tells. */
  readonly regions: readonly Region[];
}

/** regionBit('zh-TW') -> 2 */
export function regionBit(region: Region): number {
  return 1 << REGIONS.indexOf(region);
}

/** regionMask(['zh-TW', 'zh-HK']) -> regionBit('zh-TW') | regionBit('zh-HK'); 0 for none. */
export function regionMask(regions: readonly Region[]): number {
  return regions.reduce((mask, r) => mask | regionBit(r), 0);
}

export const ALL_REGIONS = (1 << REGIONS.length) - 1;

export function regionsOf(mask: number): Region[] {
  return REGIONS.filter((r) => (mask & regionBit(r)) !== 0);
}

/** Unit classes of the script table. */
const TRADITIONAL = 1;
const SIMPLIFIED = 2;

let shared: Uint8Array | undefined;

/**
 * Per UTF-16 unit: TRADITIONAL for a Han character that folds to another (輝 -> 辉),
 * SIMPLIFIED for one that neither Taiwan's nor Hong Kong's standard writes (辉, 国;
 * not 台, which Hong Kong writes and Taiwan text often does). Read from
 * script-table.bin beside the compiled code, else built from the fold table and opencc.
 */
function scriptTable(): Uint8Array {
  shared ??= readScriptTable(new URL('./script-table.bin', import.meta.url)) ?? buildScriptTable();
  return shared;
}

const SCRIPT_ARTIFACT = 'script-table-v1';

/** The table's bytes as script-table.bin holds them: npm run compile writes it beside the compiled code. */
export function scriptTableFile(): Buffer {
  return unitTableArtifact(SCRIPT_ARTIFACT, buildScriptTable());
}

/** The table in a script-table.bin, or undefined when there is none or it is not whole: then it is built (opencc-js: most of a second). */
export function readScriptTable(file: URL | string): Uint8Array | undefined {
  return readUnitTable(file, SCRIPT_ARTIFACT, Uint8Array);
}

function buildScriptTable(): Uint8Array {
  const fold = foldTable();
  const table = new Uint8Array(0x10000);
  const targets = new Set<number>();
  for (let c = 0x3400; c <= 0x9fff; c++) {
    if (fold[c] === c) continue;
    table[c] = TRADITIONAL;
    targets.add(fold[c]!);
  }
  const candidates = [...targets].filter((c) => table[c] === 0);
  // One character a line: opencc's phrase rules never join two of them.
  const lines = candidates.map((c) => String.fromCharCode(c)).join('\n');
  const inTW = opencc().Converter({ from: 'cn', to: 'tw' })(lines).split('\n');
  const inHK = opencc().Converter({ from: 'cn', to: 'hk' })(lines).split('\n');
  candidates.forEach((c, k) => {
    const own = String.fromCharCode(c);
    if (inTW[k] !== own && inHK[k] !== own) table[c] = SIMPLIFIED;
  });
  return table;
}

/** A text up to this many UTF-16 units is read whole by detectScript; a longer one in SAMPLES evenly spaced pieces of SAMPLE units. */
const WHOLE = 1 << 16;
const SAMPLES = 64;
const SAMPLE = WHOLE / SAMPLES;

/**
 * The script of a text: Hant or Hans when one kind of script-marking character
 * outnumbers the other four to one, mixed when both are common, unknown when the text
 * has none (English, or a few characters every script shares). An article is read
 * whole; a text longer than 65,536 units (a file of many articles) by 64 pieces of
 * 1,024 units spread over it, enough to tell its script and a small cost beside
 * the scan.
 *
 * detectScript('輝達發表新晶片') -> 'Hant'
 */
export function detectScript(text: string): TextRegion['script'] {
  const counts = [0, 0, 0];
  if (text.length <= WHOLE) countScript(text, 0, text.length, counts);
  else for (let k = 0; k < SAMPLES; k++) {
    const from = Math.floor((k * (text.length - SAMPLE)) / (SAMPLES - 1));
    countScript(text, from, from + SAMPLE, counts);
  }
  const traditional = counts[TRADITIONAL]!;
  const simplified = counts[SIMPLIFIED]!;
  if (traditional + simplified === 0) return 'unknown';
  if (traditional >= 4 * simplified) return 'Hant';
  if (simplified >= 4 * traditional) return 'Hans';
  return 'mixed';
}

/** Adds to counts[TRADITIONAL] and counts[SIMPLIFIED] the units of text[from, to) of each kind. */
function countScript(text: string, from: number, to: number, counts: number[]): void {
  const table = scriptTable();
  let traditional = 0;
  let simplified = 0;
  for (let i = from; i < to; i++) {
    const kind = table[text.charCodeAt(i)]!;
    if (kind === TRADITIONAL) traditional++;
    else if (kind === SIMPLIFIED) simplified++;
  }
  counts[TRADITIONAL]! += traditional;
  counts[SIMPLIFIED]! += simplified;
}

/**
 * The region of a text from its script and from votes: each mention of a name that
 * only some regions use (votes[k] counts mentions whose key marks region k) is a vote
 * for those regions. Traditional script rules out the mainland; simplified script
 * with Taiwan's vocabulary is an overseas text (zh-TW vocabulary, Hans script). The
 * regions with the most votes win; with no votes, simplified text is the mainland's
 * and traditional text Taiwan's or Hong Kong's. Text in both scripts, or with no
 * Chinese, says nothing by script.
 *
 * textRegion('Hant', [0, 2, 1]) -> { script: 'Hant', regions: ['zh-TW'] }
 * textRegion('Hans', [0, 0, 0]) -> { script: 'Hans', regions: ['zh-CN'] }
 */
export function textRegion(script: TextRegion['script'], votes: readonly number[]): TextRegion {
  const allowed = script === 'Hant' ? regionBit('zh-TW') | regionBit('zh-HK') : ALL_REGIONS;
  let best = 0;
  let mask = 0;
  REGIONS.forEach((r, k) => {
    if ((allowed & regionBit(r)) === 0) return;
    const v = votes[k] ?? 0;
    if (v > best) {
      best = v;
      mask = regionBit(r);
    } else if (v === best && v > 0) {
      mask |= regionBit(r);
    }
  });
  if (best === 0) mask = script === 'Hans' ? regionBit('zh-CN') : allowed;
  return { script, regions: regionsOf(mask) };
}
