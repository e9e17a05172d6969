import type { Options as StringifyOptions } from 'csv-stringify';

/*
 * A spreadsheet runs a cell as a formula when it starts with = + - @ (Excel also
 * takes the full-width ＝＋－＠, and some readers trim leading spaces first). Where a
 * cell starts is not ours to decide: the reader picks the separator (Excel in much of
 * Europe splits on ;), and a lenient reader that meets a quote in mid-field takes it
 * as text, so a line break inside the field starts a new row. So every place a cell
 * could start is guarded: the field's start, and the text after each , ; | tab, line
 * break and quote. An apostrophe goes before a formula start there: spreadsheets show
 * a leading apostrophe as "this is text", and our TM import takes it off again.
 */

/** Characters after which some reader may start a new cell or row. */
const CELL_BREAKS = ',;|\\t\\r\\n"';
/** Blanks a reader may trim from a cell's start (tab, CR and LF are cell breaks above). */
const BLANK = '[\\p{Zs}\\v\\f\\u200b-\\u200d\\u2060\\ufeff]';
const FORMULA = '[=+\\-@\\uff1d\\uff0b\\uff0d\\uff20]';
/** At the field's very start OWASP also counts a tab or carriage return. */
const FIELD_START = `(?:${FORMULA}|[\\t\\r])`;

/** Most text has no formula character at all: one cheap test spares it the guard's lookbehinds. */
const MAYBE_FORMULA = /[=+\-@\uff1d\uff0b\uff0d\uff20\t\r]/;
const GUARD = new RegExp(`^(?='*${BLANK}*${FIELD_START})|(?<=[${CELL_BREAKS}])(?='*${BLANK}*${FORMULA})`, 'gu');
const UNGUARD = new RegExp(`^'(?='*${BLANK}*${FIELD_START})|(?<=[${CELL_BREAKS}])'(?='*${BLANK}*${FORMULA})`, 'gu');

/**
 * The text with an apostrophe before every formula start a spreadsheet could see. An
 * apostrophe already there gets one more, so restoreFormulas gives the text back exactly.
 * neutralizeFormulas('safe;=cmd') -> "safe;'=cmd"; neutralizeFormulas("'=x") -> "''=x"
 */
export function neutralizeFormulas(text: string): string {
  return MAYBE_FORMULA.test(text) ? text.replace(GUARD, "'") : text;
}

/**
 * Undo neutralizeFormulas (and the apostrophe a spreadsheet's own CSV puts before a
 * formula-like cell). restoreFormulas("safe;'=cmd") -> 'safe;=cmd'
 */
export function restoreFormulas(cell: string): string {
  return cell.includes("'") ? cell.replace(UNGUARD, '') : cell;
}

/**
 * csv-stringify options for a table spreadsheets open: CRLF rows, and quotes (RFC 4180)
 * round any field with the delimiter, a quote, CR or LF. csv-stringify stops quoting CR
 * and LF once record_delimiter is set, unless quote_record_delimiter says so. Fields
 * with another reader's separator, blanks at either end or a guarding apostrophe are
 * quoted too, so a reader that splits differently still keeps them whole.
 */
export function spreadsheetCsvOptions(delimiter: ',' | '\t'): StringifyOptions {
  return { delimiter, record_delimiter: 'windows', quote_record_delimiter: true, quoted_match: [/[,;|\t]/, /^['\s\p{Zs}]|[\s\p{Zs}]$/u] };
}
