import { z } from 'zod';
import { foldText, isLatinName } from '../fold.ts';
import { NAME_LOCALES, REGIONS, type NameLocale, type Region } from '../locale.ts';
import { describeForbidden, forbiddenChar } from '../stored-text.ts';

/** work: the title of a film, book, game or series (imported from Wikipedia's groups of works, kept to their topic). */
export const KINDS = ['person', 'org', 'product', 'place', 'event', 'term', 'work'] as const;
export type Kind = (typeof KINDS)[number];

/**
 * Refuses what stored text may not hold (stored-text.ts): control characters, lone
 * surrogates, U+FFFE/U+FFFF; one-line fields refuse tab and line breaks too. Every
 * text field of an entry passes here, for the build and the service alike.
 */
const cleanText =
  (oneLine: boolean) =>
  (s: string, ctx: z.RefinementCtx): void => {
    const found = forbiddenChar(s, { oneLine });
    if (found) ctx.addIssue({ code: 'custom', input: s, message: `${describeForbidden(found)}; remove it` });
  };

const nonEmpty = z
  .string({ error: 'must be a text' })
  .trim()
  .min(1, { error: 'empty name' })
  .max(200, { error: 'name longer than 200 characters' })
  .superRefine(cleanText(true));

/** A topic's name (IT, Movie, 政治人物): one line, no comma (the CLI takes --topic IT,Movie). */
export const topicName = z
  .string({ error: 'a topic name must be a text' })
  .trim()
  .min(1, { error: 'empty topic name' })
  .max(80, { error: 'topic name longer than 80 characters' })
  .regex(/^[^,\s]+(?: [^,\s]+)*$/u, { error: 'a topic name has no comma and no spaces at its ends or twice in a row' })
  .superRefine(cleanText(true));

const localeMap = z
  .record(z.string(), nonEmpty)
  .superRefine((map, ctx) => {
    for (const key of Object.keys(map)) {
      if (!(NAME_LOCALES as readonly string[]).includes(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `unknown locale ${key} (use one of ${NAME_LOCALES.join(', ')})` });
      }
    }
  });

/**
 * A name that can mean more than one thing (Rubin the chip, Rubin the person) or
 * that is also a plain phrase (千问). It matches in text only when the context decides.
 */
export const ambiguousNameSchema = z
  .strictObject({
    name: nonEmpty,
    /** Words that, near a mention, say it is this entity. */
    context: z.array(nonEmpty).default([]),
    /** Take this entity when the context names no candidate. */
    default: z.boolean().default(false),
    /**
     * The regions whose own text means this entity by the bare name (China's 外交部 in
     * mainland text): there it is the default; in text detected as another region's,
     * the bare name is more likely that region's own, and counts against this entity.
     */
    regions: z.array(z.enum(REGIONS as unknown as [Region, ...Region[]], { error: `each region must be one of ${REGIONS.join(', ')}` })).optional(),
    /**
     * Longer words that hold the name and mean something else (美超微 holds 超微, IDC机房
     * holds IDC): a mention inside one of them is never this entity.
     */
    against: z.array(nonEmpty).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.default && a.regions && a.regions.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['regions'], message: `${a.name}: default already takes this entity in every region's text; keep default or regions, not both` });
    }
    const name = foldText(a.name.trim());
    for (const word of a.against ?? []) {
      const folded = foldText(word.trim());
      if (folded === name || !folded.includes(name)) {
        ctx.addIssue({ code: 'custom', path: ['against'], message: `against word ${word} must be longer than ${a.name} and hold it` });
      }
    }
  });

/**
 * Per region, the Latin forms that region's media also write (AI, CEO): a mention so
 * written stays as written for a target of that region. English is no region here:
 * an English target always takes the English name.
 */
const admittedMap = z
  .record(z.string(), z.array(nonEmpty, { error: 'must be a list of forms, such as [AI]' }).min(1, { error: 'list at least one form, or leave the region out' }))
  .superRefine((map, ctx) => {
    for (const key of Object.keys(map)) {
      if (!(REGIONS as readonly string[]).includes(key)) {
        const why = key === 'en' ? 'an English target always takes the English name' : `unknown region ${key}`;
        ctx.addIssue({ code: 'custom', path: [key], message: `${why} (admitted forms are for ${REGIONS.join(', ')})` });
      }
    }
  });

const entryFields = z.strictObject({
  id: z
    .string({ error: 'id is required' })
    .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'id must be lowercase letters, digits and hyphens' })
    .max(80),
  kind: z.enum(KINDS, { error: `kind must be one of ${KINDS.join(', ')}` }),
  names: localeMap.refine((m) => Object.keys(m).length > 0, { error: 'names needs at least one locale' }),
  full: localeMap.optional(),
  short: localeMap.optional(),
  aliases: z.array(nonEmpty).default([]),
  deprecated: z.array(nonEmpty).default([]),
  admitted: admittedMap.optional(),
  ambiguous: z.array(ambiguousNameSchema).default([]),
  wikidata: z.string().regex(/^Q[1-9][0-9]*$/, { error: 'wikidata must look like Q182477' }).optional(),
  note: z.string({ error: 'note must be a text' }).max(2000, { error: 'note longer than 2,000 characters' }).superRefine(cleanText(false)).optional(),
  sources: z.array(z.string({ error: 'each source must be a text' }).max(500, { error: 'source longer than 500 characters' }).superRefine(cleanText(true))).default([]),
  /**
   * The topics this entry is right in (a term such as 访问 -> 存取 is right for computing,
   * wrong for a state visit): it is rewritten only in text whose caller enables one of
   * them; without topics it applies in any text.
   */
  topics: z
    .array(topicName, { error: 'topics must be a list of topic names, such as [IT]' })
    .min(1, { error: 'list at least one topic, or leave topics out' })
    .refine((list) => new Set(list).size === list.length, { error: 'a topic is listed twice' })
    .optional(),
  /** The licence of data taken from elsewhere (an import writes it: Wikipedia's text is CC BY-SA 4.0); exports carry it. */
  licence: z.string({ error: 'licence must be a text' }).max(200, { error: 'licence longer than 200 characters' }).superRefine(cleanText(true)).optional(),
});

export const entrySchema = entryFields.superRefine((entry, ctx) => {
  for (const [region, forms] of Object.entries(entry.admitted ?? {})) {
    forms.forEach((form, i) => {
      const problem = admittedProblem(entry, form);
      if (problem) ctx.addIssue({ code: 'custom', path: ['admitted', region, i], input: form, message: problem });
    });
  }
});

/**
 * Why form cannot be admitted, if it cannot: an admitted form is a Latin name the
 * entity already has (the matcher finds it as that name), and not one it deprecates.
 * admittedProblem({ id: 'artificial-intelligence', names: { en: 'AI', ... } }, 'GPU')
 *   -> 'GPU is not a name of artificial-intelligence; add it to names or aliases first'
 */
function admittedProblem(entry: z.infer<typeof entryFields>, form: string): string | undefined {
  if (!isLatinName(form)) return `${form} is not in Latin letters: an admitted form is a Latin form (AI, CEO); a Chinese name a region writes belongs in names or aliases`;
  const key = foldText(form.normalize('NFC').trim());
  const folded = (list: readonly string[]): boolean => list.some((n) => foldText(n.normalize('NFC').trim()) === key);
  if (folded(entry.deprecated)) return `${form} is deprecated for ${entry.id}, so no region can admit it`;
  const names = [entry.names, entry.full ?? {}, entry.short ?? {}].flatMap((m) => Object.values(m));
  if (!folded([...names, ...entry.aliases, ...entry.ambiguous.map((a) => a.name)])) return `${form} is not a name of ${entry.id}; add it to names or aliases first`;
  return undefined;
}

export type AmbiguousName = z.infer<typeof ambiguousNameSchema>;
export type LocaleNames = Partial<Record<NameLocale, string>>;
/** Per region, the Latin forms its media also write (see admittedMap). */
export type AdmittedForms = Partial<Record<Region, readonly string[]>>;

/** One entity of the glossary as editors write it, after validation. */
export interface Entry {
  readonly id: string;
  readonly kind: Kind;
  readonly names: LocaleNames;
  readonly full?: LocaleNames;
  readonly short?: LocaleNames;
  readonly aliases: readonly string[];
  readonly deprecated: readonly string[];
  readonly admitted?: AdmittedForms;
  readonly ambiguous: readonly AmbiguousName[];
  readonly wikidata?: string;
  readonly note?: string;
  readonly sources: readonly string[];
  /** The topics the entry applies in; absent: it applies in any text. */
  readonly topics?: readonly string[];
  readonly licence?: string;
}

/** Where an entry was written, for error messages. */
export interface Located<T> {
  readonly value: T;
  readonly file: string;
  readonly line: number;
}

export interface EntryIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * Check one entry against the schema. The one place both the build (YAML files) and
 * the service (request bodies) validate an entry, so they say the same things.
 */
export function parseEntry(value: unknown): { ok: true; entry: Entry } | { ok: false; issues: EntryIssue[] } {
  const parsed = entrySchema.safeParse(value);
  if (parsed.success) return { ok: true, entry: withoutUndefined(parsed.data) as Entry };
  return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: issue.path, message: explain(issue) })) };
}

/** A schema issue in the words the build uses: 'unknown field x', 'is required', or zod's message. */
function explain(issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) return `unknown field ${issue.keys.join(', ')}`;
  if (issue.message.startsWith('Invalid input: expected') && issue.message.endsWith('received undefined')) return 'is required';
  return issue.message;
}

/** Optional fields that are absent stay absent, so entries compare and serialize the same way. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
