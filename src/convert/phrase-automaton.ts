import { KeyTrie, type KeyTrieParts } from '../match/key-trie.ts';
import { StringTable } from '../string-table.ts';
import { stringOfUnits, unitsOf } from '../utf16.ts';
import { codePointAt, codePointUnits, unmatchedUnits } from './code-points.ts';

/**
 * Keys and what each becomes, as compiled from an OpenCC configuration
 * (convert/opencc-config.ts): the value of a key is the whole configuration's output
 * for the key written alone.
 */
export interface PhraseTable {
  readonly keys: readonly string[];
  readonly values: readonly string[];
  /** 1 where key i is a segmentation key: OpenCC cuts the text where one starts. */
  readonly segmenting: Uint8Array;
}

/**
 * A text conversion of OpenCC's (s2twp, tw2sp, ...) as one scan over UTF-16 units,
 * where opencc-js converts each segment once per stage, through tries of Maps.
 *
 * OpenCC cuts the text first: where a segmentation key starts, the longest such key
 * is a segment of its own; the stretches between are runs. Then each stage converts
 * each segment by leftmost-longest match. Here a segment's key becomes its value at
 * once. In a run, the longest key that ends inside the run does (stage 1's keys,
 * later stages' keys, and the spellings stage 1 turns into those), else the code
 * point's value, else the code point is copied, an ideographic description sequence
 * (⿰氵青) whole. So s2twp writes 低级别产品 as 低級別產品: 级别 is a segment, and 低级
 * (Taiwan's 低階) would reach into it from the run 低.
 *
 * What this cannot do: a later stage's phrase that spans a match of stage 1 and what
 * follows it (tw2sp's 宣告覆週: stage 1 writes 聲明, then stage 2 reads 明覆). OpenCC's
 * own test cases come out as opencc-js writes them.
 *
 * Immutable once built.
 */
export class PhraseAutomaton {
  private constructor(
    private readonly trie: KeyTrie,
    private readonly segmenting: Uint8Array,
    /** The values as units: value i is valueUnits[valueOffsets[i], valueOffsets[i + 1]). */
    private readonly valueUnits: Uint16Array,
    private readonly valueOffsets: Int32Array,
    /**
     * HEAD words per unit: what it becomes where no key of two units or more starts
     * at it (its value as a key of one unit, or itself; else ASK or NORMALIZE), then
     * bits of the units that follow it in some key (headsOf).
     */
    private readonly heads: Int32Array,
    private readonly normalization: Normalization | undefined,
    /** Whether the normalization must be asked for before the scan: some key holds a character it changes. */
    private readonly normalizeFirst: boolean,
  ) {
    this.segmented = segmenting.includes(1);
  }

  /** Whether the configuration cuts the text into segments first (without, the text is one run). */
  private readonly segmented: boolean;

  /** PhraseAutomaton.build({ keys: ['软件'], values: ['軟體'], segmenting: [1] }).convert('软件') -> '軟體' */
  static build(phrases: PhraseTable, normalization?: PhraseTable): PhraseAutomaton {
    const normalize = normalization && normalizationOf(PhraseAutomaton.build(normalization), normalization.keys);
    const changed = normalize?.codePoints;
    const normalizeFirst = changed !== undefined && phrases.keys.some((key) => [...key].some((c) => changed.has(c.codePointAt(0)!)));
    const trie = KeyTrie.build(phrases.keys);
    const values = StringTable.of(phrases.values);
    const heads = headsOf(trie, values, normalizeFirst ? undefined : normalize);
    return new PhraseAutomaton(trie, phrases.segmenting, unitsOf(values.all), values.offsets, heads, normalize, normalizeFirst);
  }

  /** What the automaton is made of, for a compiled artifact (fromParts reads it back). */
  parts(): PhraseAutomatonParts {
    const n = this.normalization;
    return {
      trie: this.trie.parts(),
      segmenting: this.segmenting,
      valueUnits: this.valueUnits,
      valueOffsets: this.valueOffsets,
      heads: this.heads,
      normalization: n && { parts: n.automaton.parts(), firsts: n.firsts, first: this.normalizeFirst },
    };
  }

  static fromParts(p: PhraseAutomatonParts): PhraseAutomaton {
    const n = p.normalization;
    const normalization = n && normalizationOf(PhraseAutomaton.fromParts(n.parts), [...n.firsts]);
    return new PhraseAutomaton(KeyTrie.fromParts(p.trie), p.segmenting, p.valueUnits, p.valueOffsets, p.heads, normalization, n?.first ?? false);
  }

  /** The text converted as the configuration converts it. */
  convert(text: string): string {
    const n = text.length;
    if (n === 0) return text;
    const converted = this.convertUnits(unitsOf(text, new Uint16Array(n + 1)), n);
    return stringOfUnits(converted.units.subarray(0, converted.length));
  }

  /**
   * units[0, length) converted, units[length] being 0 (which no key holds: the scan
   * reads one unit ahead). The result is in `into` when it has room for length * 9/8
   * + 16 units and is not `units`, else in new units; again with a 0 after it, so
   * that conversions chain without a string between them (chainOf).
   */
  convertUnits(units: Uint16Array, length: number, into?: Uint16Array): ConvertedUnits {
    const normalization = this.normalization;
    if (normalization && this.normalizeFirst) {
      const normalized = normalization.automaton.convertUnits(units, length);
      return this.scan(normalized.units, normalized.length, true, into);
    }
    return this.scan(units, length, false, into);
  }

  /**
   * The scan. Most units are settled by the first branch, from one cache line of
   * heads: no key of two units or more starts there, so the unit becomes what it
   * becomes alone. Asked apart (is it a key, may a key start with this pair),
   * those were branches the processor mispredicts on Chinese text, and tables
   * three times the size.
   */
  private scan(src: Uint16Array, n: number, normalized: boolean, into: Uint16Array | undefined): ConvertedUnits {
    const trie = this.trie;
    const firsts = trie.firsts;
    const heads = this.heads;
    const segmenting = this.segmenting;
    const segmented = this.segmented;
    const offsets = this.valueOffsets;
    const valueUnits = this.valueUnits;
    // Always room for the rest of the text as it stands, so that a copy needs no check.
    const room = n + (n >> 3) + 16;
    let out: Uint16Array = into && into !== src && into.length >= room ? into : new Uint16Array(room);
    let o = 0;
    let p = 0;
    // Places OpenCC's segmentation visits in a run, checked ahead of the scan when a
    // key would reach over them: those before `look` start no segment; one starts at
    // `cut` (-1 while none is known, or once the scan is past it).
    let look = 0;
    let cut = -1;
    while (p < n) {
      const first = src[p]!;
      const second = src[p + 1]!;
      const head = first * HEAD;
      const alone = heads[head]!;
      const bit = followBit(second);
      if ((((heads[head + (bit >>> 5)]! >>> (bit & 31)) & 1) | (alone >>> 31)) === 0) {
        out[o++] = alone;
        p++;
        continue;
      }
      // The head's bits are hashed: the trie's own summary and pair bits settle most that pass them.
      const pair = p + 1 < n && trie.mayStartWith(first, second);
      if (!pair && alone >= 0) {
        out[o++] = alone;
        p++;
        continue;
      }
      if (alone === ASK && first - 0x2ff0 >>> 0 < 16) {
        for (const end = p + unmatchedUnits(src, p, n); p < end; ) out[o++] = src[p++]!;
        continue;
      }
      if (alone === NORMALIZE && !normalized && this.normalization!.codePoints.has(codePointAt(src, p, n))) {
        // Rare: OpenCC normalizes the whole text before it segments it.
        const text = this.normalization!.automaton.convertUnits(src, n);
        return this.scan(text.units, text.length, true, into);
      }
      // The longest key at p, and the longest segmentation key.
      let end = -1;
      let key = -1;
      let segmentEnd = -1;
      let segmentKey = -1;
      const accepted = firsts[first * 4 + 1]!;
      if (accepted !== 0) {
        end = p + 1;
        key = accepted - 1;
        if (segmenting[key] === 1) {
          segmentEnd = end;
          segmentKey = key;
        }
      }
      let slot = pair ? trie.slot(firsts[first * 4]!, second) : -1;
      for (let j = p + 2; slot >= 0; j++) {
        const accepts = trie.slotAccepts(slot);
        if (accepts !== 0) {
          end = j;
          key = accepts - 1;
          if (segmenting[key] === 1) {
            segmentEnd = j;
            segmentKey = key;
          }
        }
        if (j >= n || !trie.slotMayContinue(slot, src[j]!)) break;
        slot = trie.slot(trie.slotTarget(slot), src[j]!);
      }
      if (segmentKey >= 0) {
        end = segmentEnd;
        key = segmentKey;
      } else if (segmented && end > p + codePointUnits(src, p, n)) {
        // In a run, a key may not reach past the run's end, the next segment's start.
        if (cut <= p) cut = -1;
        if (look <= p) look = p + codePointUnits(src, p, n);
        while (cut < 0 && look < end) {
          if (this.segmentStartsAt(src, look, n)) cut = look;
          else look += unmatchedUnits(src, look, n);
        }
        if (cut >= 0 && end > cut) {
          const within = this.longestWithin(src, p, cut);
          end = within.end;
          key = within.key;
        }
      }
      if (key < 0) {
        for (const end = p + codePointUnits(src, p, n); p < end; ) out[o++] = src[p++]!;
        continue;
      }
      const from = offsets[key]!;
      const to = offsets[key + 1]!;
      if (to - from > end - p && o + (to - from) + (n - end) > out.length) out = grown(out, o + (to - from) + (n - end));
      for (let k = from; k < to; k++) out[o++] = valueUnits[k]!;
      p = end;
    }
    if (o === out.length) out = grown(out, o + 1);
    out[o] = 0;
    return { units: out, length: o };
  }

  /** The longest key at p that ends by bound (the key, -1 for none, and where it ends). */
  private longestWithin(src: Uint16Array, p: number, bound: number): { end: number; key: number } {
    const trie = this.trie;
    const first = src[p]!;
    const accepted = trie.firsts[first * 4 + 1]!;
    let end = accepted !== 0 ? p + 1 : -1;
    let key = accepted - 1;
    let slot = p + 1 < bound ? trie.slot(trie.firsts[first * 4]!, src[p + 1]!) : -1;
    for (let j = p + 2; slot >= 0 && j <= bound; j++) {
      const accepts = trie.slotAccepts(slot);
      if (accepts !== 0) {
        end = j;
        key = accepts - 1;
      }
      if (j >= bound) break;
      slot = trie.slot(trie.slotTarget(slot), src[j]!);
    }
    return { end, key };
  }

  /** Does a segmentation key start at p? */
  private segmentStartsAt(src: Uint16Array, p: number, n: number): boolean {
    const trie = this.trie;
    const segmenting = this.segmenting;
    const first = src[p]!;
    const accepted = trie.firsts[first * 4 + 1]!;
    if (accepted !== 0 && segmenting[accepted - 1] === 1) return true;
    const state = trie.firsts[first * 4]!;
    if (state === 0 || p + 1 >= n || !trie.mayStartWith(first, src[p + 1]!)) return false;
    let slot = trie.slot(state, src[p + 1]!);
    for (let j = p + 2; slot >= 0; j++) {
      const key = trie.slotAccepts(slot);
      if (key !== 0 && segmenting[key - 1] === 1) return true;
      if (j >= n || !trie.slotMayContinue(slot, src[j]!)) return false;
      slot = trie.slot(trie.slotTarget(slot), src[j]!);
    }
    return false;
  }
}

/** Converted units: units[0, length), then a 0. */
export interface ConvertedUnits {
  readonly units: Uint16Array;
  readonly length: number;
}

/**
 * The conversions one after another, as one function: the text is laid out as
 * units once, and made a string once.
 * chainOf([tw2sp, s2twp])('软件') -> '軟體'
 */
export function chainOf(automata: readonly PhraseAutomaton[]): (text: string) => string {
  // Buffers reused from one call to the next for a short text: canonicalize converts
  // the text between each two mentions, a few hundred thousand calls in 50 MB, and
  // new typed arrays and Buffer copies cost more than such a text's scan. A call
  // finishes with them before it returns, so a later call may take them.
  const input = new Uint16Array(SHORT_TEXT + 1);
  const buffers = [new Uint16Array(SHORT_TEXT * 2), new Uint16Array(SHORT_TEXT * 2)] as const;
  return (text) => {
    const n = text.length;
    if (n === 0) return text;
    const short = n <= SHORT_TEXT;
    let units: Uint16Array;
    if (short) {
      for (let i = 0; i < n; i++) input[i] = text.charCodeAt(i);
      input[n] = 0;
      units = input;
    } else units = unitsOf(text, new Uint16Array(n + 1));
    let converted: ConvertedUnits = { units, length: n };
    automata.forEach((automaton, i) => {
      converted = automaton.convertUnits(converted.units, converted.length, short ? buffers[i & 1] : undefined);
    });
    const out = converted.units.subarray(0, converted.length);
    return converted.length <= SHORT_TEXT ? String.fromCharCode.apply(null, out as unknown as number[]) : stringOfUnits(out);
  };
}

/**
 * Up to this many units a text is a short one for chainOf: laid out and read back
 * unit by unit, where Buffer's copies cost more to set up than they save.
 */
const SHORT_TEXT = 2048;

export interface PhraseAutomatonParts {
  readonly trie: KeyTrieParts;
  readonly segmenting: Uint8Array;
  readonly valueUnits: Uint16Array;
  readonly valueOffsets: Int32Array;
  readonly heads: Int32Array;
  /** Its own automaton, the characters that start its keys, and whether it runs before every scan (PhraseAutomaton.normalizeFirst). */
  readonly normalization: { readonly parts: PhraseAutomatonParts; readonly firsts: string; readonly first: boolean } | undefined;
}

/**
 * OpenCC's normalization (compatibility ideographs to unified ones), a conversion of
 * its own before the configuration's. Most texts hold none of its characters: the
 * scan meets one (NORMALIZE in PhraseAutomaton.heads) before it normalizes.
 */
interface Normalization {
  readonly automaton: PhraseAutomaton;
  /** The characters its keys start with, and their code points. */
  readonly firsts: string;
  readonly codePoints: ReadonlySet<number>;
}

function normalizationOf(automaton: PhraseAutomaton, keys: readonly string[]): Normalization {
  const firsts = [...new Set(keys.map((key) => String.fromCodePoint(key.codePointAt(0)!)))];
  return { automaton, firsts: firsts.join(''), codePoints: new Set(firsts.map((c) => c.codePointAt(0)!)) };
}

/** In PhraseAutomaton.heads: the scan must look closer (an ideographic description character, a value of more than one unit). */
const ASK = -1;
/** In PhraseAutomaton.heads: the unit may start a character the normalization changes. */
const NORMALIZE = -2;

/** Words per unit in PhraseAutomaton.heads (32 bytes, half a cache line): the unit alone, then the bits of what may follow it. */
const HEAD = 8;
const FOLLOW_BITS = (HEAD - 1) * 32;
/** The length of PhraseAutomaton.heads. */
export const HEADS_LENGTH = 0x10000 * HEAD;

/** The bit of heads' word 1 and on that stands for a following unit: hashed, as CJK units crowd a fifth of the range. */
function followBit(unit: number): number {
  return 32 + (((Math.imul(unit, 0x9e3779b1) >>> 16) * FOLLOW_BITS) >>> 16);
}

/**
 * Per unit, HEAD words. The first: what the unit becomes where no key of two units
 * or more starts at it, its value when it is a key whose value is one unit, itself
 * when it is no key, else ASK; NORMALIZE where a character the normalization changes
 * starts, when the scan normalizes on meeting one (normalization given). Then the
 * followBit of every unit that follows it in a key, from the trie's edges out of the
 * root's children.
 */
function headsOf(trie: KeyTrie, values: StringTable, normalization: Normalization | undefined): Int32Array {
  const heads = new Int32Array(0x10000 * HEAD);
  const { firsts, edges, states } = trie.parts();
  const firstOf = new Int32Array(states).fill(-1);
  for (let unit = 0; unit < 0x10000; unit++) {
    const accepted = firsts[unit * 4 + 1]!;
    heads[unit * HEAD] = accepted === 0 ? unit : values.lengthAt(accepted - 1) === 1 ? values.all.charCodeAt(values.offsets[accepted - 1]!) : ASK;
    if (firsts[unit * 4] !== 0) firstOf[firsts[unit * 4]!] = unit;
  }
  for (let unit = 0x2ff0; unit < 0x3000; unit++) heads[unit * HEAD] = ASK;
  // Its first unit: a surrogate pair's high half stands for a block of characters, the scan tells them apart.
  if (normalization) for (const c of normalization.codePoints) heads[String.fromCodePoint(c).charCodeAt(0) * HEAD] = NORMALIZE;
  for (let at = 0; at < edges.length; at += 4) {
    const first = edges[at] === 0 ? -1 : firstOf[edges[at]! - 1]!;
    if (first < 0) continue;
    const bit = followBit(edges[at + 1]! & 0xffff);
    heads[first * HEAD + (bit >>> 5)] = heads[first * HEAD + (bit >>> 5)]! | (1 << (bit & 31));
  }
  return heads;
}

function grown(units: Uint16Array, least: number): Uint16Array {
  const bigger = new Uint16Array(Math.max(least, units.length * 2));
  bigger.set(units);
  return bigger;
}
