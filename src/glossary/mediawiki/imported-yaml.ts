import { Document, isMap, isSeq, visit, type YAMLMap } from 'yaml';
import type { ImportedEntry } from './cgroup-import.ts';

/** The first line of every file the import writes: how a later import knows a file is its own to replace or remove. */
export const IMPORTED_MARK = '# Imported from Chinese Wikipedia by `glossary import mediawiki-cgroup`';

/**
 * A group's entries as a glossary file, in the curated files' style (names on one
 * line, a blank line between entries) so that a reviewer reads it like them. The
 * same entries give the same bytes.
 */
export function importedYaml(group: { readonly name: string; readonly path: string }, entries: readonly ImportedEntry[]): string {
  const header = [
    IMPORTED_MARK,
    `# from ${group.path || `Module:CGroup/${group.name}`}. Text of Chinese Wikipedia, CC BY-SA 4.0: keep this notice with`,
    '# any data made from this file. Do not edit: import again to update; an entry in a curated',
    '# file (glossary/*.yaml) naming the same concept wins over these.',
  ];
  return `${header.join('\n')}\n\n${entries.map(entryYaml).join('\n')}`;
}

/** The file name a group's entries go in: its name, with what a file name cannot hold replaced. */
export function importedFileName(group: string): string {
  return `${group.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_')}.yaml`;
}

const FLOW_UNSAFE = /[?:,[\]{}#&*!|>'"%@`]|^\s|\s$/;

function entryYaml(entry: ImportedEntry): string {
  const plain: Record<string, unknown> = { id: entry.id, kind: entry.kind, names: entry.names };
  if (entry.aliases.length > 0) plain.aliases = entry.aliases;
  if (entry.outputOnly.length > 0) plain.outputOnly = entry.outputOnly;
  if (entry.topics) plain.topics = entry.topics;
  if (entry.ambiguous.length > 0) plain.ambiguous = entry.ambiguous;
  plain.sources = entry.sources;
  plain.licence = entry.licence;
  // Written as YAML 1.1 would read it too (yes, no, 1_000, dates quoted): reviewers' tools often read 1.1.
  const doc = new Document([plain], { version: '1.1' });
  const item = (doc.contents as unknown as { items: YAMLMap[] }).items[0]!;
  for (const key of ['names', 'aliases', 'outputOnly', 'topics']) {
    const node = item.get(key, true);
    if (isMap(node) || isSeq(node)) node.flow = true;
  }
  const ambiguous = item.get('ambiguous', true);
  if (isSeq(ambiguous)) {
    for (const a of ambiguous.items) {
      const context = isMap(a) ? a.get('context', true) : undefined;
      if (isSeq(context)) context.flow = true;
    }
  }
  // YAML 1.2 lets `?` and `:` stand unquoted inside [ ] and { }, but YAML 1.1 readers
  // (PyYAML, which reviewers' scripts use) do not: such a name is quoted.
  visit(doc, {
    Scalar(_, node, path) {
      const inFlow = path.some((p) => (isMap(p) || isSeq(p)) && p.flow === true);
      if (inFlow && typeof node.value === 'string' && FLOW_UNSAFE.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}
