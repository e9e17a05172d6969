/**
 * UTF-16 code units to a string, unit for unit (a lone surrogate stays one):
 * Node's ucs2 decoding is a copy, about ten times faster than a TextDecoder or
 * String.fromCharCode.apply for the texts the matcher rewrites and folds.
 */
export function stringOfUnits(units: Uint16Array): string {
  const bytes = Buffer.from(units.buffer, units.byteOffset, units.byteLength);
  // ucs2 is little-endian; on a big-endian machine decode a swapped copy.
  return (LITTLE_ENDIAN ? bytes : Buffer.from(bytes).swap16()).toString('ucs2');
}

/** A Uint16Array holds units in the machine's byte order. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A string's UTF-16 code units, unit for unit, in the first text.length of into when given. */
export function unitsOf(text: string, into?: Uint16Array): Uint16Array {
  const units = into ?? new Uint16Array(text.length);
  const bytes = Buffer.from(units.buffer, units.byteOffset, units.byteLength);
  const written = bytes.write(text, 0, 'ucs2');
  if (!LITTLE_ENDIAN) bytes.subarray(0, written).swap16();
  return units;
}

/** The first half of a surrogate pair (a code point beyond the BMP takes two units). */
export function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** The second half of a surrogate pair. */
export function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
