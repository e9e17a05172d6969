import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { lastEdits, type EntityEdit } from './entity-edit.ts';
import type { Entry, Kind } from './entry.ts';
import { GlossaryError, GlossaryInvalid } from './glossary-error.ts';
import { glossaryFiles } from './glossary-files.ts';
import { glossaryFileText } from './read-glossary.ts';

/** Where a new entity of each kind goes, when no file has it yet. */
const FILE_FOR_KIND: Readonly<Record<Kind, string>> = {
  person: 'people.yaml',
  org: 'orgs.yaml',
  product: 'products.yaml',
  place: 'places.yaml',
  event: 'events.yaml',
  term: 'terms.yaml',
  work: 'works.yaml',
};

export interface YamlExportReport {
  readonly updated: number;
  readonly added: number;
  readonly removed: number;
  readonly files: readonly string[];
}

/**
 * Write entities changed through the service into the glossary's YAML files, so a
 * reviewer can diff and commit them: a changed entity is replaced where it stands,
 * a deleted one removed, a new one appended to its kind's file. Edits are spliced
 * into the file's text, so every other byte (entries, comments, layout) stays as
 * it was and the diff shows only the changes. Each file is written beside itself
 * and renamed into place.
 */
export function writeChangesToYaml(dir: string, edits: readonly EntityEdit[]): YamlExportReport {
  const latest = lastEdits(edits);
  const texts = new Map<string, string>();
  const found = new Set<string>();
  let updated = 0;
  let removed = 0;
  for (const path of glossaryFiles(dir)) {
    const text = fileText(path);
    const doc = parseDocument(text);
    if (!isSeq(doc.contents)) continue;
    const edits: { start: number; end: number; text: string }[] = [];
    for (const item of doc.contents.items) {
      const id = isMap(item) ? item.get('id') : undefined;
      if (typeof id !== 'string' || !latest.has(id) || !item.range) continue;
      found.add(id);
      // From the start of the "- " line to the end of the entry's own last line.
      const start = text.lastIndexOf('\n', item.range[0]) + 1;
      const end = lineEnd(text, item.range[1]);
      const after = latest.get(id)!.after;
      if (after) updated++;
      else removed++;
      edits.push({ start, end: after ? end : skipBlankLine(text, end), text: after ? entryText(after) : '' });
    }
    if (edits.length === 0) continue;
    let out = text;
    for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    texts.set(path, out);
  }
  let added = 0;
  for (const { entityId: id, after } of latest.values()) {
    if (found.has(id) || !after) continue;
    const path = join(dir, FILE_FOR_KIND[after.kind]);
    const current = texts.get(path) ?? (existsSync(path) ? fileText(path) : '');
    const body = current.trim() === '' || current.trim() === '[]' ? '' : current.endsWith('\n') ? `${current}\n` : `${current}\n\n`;
    texts.set(path, body + entryText(after));
    added++;
  }
  for (const [path, text] of texts) {
    const temp = `${path}.writing-${process.pid}`;
    writeFileSync(temp, text);
    renameSync(temp, path);
  }
  return { updated, added, removed, files: [...texts.keys()].sort() };
}

/** Offset just past the newline that ends the line containing offset (or the text's end). */
function lineEnd(text: string, offset: number): number {
  const back = text.lastIndexOf('\n', Math.max(0, offset - 1));
  // range[1] may already sit at the start of the next line.
  if (back === offset - 1) return offset;
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Past one blank line after a removed entry, so entries stay one blank line apart. */
function skipBlankLine(text: string, offset: number): number {
  return text.startsWith('\n', offset) ? offset + 1 : offset;
}

/** An entry as editors write it: short maps and lists on one line, defaults left out. */
function entryText(entry: Entry): string {
  const plain: Record<string, unknown> = { id: entry.id, kind: entry.kind, names: entry.names };
  if (entry.full && Object.keys(entry.full).length > 0) plain.full = entry.full;
  if (entry.short && Object.keys(entry.short).length > 0) plain.short = entry.short;
  if (entry.aliases.length > 0) plain.aliases = entry.aliases;
  if (entry.deprecated.length > 0) plain.deprecated = entry.deprecated;
  if (entry.admitted && Object.keys(entry.admitted).length > 0) plain.admitted = entry.admitted;
  if (entry.ambiguous.length > 0) plain.ambiguous = entry.ambiguous.map((a) => ({
      name: a.name,
      context: a.context,
      ...(a.default ? { default: true } : {}),
      ...(a.regions ? { regions: a.regions } : {}),
      ...(a.against ? { against: a.against } : {}),
    }));
  if (entry.wikidata) plain.wikidata = entry.wikidata;
  if (entry.note) plain.note = entry.note;
  if (entry.sources.length > 0) plain.sources = entry.sources;
  if (entry.topics) plain.topics = entry.topics;
  if (entry.licence) plain.licence = entry.licence;
  const doc = new Document([plain]);
  const node = (doc.contents as YAMLSeq).items[0] as YAMLMap;
  for (const key of ['names', 'full', 'short', 'aliases', 'deprecated', 'admitted', 'topics']) {
    const value = node.get(key, true) as { flow?: boolean } | undefined;
    if (value) value.flow = true;
  }
  const ambiguous = node.get('ambiguous', true) as YAMLSeq | undefined;
  for (const item of ambiguous?.items ?? []) (item as YAMLMap).flow = true;
  // The files pad flow maps ({ zh-CN: 英伟达 }) but not flow lists ([辉达, Nvidia]).
  return doc
    .toString({ lineWidth: 0, flowCollectionPadding: false })
    .replace(/^(\s*(?:- )?(?:[\w-]+: )?)\{(.*)\}$/gm, '$1{ $2 }');
}

/** A glossary file's text; one that is not UTF-8 stops the export before anything is written. */
function fileText(path: string): string {
  const text = glossaryFileText(path);
  if (text instanceof GlossaryError) throw new GlossaryInvalid([text]);
  return text;
}
