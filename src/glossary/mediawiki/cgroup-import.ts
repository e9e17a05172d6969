import { foldText } from '../../fold.ts';
import { pinyin } from '../../pinyin.ts';
import { bidirectionalForm, parseConversionRule, type ConversionRule, type Variant } from './conversion-rule.ts';
import { asGlossaryEntry } from './imported-entry.ts';
import groupKindTable from './group-kinds.json' with { type: 'json' };

/** A conversion group as zhconv-rs's extractor writes Module:CGroup pages (../shared/mediawiki-cgroups). */
export interface CGroup {
  readonly name: string;
  readonly description: string;
  readonly path: string;
  readonly rules: readonly { readonly original: string; readonly conv: string }[];
}

/** A group's page name (Module:CGroup/<page>): what identifies it; two files may share a `name`. */
export function pageOf(group: CGroup): string {
  return group.path.replace(/^(?:Module|Template):CGroup\//, '').trim() || group.name;
}

/**
 * What a group's rules are (glossary/README.md says what each becomes and why):
 * entities (names of people, places, organisations, products: they apply in any
 * text), terms and works (right only inside their topic: scoped to it), name-parts
 * (pieces of foreign names for transliteration: not imported).
 */
export type GroupKind = 'entities' | 'terms' | 'works' | 'name-parts';
export interface GroupKindInfo {
  readonly kind: GroupKind;
  /** For entities: the glossary kind of what the group names. */
  readonly entity?: string;
  /** Relevant to general news (a candidate for the shipped default set). */
  readonly news: boolean;
  readonly why: string;
}
export const GROUP_KINDS: Readonly<Record<string, GroupKindInfo>> = groupKindTable as Record<string, GroupKindInfo>;

/** The regions an imported entry names, and the MediaWiki variant each reads. */
export const IMPORT_REGIONS = [
  ['zh-CN', 'zh-cn'],
  ['zh-TW', 'zh-tw'],
  ['zh-HK', 'zh-hk'],
  ['zh-SG', 'zh-sg'],
  ['zh-MY', 'zh-my'],
  ['zh-MO', 'zh-mo'],
] as const satisfies readonly (readonly [string, Variant])[];
export type ImportRegion = (typeof IMPORT_REGIONS)[number][0];

/** An entry as the import writes it (imported-yaml.ts), in the glossary's entry shape plus what imports add. */
export interface ImportedEntry {
  readonly id: string;
  readonly kind: string;
  readonly names: Partial<Record<ImportRegion | 'en', string>>;
  readonly aliases: readonly string[];
  /** Forms a rule only ever writes (a unidirectional rule's target that is no source): never looked for in text. */
  readonly outputOnly: readonly string[];
  /** The topics (groups) it is scoped to; absent: it applies in any text. */
  readonly topics?: readonly string[];
  readonly ambiguous: readonly { readonly name: string; readonly context: readonly string[] }[];
  /** Provenance: each group and rule it was made from. */
  readonly sources: readonly string[];
  readonly licence: string;
}

export interface ImportSummary {
  readonly groups: number;
  readonly rules: number;
  /** Entries written, and the files they are in. */
  readonly entries: number;
  readonly files: number;
  /** Rules folded into an entry an earlier rule (of any group) made: the same concept. */
  readonly merged: number;
  /** Entries left out because a curated entry names the same concept (curated wins). */
  readonly mergedIntoCurated: number;
  /** Forms two or more imported entries share, declared ambiguous in each (decided by topic context). */
  readonly ambiguousForms: number;
  /** Forms left out of an entry because a curated entry has them. */
  readonly formsCurated: number;
  /** Entries of names kept to their topic because a name is also an ordinary word. */
  readonly keptToTopic: number;
  /** Rules not imported, by reason. */
  readonly skipped: ReadonlyMap<string, number>;
  /** What was mended to read rules, by kind (conversion-rule.ts). */
  readonly repairs: ReadonlyMap<string, number>;
}

/** What the import needs to know of the curated glossary: each folded name's entity, and the ids in use. */
export interface CuratedNames {
  readonly entityOf: ReadonlyMap<string, string>;
  readonly ids: ReadonlySet<string>;
}

export interface ImportOptions {
  /** The curated glossary's names: they win. */
  readonly curated?: CuratedNames;
  /** What each group is (default: group-kinds.json, Chinese Wikipedia's 444 groups). */
  readonly kinds?: Readonly<Record<string, GroupKindInfo>>;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Is a form an ordinary word (ordinary-words.ts)? An entry of names that has one
   * (合作, 机构 in a group of organisations) applies only in its topic, as terms do.
   */
  readonly isOrdinaryWord?: (form: string) => boolean;
}

/** One rule read: its forms per region, the forms found in text, and where it came from. */
interface RuleRecord {
  readonly group: string;
  readonly groupOrder: number;
  readonly rule: number;
  readonly label: string;
  readonly names: Partial<Record<ImportRegion, string>>;
  readonly found: readonly string[];
  readonly outputOnly: readonly string[];
}

interface Draft {
  readonly records: RuleRecord[];
  kind: string;
  scoped: boolean;
  readonly topics: Set<string>;
}

/**
 * The entries a set of groups make, by the group (page name, pageOf) whose file each
 * goes in (its first rule's group), and the summary. Deterministic: the same groups give the same
 * entries in the same order, so importing again writes the same bytes.
 *
 * A rule's forms per region follow MediaWiki's fallbacks; rules naming the same
 * concept (the same zh-CN and zh-TW forms), in one group or several, are one entry;
 * a form two entries share is declared ambiguous in both, with their topics' names
 * as context. A curated entry wins: an imported one naming the same concept is left
 * out, and forms a curated entry has are left out of the imported ones.
 */
export function importCGroups(groups: readonly CGroup[], options: ImportOptions = {}): { byGroup: Map<string, ImportedEntry[]>; summary: ImportSummary } {
  const { curated = { entityOf: new Map(), ids: new Set() }, kinds = GROUP_KINDS, onProgress, isOrdinaryWord = () => false } = options;
  const ordered = [...groups].sort((a, b) => compare(pageOf(a), pageOf(b)));
  const total = ordered.reduce((n, g) => n + g.rules.length, 0);
  const skipped = new Map<string, number>();
  const repairs = new Map<string, number>();
  const skip = (reason: string, rules = 1) => skipped.set(reason, (skipped.get(reason) ?? 0) + rules);
  const drafts: Draft[] = [];
  const bySignature = new Map<string, Draft>();
  const topicWords = new Map<string, string[]>();
  const pathOf = new Map<string, string>();
  let done = 0;
  let merged = 0;
  ordered.forEach((group, groupOrder) => {
    const page = pageOf(group);
    const info = kinds[page] ?? kinds[group.name];
    // A group this release does not know is taken as topic terms: scoped, never applied everywhere.
    const kind = info?.kind ?? 'terms';
    // A group's names apply everywhere; its words only in its topic, even in a group of entities (Unit's 米/公尺).
    const everywhere = kind === 'entities' && entryKind(info) !== 'term';
    topicWords.set(page, groupWords(group, page));
    pathOf.set(page, group.path.trim() || `Module:CGroup/${page}`);
    group.rules.forEach((raw, index) => {
      onProgress?.(++done, total);
      if (kind === 'name-parts') return skip('a transliteration part of foreign names (a name-parts group), not a name of its own');
      const parsed = parseConversionRule(raw.conv);
      if (!parsed.ok) return skip(`not a conversion rule: ${parsed.reason.replace(/: ".*"$|".*"/, '').trim()}`);
      for (const repair of parsed.rule.repairs) repairs.set(repair, (repairs.get(repair) ?? 0) + 1);
      const record = recordOf(parsed.rule, page, groupOrder, index + 1, raw.original.trim());
      if (!record) return skip('no form for any region');
      const signature = signatureOf(record);
      let draft = bySignature.get(signature);
      if (draft) {
        merged++;
        draft.records.push(record);
      } else {
        draft = { records: [record], kind: entryKind(info), scoped: !everywhere, topics: new Set() };
        bySignature.set(signature, draft);
        drafts.push(draft);
      }
      // A name's rule makes the entry apply everywhere, and its kind wins over a topic's.
      if (everywhere && draft.scoped) {
        draft.scoped = false;
        draft.kind = entryKind(info);
      }
      if (!everywhere) draft.topics.add(page);
    });
  });

  // Curated entries win: a draft naming the curated concept is left out; shared forms are dropped.
  let mergedIntoCurated = 0;
  let formsCurated = 0;
  let keptToTopic = 0;
  const kept: { draft: Draft; names: Partial<Record<ImportRegion, string>>; found: string[]; outputOnly: string[] }[] = [];
  for (const draft of drafts) {
    const names = mergedNames(draft.records);
    const cn = names['zh-CN'] && curated.entityOf.get(foldText(names['zh-CN']));
    const tw = names['zh-TW'] && curated.entityOf.get(foldText(names['zh-TW']));
    if (cn && (tw === cn || !names['zh-TW'])) {
      mergedIntoCurated++;
      continue;
    }
    const dropped = new Set<string>();
    const isCurated = (form: string) => {
      const key = foldText(form);
      if (!curated.entityOf.has(key)) return false;
      dropped.add(key);
      return true;
    };
    for (const [region, form] of Object.entries(names) as [ImportRegion, string][]) if (isCurated(form)) delete names[region];
    if (Object.keys(names).length === 0) {
      mergedIntoCurated++;
      continue;
    }
    // One Han character is an ordinary word (米, 台), however a group uses it: never a name.
    for (const [region, form] of Object.entries(names) as [ImportRegion, string][]) if (ONE_HAN.test(form)) delete names[region];
    if (Object.keys(names).length === 0) {
      skip('its only forms are one Han character each: ordinary words, not names', draft.records.length);
      continue;
    }
    // A name that is also an ordinary word is right only in its topic (the groups it came from).
    if (!draft.scoped && [...Object.values(names), ...draft.records.flatMap((r) => r.found)].some(isOrdinaryWord)) {
      draft.scoped = true;
      for (const r of draft.records) draft.topics.add(r.group);
      keptToTopic++;
    }
    const nameSet = new Set(Object.values(names).map(foldText));
    const allFound = unique(draft.records.flatMap((r) => r.found)).filter((f) => !isCurated(f) && !ONE_HAN.test(f));
    formsCurated += dropped.size;
    const foundKeys = new Set(allFound.map(foldText));
    // A form some rule looks for is found, even where another rule only writes it.
    const outputOnly = unique(draft.records.flatMap((r) => r.outputOnly)).filter((f) => !foundKeys.has(foldText(f)));
    kept.push({ draft, names, found: allFound.filter((f) => !nameSet.has(foldText(f))), outputOnly });
  }

  // A form two entries look for is ambiguous in both.
  const owners = new Map<string, Set<number>>();
  // What an entry looks for in text: its names but those only written, and its other forms.
  const lookedFor = (k: (typeof kept)[number]) => {
    const written = new Set(k.outputOnly.map(foldText));
    return [...Object.values(k.names).filter((n) => !written.has(foldText(n))), ...k.found];
  };
  kept.forEach((k, i) => {
    for (const form of lookedFor(k)) {
      const key = foldText(form);
      let set = owners.get(key);
      if (!set) owners.set(key, (set = new Set()));
      set.add(i);
    }
  });
  // A text on a group's topic names its other members: up to SIBLINGS of each group's
  // unshared names are context words for its ambiguous ones (丁俊晖 near 川普: the snooker player).
  const siblings = new Map<string, string[]>();
  kept.forEach((k) => {
    const group = k.draft.records[0]!.group;
    const list = siblings.get(group) ?? [];
    const name = k.names['zh-CN'] ?? Object.values(k.names)[0];
    if (list.length < SIBLINGS && name && name.length > 1 && (owners.get(foldText(name))?.size ?? 0) < 2) list.push(name);
    siblings.set(group, list);
  });
  let ambiguousForms = 0;
  const ambiguousOf = new Map<number, { name: string; context: string[] }[]>();
  for (const [key, set] of owners) {
    if (set.size < 2) continue;
    ambiguousForms++;
    for (const i of set) {
      const k = kept[i]!;
      const form = lookedFor(k).find((f) => foldText(f) === key)!;
      const own = new Set([...Object.values(k.names), ...k.found].map(foldText));
      const words = k.draft.records.flatMap((r) => [...(topicWords.get(r.group) ?? []), ...(siblings.get(r.group) ?? [])]);
      const context = unique(words).filter((w) => !own.has(foldText(w)));
      const list = ambiguousOf.get(i) ?? [];
      list.push({ name: form, context });
      ambiguousOf.set(i, list);
    }
  }

  const usedIds = new Set(curated.ids);
  const byGroup = new Map<string, ImportedEntry[]>();
  kept.forEach((k, i) => {
    const first = k.draft.records[0]!;
    const en = englishName(k.draft);
    const entry: ImportedEntry = {
      id: uniqueId(idBase(first.label, k.names), usedIds, `${first.group} rule ${first.rule}`),
      kind: k.draft.kind,
      names: { ...k.names, ...(en ? { en } : {}) },
      aliases: k.found,
      outputOnly: k.outputOnly,
      ...(k.draft.scoped ? { topics: [...k.draft.topics].sort(compare) } : {}),
      ambiguous: ambiguousOf.get(i) ?? [],
      sources: k.draft.records.map((r) => `${pathOf.get(r.group)} rule ${r.rule}${r.label ? ` (${r.label})` : ''}`),
      licence: LICENCE,
    };
    // What the build could not read is not written (a form past the schema's length, say). Forms
    // only ever written are the import's own, for what reads them (imported-entry.ts).
    const checked = asGlossaryEntry({ ...entry, outputOnly: [] });
    if (!checked.ok) {
      const issue = checked.issues[0]!;
      skip(`not a valid entry: ${String(issue.path[0] ?? 'entry')}: ${issue.message.replace(/"[^"]*"|\S*[\u3400-\u9fff]\S*/gu, '…')}`, k.draft.records.length);
      usedIds.delete(entry.id);
      return;
    }
    const list = byGroup.get(first.group) ?? [];
    list.push(entry);
    byGroup.set(first.group, list);
  });
  let written = 0;
  for (const list of byGroup.values()) written += list.length;
  return {
    byGroup,
    summary: { groups: groups.length, rules: total, entries: written, files: byGroup.size, merged, mergedIntoCurated, ambiguousForms, formsCurated, keptToTopic, skipped, repairs },
  };
}

/**
 * What makes two rules one concept: the same zh-CN and zh-TW forms. A rule with
 * neither (a unidirectional rule for zh-HK alone, say) is one concept only with a rule
 * of the very same forms.
 */
function signatureOf(record: RuleRecord): string {
  const cn = record.names['zh-CN'];
  const tw = record.names['zh-TW'];
  if (cn !== undefined || tw !== undefined) return `${foldText(cn ?? '')}|${foldText(tw ?? '')}`;
  const names = IMPORT_REGIONS.map(([region]) => foldText(record.names[region] ?? ''));
  return `#${names.join('|')}#${record.found.map(foldText).sort().join('|')}`;
}

/** A rule's forms per region (MediaWiki's fallbacks, then a unidirectional target, then its zh form), or null when it has none. */
function recordOf(rule: ConversionRule, group: string, groupOrder: number, index: number, label: string): RuleRecord | null {
  const names: Partial<Record<ImportRegion, string>> = {};
  for (const [region, variant] of IMPORT_REGIONS) {
    const targets = new Set(rule.unidirectional.get(variant)?.values() ?? []);
    const form = bidirectionalForm(rule, variant) ?? (targets.size === 1 ? [...targets][0] : undefined) ?? rule.bidirectional.get('zh');
    if (form) names[region] = form;
  }
  if (Object.keys(names).length === 0) return null;
  const sources = [...rule.unidirectional.values()].flatMap((m) => [...m.keys()]);
  const found = unique([...rule.bidirectional.values(), ...sources]);
  const foundKeys = new Set(found.map(foldText));
  const outputOnly = unique([...rule.unidirectional.values()].flatMap((m) => [...m.values()])).filter((f) => !foundKeys.has(foldText(f)));
  return { group, groupOrder, rule: index, label, names, found, outputOnly };
}

/** The records' forms per region: the first record's, then others' for regions it lacks. */
function mergedNames(records: readonly RuleRecord[]): Partial<Record<ImportRegion, string>> {
  const names: Partial<Record<ImportRegion, string>> = {};
  for (const record of records) for (const [region] of IMPORT_REGIONS) names[region] ??= record.names[region];
  for (const [region] of IMPORT_REGIONS) if (names[region] === undefined) delete names[region];
  return names;
}

function entryKind(info: GroupKindInfo | undefined): string {
  if (!info) return 'term';
  if (info.kind === 'entities') return info.entity ?? 'term';
  return info.kind === 'works' ? 'work' : 'term';
}

/** A group's names for itself (its description's forms) and its page name: the words that say a text is on its topic. */
function groupWords(group: CGroup, page: string): string[] {
  const inner = /-\{(.*?)\}-/su.exec(group.description)?.[1];
  const parsed = inner === undefined ? undefined : parseConversionRule(inner);
  const forms = parsed?.ok ? [...parsed.rule.bidirectional.values()] : [];
  return unique([...forms, page]);
}

/** A clean Latin label of two words or more, when it names only this entry in its groups: its English name. */
function englishName(draft: Draft): string | undefined {
  const label = draft.records[0]!.label;
  // One word (March, Vance, Barack) is an English word or a part of names as often as it is this entry.
  if (!LATIN_LABEL.test(label) || !/^\S+(?: \S+)+$/.test(label) || draft.kind === 'term') return undefined;
  return draft.records.every((r) => r.label === label) ? label : undefined;
}

/** Every imported entry's licence: its text is Chinese Wikipedia's. */
export const LICENCE = 'CC BY-SA 4.0 (text of Chinese Wikipedia)';

const MAX_ID = 60;
/** A label in Latin letters that can serve as a name: letters, digits, spaces and . , ' & + - */
const LATIN_LABEL = /^[A-Za-z][A-Za-z0-9 .,'&+-]*$/;
/** How many of a group's names serve as context words for its ambiguous ones. */
const SIBLINGS = 12;
const ONE_HAN = /^[\u3400-\u9fff\uf900-\ufaff]$/u;

/** wp- and the label's words, or the pinyin of the first region name. */
function idBase(label: string, names: Partial<Record<ImportRegion, string>>): string {
  const latin = LATIN_LABEL.test(label) ? label : (pinyin(Object.values(names)[0] ?? label, { toneType: 'none', separator: ' ', v: true }) as string);
  const slug = latin
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID)
    .replace(/-+$/, '');
  return `wp-${slug || 'entry'}`;
}

/**
 * base, or on a clash base and a hash of where the entry comes from (its first group
 * and rule): an entry keeps its id when other groups are imported with it or not.
 */
function uniqueId(base: string, used: Set<string>, origin: string): string {
  let id = base;
  for (let salt = 0; used.has(id); salt++) id = `${base}-${shortHash(`${origin}#${salt}`)}`;
  used.add(id);
  return id;
}

/** Six hex digits of FNV-1a: enough to tell apart the few entries one label names. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return ((h >>> 0) & 0xffffff).toString(16).padStart(6, '0');
}

function unique(forms: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const form of forms) {
    const key = foldText(form);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(form);
  }
  return out;
}

/** Code-unit order: the same in every locale, so files and ids never depend on the machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
