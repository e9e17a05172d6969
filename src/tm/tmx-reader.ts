import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { describeForbidden, forbiddenChar, visibleText } from '../stored-text.ts';
import { normalizeLanguage } from './language.ts';
import { MAX_SEGMENT_CHARS, textProblem } from './unit-input.ts';

/** One language's side of a translation unit. */
export interface TmxSegment {
  readonly lang: string;
  /** Plain text for matching: each native-code inline tag is one placeholder character. */
  readonly text: string;
  /** The seg's inner XML as the file had it (inline tags kept), for export. */
  readonly markup: string;
}

export interface TmxUnit {
  readonly kind: 'unit';
  /** The <tu> attributes (tuid, creationdate, ...), its <prop>s and <note>s. */
  readonly attrs: Readonly<Record<string, string>>;
  readonly props: readonly { readonly type: string; readonly value: string }[];
  readonly notes: readonly string[];
  readonly segments: readonly TmxSegment[];
  readonly line: number;
}

export interface TmxRejected {
  readonly kind: 'rejected';
  readonly line: number;
  readonly reason: string;
}

/** A file that is not TMX we can read safely: carries `line:column` where known. */
export class TmxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TmxError';
  }
}

/** Inline elements whose content is native code, not text: one placeholder each. */
const NATIVE = new Set(['bpt', 'ept', 'ph', 'it', 'ut']);
/** Inline elements whose content is segment text. */
const TEXTUAL = new Set(['hi', 'sub']);
/** Placeholders are drawn from the Private Use Area, which real text does not use. */
export const PLACEHOLDER_BASE = 0xe000;
/**
 * A seg's markup may be longer than its text (escapes, inline tags and their native
 * code), but not without bound: a unit is held in memory until it closes.
 */
export const MAX_MARKUP_CHARS = 10 * MAX_SEGMENT_CHARS;
/** More <tuv>s than this in one <tu> is not a translation unit; alternatives multiply them. */
export const MAX_TUVS = 100;
/** Notes and props per unit, for the same reason. */
const MAX_NOTES_AND_PROPS = 100;

/**
 * Read TMX (1.1 to 1.4b) from a byte stream, yielding units as they close: memory
 * stays bounded by the chunk size whatever the file's length. UTF-8 and UTF-16 with
 * or without a byte order mark, and legacy encodings named in the XML declaration.
 * The file is untrusted: a DOCTYPE is accepted but never fetched, and any entity
 * declaration is refused, so neither XXE nor entity expansion can happen.
 */
export async function* readTmx(source: AsyncIterable<Uint8Array>, fileName: string): AsyncGenerator<TmxUnit | TmxRejected> {
  const out: Array<TmxUnit | TmxRejected> = [];
  const parser = new SaxesParser({ position: true, fileName });
  const state = new UnitBuilder(out, () => parser.line);
  let failure: TmxError | undefined;
  const fail = (message: string): void => {
    failure ??= new TmxError(`${fileName}:${parser.line}:${parser.column}: ${message}`);
  };
  parser.on('error', (e) => {
    failure ??= new TmxError(e.message.startsWith(fileName) ? e.message : `${fileName}:${parser.line}:${parser.column}: ${e.message}`);
  });
  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) fail('entity declarations are not allowed in TMX (an XXE or entity-expansion attempt?)');
  });
  parser.on('opentag', (tag) => state.open(tag as SaxesTagPlain));
  parser.on('text', (text) => state.text(text));
  parser.on('cdata', (text) => state.text(text));
  parser.on('closetag', (tag) => state.close(tag as SaxesTagPlain));

  let decoder: TextDecoder | undefined;
  let sawRoot = false;
  for await (const chunk of source) {
    decoder ??= decoderFor(chunk);
    parser.write(decoder.decode(chunk, { stream: true }));
    if (failure) throw failure;
    sawRoot ||= state.sawRoot;
    yield* out.splice(0);
  }
  parser.write((decoder ?? new TextDecoder()).decode());
  if (!failure) parser.close();
  if (failure) throw failure;
  if (!state.sawRoot && !sawRoot) throw new TmxError(`${fileName}:1:1: not a TMX file (no <tmx> root element)`);
  yield* out.splice(0);
}

/** Choose the decoder from the byte order mark, the byte pattern of "<?", or the XML declaration. */
function decoderFor(first: Uint8Array): TextDecoder {
  const [a, b, c] = first;
  if (a === 0xef && b === 0xbb && c === 0xbf) return new TextDecoder('utf-8', { fatal: true });
  if (a === 0xff && b === 0xfe) return new TextDecoder('utf-16le', { fatal: true });
  if (a === 0xfe && b === 0xff) return new TextDecoder('utf-16be', { fatal: true });
  if (a === 0x3c && b === 0x00) return new TextDecoder('utf-16le', { fatal: true });
  if (a === 0x00 && b === 0x3c) return new TextDecoder('utf-16be', { fatal: true });
  const head = new TextDecoder('latin1').decode(first.subarray(0, 200));
  const declared = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (declared && !/^utf-?(8|16)/.test(declared)) {
    try {
      return new TextDecoder(declared, { fatal: true });
    } catch {
      throw new TmxError(`unsupported encoding ${declared} in the XML declaration`);
    }
  }
  return new TextDecoder('utf-8', { fatal: true });
}

/** Turns parser events into units; one instance per file. */
class UnitBuilder {
  sawRoot = false;
  private unit?: { attrs: Record<string, string>; props: { type: string; value: string }[]; notes: string[]; tuvs: TmxSegment[]; line: number; problem?: string };
  private lang?: string;
  private seg?: { text: string; markup: string; native: number; placeholders: number };
  private capture?: { kind: 'prop' | 'note'; type: string; text: string };

  constructor(
    private readonly out: Array<TmxUnit | TmxRejected>,
    private readonly line: () => number,
  ) {}

  open(tag: SaxesTagPlain): void {
    const name = tag.name;
    if (this.seg) {
      this.seg.markup = bounded(this.seg.markup, `<${name}${serializeAttributes(tag.attributes)}>`, MAX_MARKUP_CHARS);
      if (NATIVE.has(name)) {
        if (this.seg.native === 0) this.seg.text += String.fromCharCode(PLACEHOLDER_BASE + (this.seg.placeholders++ % 0x1900));
        this.seg.native++;
      } else if (!TEXTUAL.has(name)) {
        this.seg.native++;
      }
      return;
    }
    switch (name) {
      case 'tmx':
        this.sawRoot = true;
        return;
      case 'tu':
        this.unit = { attrs: { ...tag.attributes }, props: [], notes: [], tuvs: [], line: this.line() };
        for (const [key, value] of Object.entries(tag.attributes)) {
          const problem = textProblem(value, true);
          if (problem) this.unit.problem ??= `attribute ${key} ${problem}`;
        }
        return;
      case 'tuv': {
        const code = tag.attributes['xml:lang'] ?? tag.attributes.lang;
        const lang = code === undefined ? undefined : normalizeLanguage(code);
        if (this.unit && !lang) this.unit.problem ??= code === undefined ? 'a <tuv> has no xml:lang' : `a <tuv> has an invalid language ${visibleText(code.slice(0, 40))}`;
        this.lang = lang;
        return;
      }
      case 'seg':
        this.seg = { text: '', markup: '', native: 0, placeholders: 0 };
        return;
      case 'prop':
      case 'note':
        if (this.unit && !this.lang) this.capture = { kind: name, type: tag.attributes.type ?? '', text: '' };
        return;
    }
  }

  text(text: string): void {
    if (this.seg) {
      this.seg.markup = bounded(this.seg.markup, escapeXml(text), MAX_MARKUP_CHARS);
      if (this.seg.native === 0) this.seg.text = bounded(this.seg.text, text, MAX_SEGMENT_CHARS);
    } else if (this.capture) {
      this.capture.text = bounded(this.capture.text, text, MAX_SEGMENT_CHARS);
    }
  }

  close(tag: SaxesTagPlain): void {
    const name = tag.name;
    if (this.seg && name !== 'seg') {
      this.seg.markup = bounded(this.seg.markup, `</${name}>`, MAX_MARKUP_CHARS);
      if (NATIVE.has(name) || !TEXTUAL.has(name)) this.seg.native--;
      return;
    }
    switch (name) {
      case 'seg':
        if (this.unit && this.lang && this.seg) {
          this.unit.problem ??= segmentProblem(this.lang, this.seg.text, this.seg.markup);
          if (this.unit.tuvs.length < MAX_TUVS) this.unit.tuvs.push({ lang: this.lang, text: this.seg.text, markup: this.seg.markup });
          else this.unit.problem ??= `more than ${MAX_TUVS} <tuv> elements`;
        }
        this.seg = undefined;
        return;
      case 'tuv':
        this.lang = undefined;
        return;
      case 'prop':
      case 'note':
        if (this.unit && this.capture) {
          const { kind, type, text } = this.capture;
          const problem = textProblem(text, true) ?? textProblem(type, true);
          if (problem) this.unit.problem ??= `${kind === 'prop' ? `prop ${visibleText(type.slice(0, 40))}` : 'note'} ${problem}`;
          if (this.unit.props.length + this.unit.notes.length >= MAX_NOTES_AND_PROPS) this.unit.problem ??= `more than ${MAX_NOTES_AND_PROPS} notes and props`;
          else if (kind === 'prop') this.unit.props.push({ type, value: text });
          else this.unit.notes.push(text);
        }
        this.capture = undefined;
        return;
      case 'tu': {
        const unit = this.unit;
        this.unit = undefined;
        if (!unit) return;
        const languages = new Set(unit.tuvs.map((t) => t.lang)).size;
        const problem = unit.problem ?? (languages < 2 ? `only ${languages === 0 ? 'no' : 'one'} language` : undefined);
        if (problem) {
          this.out.push({ kind: 'rejected', line: unit.line, reason: problem });
          return;
        }
        for (const segments of alternatives(unit.tuvs)) {
          this.out.push({ kind: 'unit', attrs: unit.attrs, props: unit.props, notes: unit.notes, segments, line: unit.line });
        }
        return;
      }
    }
  }
}

/**
 * Why a segment cannot be stored: its text by the rules every import path and the
 * API share, and its markup, which a TMX export writes as it is (native code inside
 * an inline tag can hold a control character that its text does not show).
 */
function segmentProblem(lang: string, text: string, markup: string): string | undefined {
  const found = forbiddenChar(markup);
  // Every character of the text is in the markup too, so clean markup spares reading the text again.
  const problem = found || text.length > MAX_SEGMENT_CHARS ? textProblem(text, true) : undefined;
  if (problem) return `${lang}: ${problem}`;
  if (markup.length > MAX_MARKUP_CHARS) return `${lang}: inline markup longer than ${MAX_MARKUP_CHARS.toLocaleString('en')} characters`;
  return found && `${lang}: inline markup ${describeForbidden(found)}`;
}

/** Appends up to one character past limit, so an overlong text is known to be one while memory stays bounded. */
function bounded(text: string, more: string, limit: number): string {
  if (text.length > limit) return text;
  const joined = text + more;
  // Cut only once, when the limit is passed: slicing on every append would copy the text each time.
  return joined.length > limit + 1 ? joined.slice(0, limit + 1) : joined;
}

/**
 * A unit may hold several segments in one language (alternative translations, as
 * OmegaT writes them). Each alternative becomes a unit of its own with the unit's
 * other languages, so nothing is thrown away.
 */
function alternatives(tuvs: readonly TmxSegment[]): TmxSegment[][] {
  const byLang = new Map<string, TmxSegment[]>();
  for (const t of tuvs) byLang.set(t.lang, [...(byLang.get(t.lang) ?? []), t]);
  const most = Math.max(...[...byLang.values()].map((list) => list.length));
  return Array.from({ length: most }, (_, i) => [...byLang.values()].map((list) => list[Math.min(i, list.length - 1)]!));
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Attribute values escaped so a parser reads them back as they are: it would turn a raw tab or line break into a space. */
export function serializeAttributes(attributes: Readonly<Record<string, string>>): string {
  return Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${escapeXml(v).replace(/["\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]!)}"`)
    .join('');
}

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = { '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
