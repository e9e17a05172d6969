import { isWordUnit } from './fold.ts';
import { stringOfUnits, unitsOf } from './utf16.ts';

/**
 * Where rewritten text goes. A Latin replacement set between Chinese characters may
 * come to touch a Latin letter or digit (川普8日 -> Trump8日): a space keeps the two
 * words apart. The last unit is tracked rather than read back from the output.
 */
export interface Output {
  /** Copy source[from, to) of the text being rewritten. */
  copy(from: number, to: number): void;
  replace(replacement: string): void;
  toString(): string;
}

/** The spans of the text that name something, in order and not overlapping (the scan's hits). */
export interface NameSpans {
  readonly length: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/**
 * The output of convert: the text between names converted, the names not.
 *
 * The conversion never reaches into a name: the text between names is converted in
 * stretches joined by a character the text lacks, so no phrase of OpenCC's joins a
 * name to its neighbours (拜登出席 from Taiwan is not 拜注销席, 登出 being Taiwan's
 * word for 注销), and a name copied as it stands is left exactly as written, since it
 * is its own replacement (昇腾 stays 昇腾, not OpenCC's 升腾). A name no entity was
 * decided for is no mention, so it keeps its wording and only changes script,
 * characters only (國會 becomes 国会).
 *
 * Copies and replacements are recorded as they come and the output is made by
 * toString: every stretch of the whole text goes to the converter in one call (a
 * call per stretch cost more than the conversion: an article holds a name every few
 * words), then the pieces are laid out in order.
 */
export class RopeOutput implements Output {
  /** Per recorded step: a copy of source[from, to) (from >= 0), or replacement (from = -1). */
  private readonly froms: number[] = [];
  private readonly tos: number[] = [];
  private readonly replacements: (string | undefined)[] = [];
  private done: string | undefined;

  constructor(
    private readonly source: string,
    /** Applied to the text between names (OpenCC's configurations, phrases and all). */
    private readonly convert: (text: string) => string,
    /** Applied to a name no entity was decided for: the target's script, characters only. */
    private readonly convertScript: (text: string) => string,
    private readonly names: NameSpans,
    /** Whether name i is a mention, kept as written when copied; else it was left undecided. */
    private readonly isMention: (i: number) => boolean,
  ) {}

  copy(from: number, to: number): void {
    if (to <= from) return;
    this.froms.push(from);
    this.tos.push(to);
    this.replacements.push(undefined);
  }

  replace(replacement: string): void {
    if (replacement === '') return;
    this.froms.push(-1);
    this.tos.push(-1);
    this.replacements.push(replacement);
  }

  /** The output; call it once the rewrite is done. */
  toString(): string {
    return (this.done ??= this.lay(this.convertStretches()));
  }

  /**
   * Every copy's stretches between names, converted in one call, in order; and per
   * copy, the names inside it as they are kept (in pieces: stretch, name, stretch...).
   */
  private convertStretches(): { converted: string[]; kept: string[]; keptStart: Int32Array } {
    const { source, names, froms, tos } = this;
    const { starts, ends } = names;
    const stretches: string[] = [];
    const kept: string[] = [];
    // Copy c's names are kept[keptStart[c], keptStart[c + 1]); its stretches follow on from the previous copy's.
    const keptStart = new Int32Array(froms.length + 1);
    let i = 0;
    for (let c = 0; c < froms.length; c++) {
      keptStart[c] = kept.length;
      const from = froms[c]!;
      const to = tos[c]!;
      if (from < 0) continue;
      while (i < names.length && ends[i]! <= from) i++;
      let at = from;
      for (let j = i; j < names.length && starts[j]! < to; j++) {
        const start = Math.max(starts[j]!, at);
        const end = Math.min(ends[j]!, to);
        stretches.push(source.slice(at, start));
        const name = source.slice(start, end);
        kept.push(this.isMention(j) ? name : this.convertScript(name));
        at = end;
      }
      stretches.push(source.slice(at, to));
    }
    keptStart[froms.length] = kept.length;
    const separator = absentSeparator(source);
    const converted = separator === '' ? stretches.map(this.convert) : this.convert(stretches.join(separator)).split(separator);
    return { converted, kept, keptStart };
  }

  /** The pieces in order, with a space where a Latin replacement would touch a Latin word. */
  private lay({ converted, kept, keptStart }: { converted: string[]; kept: string[]; keptStart: Int32Array }): string {
    let text = '';
    let lastUnit = 0;
    let endsInReplacedWord = false;
    let stretch = 0;
    for (let c = 0; c < this.froms.length; c++) {
      const replacement = this.replacements[c];
      if (replacement !== undefined) {
        if (isWordUnit(lastUnit) && isWordUnit(replacement.charCodeAt(0))) text += ' ';
        text += replacement;
        lastUnit = replacement.charCodeAt(replacement.length - 1);
        endsInReplacedWord = isWordUnit(lastUnit);
        continue;
      }
      let piece = converted[stretch++]!;
      for (let k = keptStart[c]!; k < keptStart[c + 1]!; k++) piece += kept[k]! + converted[stretch++]!;
      if (piece === '') continue;
      if (endsInReplacedWord && isWordUnit(piece.charCodeAt(0))) text += ' ';
      text += piece;
      lastUnit = piece.charCodeAt(piece.length - 1);
      endsInReplacedWord = false;
    }
    return text;
  }
}

/** Noncharacters, never meant for interchange: a text holds one only by accident. */
const SEPARATORS = Array.from({ length: 32 }, (_, k) => String.fromCharCode(0xfdd0 + k));

/** The first of SEPARATORS that text does not hold, or '' (then each stretch is converted alone). */
function absentSeparator(text: string): string {
  return SEPARATORS.find((c) => !text.includes(c)) ?? '';
}

/** Below this many units, a piece is copied unit by unit: a native copy costs more to call. */
const SHORT_PIECE = 48;

const NO_UNITS: Uint16Array = new Uint16Array(0);
/**
 * Buffers kept from one rewrite for the next: new ones for every 5 MB text (10 MB)
 * set off garbage collections in the middle of the next. A rewrite takes them and
 * gives them back when it is done, so a rewrite that starts while another is under
 * way (canonicalizeInSteps) gets buffers of its own. Up to 16 MB each; a longer
 * text gets its own.
 */
const spare: { source: Uint16Array; units: Uint16Array } = { source: NO_UNITS, units: NO_UNITS };
const SPARE_UNITS = 8 * 1024 * 1024;

/**
 * The output as UTF-16 units in one buffer. The input is laid out as units once, so
 * the text between mentions, most of the output, is copied natively, a piece at a
 * time; the result is read back as a string in one copy (stringOfUnits).
 */
export class UnitOutput implements Output {
  private readonly source: Uint16Array;
  private units: Uint16Array;
  private length = 0;
  private endsInReplacedWord = false;

  constructor(text: string) {
    const capacity = Math.max(16, text.length + (text.length >> 2));
    // Taken from the spares (and left empty meanwhile); given back by toString.
    this.source = unitsOf(text, spare.source.length >= text.length ? spare.source : undefined);
    this.units = spare.units.length >= capacity ? spare.units : new Uint16Array(capacity);
    spare.source = spare.units = NO_UNITS;
  }

  copy(from: number, to: number): void {
    if (to <= from) return;
    this.reserve(to - from + 1);
    const units = this.units;
    const source = this.source;
    let o = this.length;
    if (this.endsInReplacedWord && isWordUnit(source[from]!)) units[o++] = 0x20;
    if (to - from < SHORT_PIECE) for (let i = from; i < to; i++) units[o++] = source[i]!;
    else {
      units.set(source.subarray(from, to), o);
      o += to - from;
    }
    this.length = o;
    this.endsInReplacedWord = false;
  }

  replace(replacement: string): void {
    if (replacement === '') return;
    this.reserve(replacement.length + 1);
    const units = this.units;
    let o = this.length;
    if (o > 0 && isWordUnit(units[o - 1]!) && isWordUnit(replacement.charCodeAt(0))) units[o++] = 0x20;
    for (let i = 0; i < replacement.length; i++) units[o++] = replacement.charCodeAt(i);
    this.length = o;
    this.endsInReplacedWord = isWordUnit(replacement.charCodeAt(replacement.length - 1));
  }

  /** The output; the buffers go back to the spares, so call it once, last. */
  toString(): string {
    const text = stringOfUnits(this.units.subarray(0, this.length));
    if (this.source.length <= SPARE_UNITS) spare.source = this.source;
    if (this.units.length <= SPARE_UNITS) spare.units = this.units;
    return text;
  }

  private reserve(more: number): void {
    if (this.length + more <= this.units.length) return;
    const grown = new Uint16Array(Math.max(this.units.length * 2, this.length + more));
    grown.set(this.units.subarray(0, this.length));
    this.units = grown;
  }
}

