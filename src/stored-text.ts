/**
 * Which characters stored text may hold: the glossary and the translation memory
 * keep only what an XML 1.0 file (a TMX export) can carry and what a terminal shows
 * as text. Refused: C0 controls other than tab, line feed and carriage return; DEL;
 * C1 controls (U+0080-U+009F, which real text never uses: they come from a
 * mis-decoded file, and some terminals act on them); lone surrogate halves; and
 * U+FFFE/U+FFFF, which XML 1.0 does not allow.
 */

/** In u-mode a paired surrogate is one code point, so the surrogate range finds only lone halves. */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/u;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'gu');
/** The same, with tab and line breaks refused too: for one-line fields such as names. */
const FORBIDDEN_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/u;
const FORBIDDEN_ONE_LINE_ALL = new RegExp(FORBIDDEN_ONE_LINE.source, 'gu');

/** The first character text may not hold: where (UTF-16 offset) and which. */
export interface ForbiddenChar {
  readonly index: number;
  /** U+001B */
  readonly code: string;
  readonly kind: 'control character' | 'lone surrogate' | 'noncharacter';
}

/**
 * The first forbidden character of text, or undefined when it has none.
 * forbiddenChar('red\u001b[31m') -> { index: 3, code: 'U+001B', kind: 'control character' }
 * forbiddenChar('a\tb') -> undefined; forbiddenChar('a\tb', { oneLine: true }) -> { index: 1, ... }
 */
export function forbiddenChar(text: string, options: { oneLine?: boolean } = {}): ForbiddenChar | undefined {
  const found = (options.oneLine ? FORBIDDEN_ONE_LINE : FORBIDDEN).exec(text);
  if (!found) return undefined;
  const unit = found[0].charCodeAt(0);
  const kind = unit >= 0xd800 && unit <= 0xdfff ? 'lone surrogate' : unit >= 0xfffe ? 'noncharacter' : 'control character';
  return { index: found.index, code: codePointLabel(unit), kind };
}

/** 'contains the control character U+001B at 3', for an error message. */
export function describeForbidden(found: ForbiddenChar): string {
  if (found.kind === 'lone surrogate') return `contains a lone surrogate at ${found.index} (not valid Unicode text)`;
  return `contains the ${found.kind} ${found.code} at ${found.index}`;
}

const VISIBLE_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text safe to print on a terminal: every control character (tab and line breaks
 * too, so one unit stays one line), lone surrogate and U+FFFE/U+FFFF written as a
 * visible escape. Memories written before these characters were refused may hold
 * them, and ESC or a C1 control would otherwise drive the terminal.
 * visibleText('red\u001b[31m') -> 'red\\u001b[31m'
 */
export function visibleText(text: string): string {
  return text.replace(FORBIDDEN_ONE_LINE_ALL, (c) => VISIBLE_ESCAPES[c] ?? jsonEscape(c));
}

/**
 * Text with only the characters forbiddenChar finds written as visible escapes; tab
 * and line breaks stay. For writing out what was stored before these were refused.
 * escapeForbidden('a\tb\u0001') -> 'a\tb\\u0001'
 */
export function escapeForbidden(text: string): string {
  return text.replace(FORBIDDEN_ALL, visibleText);
}

/**
 * JSON for a terminal: JSON.stringify escapes C0 controls and lone surrogates but
 * writes DEL and C1 controls raw, and some terminals act on those.
 * terminalJson({ a: 'x\u009b' }) -> '{\n  "a": "x\\u009b"\n}'
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, jsonEscape);
}

/**
 * A code point as Unicode writes it, for messages.
 * codePointLabel(0x1b) -> 'U+001B'; codePointLabel(0xe0001) -> 'U+E0001'
 */
export function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** '\u001b' for ESC: one UTF-16 unit as a JSON (and JavaScript) escape. */
function jsonEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
