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

/**
 * A rope of converted slices: V8 joins it once, when the string is first read.
 * Only for convert, where each piece between mentions is a new string anyway.
 */
export class RopeOutput implements Output {
  private text = '';
  private lastUnit = 0;
  private endsInReplacedWord = false;

  /** convert: applied to the text between mentions (opencc-js). */
  constructor(
    private readonly source: string,
    private readonly convert: (text: string) => string,
  ) {}

  copy(from: number, to: number): void {
    if (to <= from) return;
    const piece = this.convert(this.source.slice(from, to));
    if (piece === '') return;
    if (this.endsInReplacedWord && isWordUnit(piece.charCodeAt(0))) this.text += ' ';
    this.append(piece, false);
  }

  replace(replacement: string): void {
    if (replacement === '') return;
    if (isWordUnit(this.lastUnit) && isWordUnit(replacement.charCodeAt(0))) this.text += ' ';
    this.append(replacement, true);
  }

  toString(): string {
    return this.text;
  }

  private append(piece: string, replaced: boolean): void {
    this.text += piece;
    this.lastUnit = piece.charCodeAt(piece.length - 1);
    this.endsInReplacedWord = replaced && isWordUnit(this.lastUnit);
  }
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

