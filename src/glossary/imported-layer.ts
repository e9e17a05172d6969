import { load, YAMLException } from 'js-yaml';
import type { Entry, Located } from './entry.ts';
import { GlossaryError } from './glossary-error.ts';
import { importedFiles } from './glossary-files.ts';
import { glossaryFileText, itemLines, shownPath } from './read-glossary.ts';
import { asGlossaryEntry, type ImportedFields } from './mediawiki/imported-entry.ts';
import { IMPORTED_MARK } from './mediawiki/imported-yaml.ts';
import type { CompiledEntry } from './validate.ts';

/** What the build took from imported files, and what it left out and why. */
export interface ImportedLayer {
  readonly entries: readonly Located<Entry>[];
  readonly files: number;
  /** Entries whose every name is only written, never found (a unidirectional rule's target). */
  readonly onlyWritten: number;
  /** Files in the folder the import did not write (no IMPORTED_MARK): not read. */
  readonly unmarked: number;
}

/**
 * The imported entries under dir (glossary/wikipedia/*.yaml, written by `glossary
 * import`), in today's entry shape (asGlossaryEntry): names of people, places,
 * organisations, events and products, which apply in any text, and terms and titles
 * of works with their topics, which apply where a caller enables one. An
 * entry that is not what the import writes is an error at its file and line, as in a
 * curated file.
 */
export function readImportedLayer(dir: string, cwd = process.cwd()): { layer: ImportedLayer; errors: GlossaryError[] } {
  const entries: Located<Entry>[] = [];
  const errors: GlossaryError[] = [];
  let onlyWritten = 0;
  let unmarked = 0;
  const files = importedFiles(dir);
  for (const path of files) {
    const file = shownPath(path, cwd);
    const text = glossaryFileText(path, file);
    if (text instanceof GlossaryError) {
      errors.push(text);
      continue;
    }
    // The folder is the import's: a file it did not write is not read as imported (curated entries go beside it).
    if (!text.startsWith(IMPORTED_MARK)) {
      unmarked++;
      continue;
    }
    let items: unknown;
    try {
      items = load(text);
    } catch (error) {
      if (!(error instanceof YAMLException)) throw error;
      errors.push(new GlossaryError(file, (error.mark?.line ?? 0) + 1, `malformed YAML: ${error.reason}; import the groups again rather than editing this file`));
      continue;
    }
    if (items === null || items === undefined) continue;
    if (!Array.isArray(items)) {
      errors.push(new GlossaryError(file, 1, 'an imported file is a list of entries (each starting with "- id:"); import the groups again'));
      continue;
    }
    const lines = itemLines(text);
    items.forEach((item: unknown, i) => {
      const line = lines[i] ?? 1;
      const fields = (typeof item === 'object' && item !== null ? item : {}) as ImportedFields;
      const parsed = asGlossaryEntry(fields);
      if (parsed.ok) {
        entries.push({ value: parsed.entry, file, line });
        return;
      }
      if (Array.isArray(fields.outputOnly) && fields.outputOnly.length > 0 && parsed.issues.some((issue) => issue.path[0] === 'names')) {
        onlyWritten++;
        return;
      }
      for (const issue of parsed.issues) errors.push(new GlossaryError(file, line, `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`));
    });
  }
  return { layer: { entries, files: files.length - unmarked, onlyWritten, unmarked }, errors };
}

/** What laying imported entries under the curated ones left out. */
export interface LayerReport {
  /** Imported entries left out: a curated entry (or a service change) has their id, or every name they have is another's. */
  readonly entries: number;
  /** Names (spellings included) left out of imported entries because a curated or earlier imported entry has them. */
  readonly names: number;
}

/**
 * Imported entries under curated ones: a curated entry wins every name it has and its
 * id; among imported entries the first (in file order) wins a name, unless both
 * declare it ambiguous. Names lost are left out of the imported entry (its other
 * names still find it), never a failed build; an entry left with no name is left
 * out. Deleted: ids the service deleted, which no layer brings back.
 */
export function layerUnder(curated: readonly CompiledEntry[], imported: readonly CompiledEntry[], deleted: ReadonlySet<string> = new Set()): { kept: CompiledEntry[]; report: LayerReport } {
  const owners = new Map<string, { id: string; declared: boolean; curated: boolean }>();
  const ids = new Set<string>(deleted);
  for (const { entry, expanded } of curated) {
    ids.add(entry.value.id);
    for (const row of expanded.names) if (!owners.has(row.key)) owners.set(row.key, { id: entry.value.id, declared: row.ambiguity !== null, curated: true });
  }
  const kept: CompiledEntry[] = [];
  let entries = 0;
  let names = 0;
  for (const compiled of imported) {
    const id = compiled.entry.value.id;
    if (ids.has(id)) {
      entries++;
      continue;
    }
    const rows = compiled.expanded.names.filter((row) => {
      const owner = owners.get(row.key);
      if (!owner || owner.id === id) return true;
      // A curated entry's name is its own; an imported one shares only what both declare.
      if (!owner.curated && owner.declared && row.ambiguity !== null) return true;
      names++;
      return false;
    });
    if (rows.length === 0) {
      entries++;
      continue;
    }
    ids.add(id);
    for (const row of rows) if (!owners.has(row.key)) owners.set(row.key, { id, declared: row.ambiguity !== null, curated: false });
    const texts = new Set(rows.map((r) => r.text));
    kept.push(rows.length === compiled.expanded.names.length ? compiled : { entry: compiled.entry, expanded: { names: rows, pinyin: compiled.expanded.pinyin.filter((p) => texts.has(p.text)) } });
  }
  return { kept, report: { entries, names } };
}
