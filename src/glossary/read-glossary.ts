import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { load } from 'js-yaml';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { decodeText, NotText } from '../decode-text.ts';
import { glossaryFiles } from './glossary-files.ts';
import { parseEntry, type Entry, type Located } from './entry.ts';
import { GlossaryError } from './glossary-error.ts';

export interface ReadResult {
  readonly entries: readonly Located<Entry>[];
  readonly errors: readonly GlossaryError[];
  readonly files: readonly string[];
}

/**
 * Read and validate every entry of every glossary file. Errors carry the file and
 * line of the offending node; reading goes on past them so an editor sees them all.
 */
export function readGlossary(dir: string, cwd = process.cwd()): ReadResult {
  const entries: Located<Entry>[] = [];
  const errors: GlossaryError[] = [];
  const files = glossaryFiles(dir);
  for (const path of files) {
    const file = shownPath(path, cwd);
    const text = glossaryFileText(path, file);
    if (text instanceof GlossaryError) {
      errors.push(text);
      continue;
    }
    const read = readGlossaryText(text, file);
    entries.push(...read.entries);
    errors.push(...read.errors);
  }
  return { entries, errors, files };
}

/**
 * A glossary file's text: UTF-8, or UTF-16 with a byte order mark. Anything else is
 * an error naming what the file looks like, never text with U+FFFD in it.
 */
export function glossaryFileText(path: string, file = path): string | GlossaryError {
  try {
    return decodeText(readFileSync(path));
  } catch (error) {
    if (!(error instanceof NotText)) throw error;
    return new GlossaryError(file, 1, `${error.reason}; glossary files are UTF-8: convert it`);
  }
}

/** readGlossaryText('- id: x\n  kind: nope\n', 'a.yaml').errors[0].toString() -> 'a.yaml:2: kind must be one of ...' */
export function readGlossaryText(text: string, file: string): { entries: Located<Entry>[]; errors: GlossaryError[] } {
  const entries = wellFormedEntries(text, file);
  return entries ? { entries, errors: [] } : readWithPositions(text, file);
}

/**
 * A file's entries when it is what nearly every file is, a block list of good entries
 * without anchors: js-yaml reads that ten times faster than yaml's document model
 * (17 MB of glossary, 100,000 entities: 1.4 s, not 14 s), and each entry's line is
 * where its "- " stands. Undefined for anything else, which readWithPositions reads
 * (and says, with the line of the very node, what is wrong).
 */
export function wellFormedEntries(text: string, file: string): Located<Entry>[] | undefined {
  // Anchors, aliases and merge keys: left to yaml, whose YAML 1.2 core schema has no merges.
  if (/(^|[\s[{,])[&*!]\S|<</m.test(text)) return undefined;
  let value: unknown;
  try {
    value = load(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const lines = itemLines(text);
  if (lines.length !== value.length) return undefined;
  const entries: Located<Entry>[] = [];
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
    const parsed = parseEntry(item);
    if (!parsed.ok) return undefined;
    entries.push({ value: parsed.entry, file, line: lines[i]! });
  }
  return entries;
}

/** The line each top-level item of a block list starts on: each starts a line with "-" and a space (or nothing more). */
export function itemLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let counted = 0;
  for (const m of text.matchAll(/^-(?=[ \t\r\n]|$)/gm)) {
    for (let i = text.indexOf('\n', counted); i >= 0 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    counted = m.index;
    lines.push(line);
  }
  return lines;
}

/** A glossary file's path as messages show it: relative to the working folder where that is shorter (glossary/people.yaml). */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}

/** Every entry and error of a file, each error at the line of the node it is about. */
export function readWithPositions(text: string, file: string): { entries: Located<Entry>[]; errors: GlossaryError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lines.linePos(offset).line);
  const errors: GlossaryError[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    errors.push(new GlossaryError(file, lineOf(e.pos[0]), `malformed YAML: ${firstLine(e.message)}`));
  }
  if (errors.length > 0) return { entries: [], errors };
  if (doc.contents === null) return { entries: [], errors };
  if (!isSeq(doc.contents)) {
    return { entries: [], errors: [new GlossaryError(file, lineOf(doc.contents.range?.[0]), 'a glossary file is a list of entries (each starting with "- id:")')] };
  }
  const entries: Located<Entry>[] = [];
  doc.contents.items.forEach((item, index) => {
    const line = lineOf((item as Node).range?.[0]);
    if (!isMap(item)) {
      errors.push(new GlossaryError(file, line, 'an entry must be a mapping with id, kind and names'));
      return;
    }
    const parsed = parseEntry(item.toJSON());
    if (parsed.ok) {
      entries.push({ value: parsed.entry, file, line });
      return;
    }
    for (const issue of parsed.issues) {
      const node = doc.getIn([index, ...issue.path.map(toYamlKey)], true) as Node | undefined;
      const at = node?.range ? lineOf(node.range[0]) : line;
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      errors.push(new GlossaryError(file, at, `${where}${issue.message}`));
    }
  });
  return { entries, errors };
}

function toYamlKey(key: PropertyKey): string | number {
  return typeof key === 'symbol' ? String(key) : key;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
