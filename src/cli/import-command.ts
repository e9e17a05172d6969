import { Presets, SingleBar } from 'cli-progress';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IMPORTED_DIR } from '../glossary/glossary-files.ts';
import { foldText } from '../fold.ts';
import { errorLines } from '../glossary/glossary-error.ts';
import { readGlossary } from '../glossary/read-glossary.ts';
import type { Entry } from '../glossary/entry.ts';
import { CGroupFileError, readCGroupFile } from '../glossary/mediawiki/cgroup-file.ts';
import { importCGroups, pageOf, type CGroup, type CuratedNames, type ImportSummary } from '../glossary/mediawiki/cgroup-import.ts';
import { IMPORTED_MARK, importedFileName, importedYaml } from '../glossary/mediawiki/imported-yaml.ts';
import { ordinaryWords } from '../glossary/mediawiki/ordinary-words.ts';
import { CliError } from './cli-error.ts';

export interface ImportOptions {
  readonly files: readonly string[];
  /** Where the YAML goes (glossary/wikipedia by default). */
  readonly out: string;
  /** The curated glossary, whose entries win over imported ones. */
  readonly glossary: string;
  readonly quiet?: boolean;
}

/**
 * `glossary import mediawiki-cgroup FILE...`: read every file first (one bad file
 * and nothing is written), import, write one YAML file per group (each replaced
 * whole, by rename), remove files of an earlier import that this one no longer
 * makes, and say what was done.
 */
export function runImport(options: ImportOptions): ImportSummary {
  const groups: CGroup[] = [];
  const problems: string[] = [];
  const fileOf = new Map<string, string>();
  for (const file of options.files) {
    try {
      const group = readCGroupFile(file);
      const other = fileOf.get(pageOf(group));
      if (other !== undefined) problems.push(`${file}: Module:CGroup/${pageOf(group)} is already in ${other}`);
      fileOf.set(pageOf(group), file);
      groups.push(group);
    } catch (error) {
      if (!(error instanceof CGroupFileError)) throw error;
      problems.push(error.message);
    }
  }
  const fileOwner = new Map<string, string>();
  for (const group of groups) {
    // Pages A/B and A_B, or ones differing in case on a case-blind file system, would share a file.
    const name = importedFileName(pageOf(group)).toLowerCase();
    const other = fileOwner.get(name);
    if (other !== undefined) problems.push(`Module:CGroup/${pageOf(group)} and Module:CGroup/${other} would both be written to ${importedFileName(pageOf(group))}; import them separately into different folders`);
    fileOwner.set(name, pageOf(group));
  }
  if (resolve(options.out) === resolve(options.glossary)) problems.push(`--out ${options.out} is the curated glossary's folder; imported files go in a folder of their own (the build reads ${join(options.glossary, IMPORTED_DIR)})`);
  if (problems.length > 0) throw new CliError(`${problems.join('\n')}\nnothing was imported`);
  const curated = curatedNames(options.glossary);

  const bar = process.stderr.isTTY && !options.quiet ? new SingleBar({ format: ' import [{bar}] {value}/{total} rules', stream: process.stderr }, Presets.shades_classic) : null;
  bar?.start(groups.reduce((n, g) => n + g.rules.length, 0), 0);
  const { byGroup, summary } = importCGroups(groups, {
    curated,
    isOrdinaryWord: ordinaryWords(),
    onProgress: (done) => {
      if (done % 500 === 0) bar?.update(done);
    },
  });
  bar?.update(summary.rules);
  bar?.stop();

  mkdirSync(options.out, { recursive: true });
  const written = new Set<string>();
  for (const group of groups) {
    const entries = byGroup.get(pageOf(group));
    if (!entries) continue;
    const name = importedFileName(pageOf(group));
    const path = join(options.out, name);
    const temp = `${path}.importing-${process.pid}`;
    writeFileSync(temp, importedYaml(group, entries));
    renameSync(temp, path);
    written.add(name);
  }
  // A file an earlier import wrote whose group now makes no entry (or was not given) is removed;
  // a file without the import's mark is someone's own and stays.
  let removed = 0;
  for (const name of readdirSync(options.out)) {
    if (!name.endsWith('.yaml') || written.has(name)) continue;
    const path = join(options.out, name);
    if (!readFileSync(path, 'utf8').startsWith(IMPORTED_MARK)) continue;
    rmSync(path);
    removed++;
  }
  if (!options.quiet) {
    console.error(summaryLines(summary, options.out, removed).join('\n'));
    if (resolve(options.out) !== resolve(options.glossary, IMPORTED_DIR)) console.error(`  the build reads imported files from ${join(options.glossary, IMPORTED_DIR)} only`);
  }
  return summary;
}

/** Every name a curated entry has (folded), with its id: what the import leaves to the curated glossary. */
function curatedNames(dir: string): CuratedNames {
  const read = readGlossary(dir);
  if (read.errors.length > 0) throw new CliError(`${errorLines(read.errors).join('\n')}\nthe curated glossary has errors: fix them first (imported entries are checked against it); nothing was imported`);
  const entityOf = new Map<string, string>();
  const ids = new Set<string>();
  for (const { value: entry } of read.entries) {
    ids.add(entry.id);
    for (const form of formsOf(entry)) if (!entityOf.has(foldText(form))) entityOf.set(foldText(form), entry.id);
  }
  return { entityOf, ids };
}

function formsOf(entry: Entry): string[] {
  const maps = [entry.names, entry.full ?? {}, entry.short ?? {}].flatMap((m) => Object.values(m) as string[]);
  return [...maps, ...entry.aliases, ...entry.deprecated, ...entry.ambiguous.map((a) => a.name)];
}

export function summaryLines(s: ImportSummary, out: string, removed: number): string[] {
  const n = (x: number) => x.toLocaleString('en');
  const lines = [
    `imported ${n(s.groups)} groups, ${n(s.rules)} rules read: ${n(s.entries)} entries written to ${n(s.files)} files in ${out}${removed > 0 ? ` (${n(removed)} files of an earlier import removed)` : ''}`,
    `  merged: ${n(s.merged)} rules into an entry another rule made (the same concept, in one group or several)`,
    `  left to the curated glossary: ${n(s.mergedIntoCurated)} entries naming a curated entity, ${n(s.formsCurated)} forms a curated entity has`,
    `  made ambiguous: ${n(s.ambiguousForms)} forms that two or more imported entries share (decided by their topics' words)`,
    `  kept to their topic: ${n(s.keptToTopic)} entries of names whose name is also an ordinary word (jieba's dictionary)`,
  ];
  const skipped = [...s.skipped].sort((a, b) => b[1] - a[1]);
  const total = skipped.reduce((t, [, c]) => t + c, 0);
  lines.push(`  skipped: ${n(total)} rules${total > 0 ? ':' : ''}`);
  for (const [reason, count] of skipped) lines.push(`    ${n(count).padStart(7)}  ${reason}`);
  if (s.repairs.size > 0) lines.push(`  mended to read: ${[...s.repairs].map(([what, count]) => `${what} (${n(count)})`).join(', ')}`);
  return lines;
}
