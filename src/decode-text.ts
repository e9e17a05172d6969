import { createRequire } from 'node:module';
import type IconvLite from 'iconv-lite';

let loaded: typeof IconvLite | undefined;

/** iconv-lite, loaded when a text is not UTF-8 (or an encoding is named): most never need its tables. */
function iconv(): typeof IconvLite {
  loaded ??= createRequire(import.meta.url)('iconv-lite') as typeof IconvLite;
  return loaded;
}

/*
 * Bytes from a file or standard input as text. A byte order mark decides (UTF-8,
 * UTF-16LE, UTF-16BE), as the WHATWG Encoding Standard has it; otherwise the text is
 * UTF-8 unless the caller names another encoding. Nothing is decoded loosely: where
 * the bytes are not the encoding, the answer is a refusal that names the encoding the
 * bytes look like, never text with U+FFFD in place of what could not be read.
 */

/**
 * Bytes that are not text in the encoding asked for. reason says what they look like
 * ('not UTF-8 text (looks like GBK)'); advice, when there is some, what to pass
 * instead; the message is both.
 */
export class NotText extends Error {
  constructor(
    readonly reason: string,
    readonly advice?: string,
  ) {
    super(advice ? `${reason}; ${advice}` : reason);
    this.name = 'NotText';
  }
}

/** Read this much of a file to guess what it is: enough for any real text, cheap for a large one. */
const SAMPLE = 64 * 1024;

/**
 * The canonical name of an encoding iconv-lite knows, or undefined.
 * encodingName('GB2312') -> 'gbk'; encodingName('utf8') -> 'utf-8'; encodingName('klingon') -> undefined
 */
export function encodingName(name: string): string | undefined {
  const key = name.trim().toLowerCase();
  if (!iconv().encodingExists(key)) return undefined;
  const aliases: Record<string, string> = { utf8: 'utf-8', utf16le: 'utf-16le', utf16be: 'utf-16be', 'ucs-2': 'utf-16le', gb2312: 'gbk', cp936: 'gbk', 'big-5': 'big5', cp950: 'big5' };
  return aliases[key] ?? key;
}

/**
 * The whole text of bytes. decodeText(Buffer.from([0xff, 0xfe, 0x2d, 0x4e])) -> '中';
 * decodeText(gbkBytes) throws NotText('not UTF-8 text (looks like GBK); convert it to UTF-8 or pass --encoding gbk').
 */
export function decodeText(bytes: Uint8Array, encoding?: string): string {
  const decoder = new TextChunkDecoder(encoding);
  return decoder.write(bytes) + decoder.end();
}

/** decodeText for a stream: the same rules, chunk by chunk, so memory stays at a chunk. */
export async function* decodeTextChunks(chunks: AsyncIterable<Uint8Array>, encoding?: string): AsyncGenerator<string> {
  const decoder = new TextChunkDecoder(encoding);
  for await (const chunk of chunks) {
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** Decodes chunk by chunk; the first chunk's byte order mark, if any, chooses the encoding. */
class TextChunkDecoder {
  private head: Uint8Array = new Uint8Array(0);
  private decode?: (bytes: Uint8Array, last: boolean) => string;

  constructor(private readonly encoding?: string) {}

  write(chunk: Uint8Array): string {
    if (!this.decode) {
      // A byte order mark is at most 3 bytes: wait for them before choosing.
      this.head = concat(this.head, chunk);
      if (this.head.length < 3) return '';
      chunk = this.head;
      this.decode = this.chooseDecoder(chunk);
    }
    return this.decode(chunk, false);
  }

  end(): string {
    if (!this.decode) {
      this.decode = this.chooseDecoder(this.head);
      return this.decode(this.head, true);
    }
    return this.decode(new Uint8Array(0), true);
  }

  private chooseDecoder(first: Uint8Array): (bytes: Uint8Array, last: boolean) => string {
    if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) return this.whatwg('utf-8', 'UTF-8');
    if (first[0] === 0xff && first[1] === 0xfe) return this.whatwg('utf-16le', 'UTF-16LE');
    if (first[0] === 0xfe && first[1] === 0xff) return this.whatwg('utf-16be', 'UTF-16BE');
    const encoding = this.encoding ?? 'utf-8';
    if (encoding === 'utf-8' || encoding === 'utf-16le' || encoding === 'utf-16be') return this.whatwg(encoding, encoding.toUpperCase());
    return this.legacy(encoding);
  }

  /** UTF-8 and UTF-16 through TextDecoder, which refuses bad bytes (fatal) and drops the byte order mark. */
  private whatwg(encoding: 'utf-8' | 'utf-16le' | 'utf-16be', label: string): (bytes: Uint8Array, last: boolean) => string {
    const decoder = new TextDecoder(encoding, { fatal: true });
    const guessed = this.encoding === undefined && encoding === 'utf-8';
    return (bytes, last) => {
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: !last });
      } catch {
        throw guessed ? notUtf8(bytes) : new NotText(`not ${label} text: some bytes do not decode as ${label}`);
      }
      return withoutNul(text, bytes, guessed);
    };
  }

  /** Other encodings through iconv-lite, which puts U+FFFD where bytes do not decode: that is a refusal here. */
  private legacy(encoding: string): (bytes: Uint8Array, last: boolean) => string {
    const decoder = iconv().getDecoder(encoding);
    let first = true;
    return (bytes, last) => {
      if (first) {
        first = false;
        refuseOtherChinese(bytes, encoding);
      }
      const text = decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) + (last ? (decoder.end() ?? '') : '');
      if (text.includes('\ufffd')) throw new NotText(`not ${encoding} text: some bytes do not decode as ${encoding} (they look like ${looksLike(bytes).what})`);
      return withoutNul(text, bytes, false);
    };
  }
}

/**
 * GBK read as Big5, or Big5 as GBK, decodes without an error into nonsense: when the
 * bytes clearly look like the other one, say so rather than write that nonsense.
 */
function refuseOtherChinese(bytes: Uint8Array, asked: string): void {
  const family = (name: string | undefined) => (name === 'gbk' || name === 'gb18030' ? 'gbk' : name === 'big5' ? 'big5' : undefined);
  const looks = looksLike(bytes);
  const seen = looks.encodings.length === 1 ? family(looks.encodings[0]) : undefined;
  if (family(asked) && seen && seen !== family(asked)) throw new NotText(`not ${asked} text: it looks like ${looks.what}`, `pass --encoding ${seen}`);
}

/** Text has no NUL characters: with them it is UTF-16 read as bytes, or not text at all. */
function withoutNul(text: string, bytes: Uint8Array, guessed: boolean): string {
  if (!text.includes('\u0000')) return text;
  throw guessed ? notUtf8(bytes) : new NotText(`not text: it has NUL characters (it looks like ${looksLike(bytes).what})`);
}

/** The refusal for bytes that are not UTF-8, naming what they look like. */
function notUtf8(bytes: Uint8Array): NotText {
  const guess = looksLike(bytes);
  const reason = `not UTF-8 text (looks like ${guess.what})`;
  if (guess.what === BINARY) return new NotText(reason);
  const pass = guess.encodings.length > 0 ? guess.encodings.map((e) => `--encoding ${e}`).join(' or ') : '--encoding with its encoding';
  return new NotText(reason, `convert it to UTF-8 or pass ${pass}`);
}

const BINARY = 'binary data, not text';

/**
 * What bytes that are not UTF-8 probably are. NUL bytes mean UTF-16 (ASCII in UTF-16
 * has one in every code unit, on the even or odd side) or binary. Otherwise GBK and
 * Big5: an encoding the bytes do not decode in is out; when both decode, where the
 * characters fall decides: each standard puts its commonest Han characters in one block
 * (GB2312's level 1, B0A1-D7FE, for GBK; Big5's A440-C67E), and text in one encoding
 * read as the other lands outside that block a third of the time or more.
 */
export function looksLike(bytes: Uint8Array): { what: string; encodings: string[] } {
  const sample = bytes.subarray(0, SAMPLE);
  let even = 0;
  let odd = 0;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b === 0) i % 2 === 0 ? even++ : odd++;
    else if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  const pairs = Math.max(1, Math.floor(sample.length / 2));
  if (odd > pairs * 0.3 && even < odd / 10) return { what: 'UTF-16LE without a byte order mark', encodings: ['utf-16le'] };
  if (even > pairs * 0.3 && odd < even / 10) return { what: 'UTF-16BE without a byte order mark', encodings: ['utf-16be'] };
  if (even + odd > 0 || control > sample.length * 0.05) return { what: BINARY, encodings: [] };
  const gbk = { what: 'GBK', encodings: ['gbk'], decodes: decodesIn(sample, 'gbk'), share: commonShare(sample, 'gbk') };
  const big5 = { what: 'Big5', encodings: ['big5'], decodes: decodesIn(sample, 'big5'), share: commonShare(sample, 'big5') };
  if (gbk.decodes !== big5.decodes) return gbk.decodes ? gbk : big5;
  if (!gbk.decodes) return { what: 'a legacy encoding that is not GBK or Big5', encodings: [] };
  const [best, other] = gbk.share >= big5.share ? [gbk, big5] : [big5, gbk];
  if (best.share >= 0.6 && best.share - other.share >= 0.2) return best;
  return { what: 'GBK or Big5', encodings: ['gbk', 'big5'] };
}

/** Do the bytes decode in the encoding, but for a character the sample may have cut in two at its end? */
function decodesIn(sample: Uint8Array, encoding: 'gbk' | 'big5'): boolean {
  const text = iconv().decode(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength), encoding);
  const bad = text.indexOf('\ufffd');
  return bad < 0 || (sample.length === SAMPLE && bad === text.length - 1);
}

/** The share of non-ASCII characters that fall in the encoding's block of common characters (or its punctuation rows). */
function commonShare(bytes: Uint8Array, encoding: 'gbk' | 'big5'): number {
  let chars = 0;
  let common = 0;
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i]!;
    if (lead < 0x80) continue;
    chars++;
    const trail = bytes[i + 1];
    if (trail === undefined) break;
    if (encoding === 'gbk') {
      if (lead < 0x81 || lead > 0xfe || trail < 0x40 || trail === 0x7f || trail > 0xfe) continue;
      i++;
      if (trail >= 0xa1 && ((lead >= 0xa1 && lead <= 0xa3) || (lead >= 0xb0 && lead <= 0xd7))) common++;
    } else {
      if (lead < 0x81 || lead > 0xfe || trail < 0x40 || (trail > 0x7e && trail < 0xa1) || trail > 0xfe) continue;
      i++;
      const code = (lead << 8) | trail;
      if ((code >= 0xa140 && code <= 0xa3bf) || (code >= 0xa440 && code <= 0xc67e)) common++;
    }
  }
  return chars === 0 ? 0 : common / chars;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
