import { z } from '@hono/zod-openapi';
import { TARGET_TAGS } from '../locale.ts';
import { KINDS } from '../glossary/entry.ts';
import { HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT } from '../service/journal.ts';
import { describeForbidden, forbiddenChar } from '../stored-text.ts';

/** 'q is required: ...' when absent, 'q must be a string' when of another type. */
function missingOrType(field: string, required: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? `${field} is required: ${required}` : `${field} must be a string`);
}

/**
 * Text an endpoint accepts: what stored text may hold (stored-text.ts), tab and line
 * breaks included, so a whole article passes; the message says what and where. C1
 * controls and U+FFFE/U+FFFF come only from a mis-decoded text, as lone surrogates do.
 */
export function textIssue(field: string) {
  return (value: string, ctx: { addIssue: (issue: { code: 'custom'; message: string; input: string }) => void }): void => {
    const found = forbiddenChar(value);
    if (found) ctx.addIssue({ code: 'custom', input: value, message: `${field} ${describeForbidden(found)}; ${found.kind === 'lone surrogate' ? "check the text's encoding" : 'remove it'}` });
  };
}

/** A JSON response with its schema, for route definitions. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

/** A required JSON request body, for route definitions. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

/** ?bom=true|false|1|0, as a boolean: start a CSV/TSV export with a UTF-8 byte order mark. */
export const BomParam = z
  .enum(['true', 'false', '1', '0'], { error: 'bom must be true or false' })
  .optional()
  .transform((v) => v === 'true' || v === '1')
  .openapi({ description: 'Start with a UTF-8 byte order mark, for spreadsheet programs' });

export const ErrorSchema = z.object({ error: z.string().openapi({ example: 'to: unknown target xx (use one of zh-CN, zh-TW, ...)' }) }).openapi('Error');

const localeNames = z
  .object({
    'zh-CN': z.string().nullable(),
    'zh-TW': z.string().nullable(),
    'zh-HK': z.string().nullable(),
    en: z.string().nullable(),
    'zh-SG': z.string().optional().openapi({ description: "Singapore's name, when it has its own (else it falls back to the mainland's)" }),
    'zh-MY': z.string().optional().openapi({ description: "Malaysia's name, when it has its own (else Singapore's, then the mainland's)" }),
    'zh-MO': z.string().optional().openapi({ description: "Macau's name, when it has its own (else Hong Kong's, then Taiwan's)" }),
  })
  .openapi({ example: { 'zh-CN': '英伟达', 'zh-TW': '輝達', 'zh-HK': 'NVIDIA', en: 'NVIDIA' } });

const partialNames = z.record(z.string(), z.string());

export const EntitySchema = z
  .object({
    id: z.string().openapi({ example: 'nvidia' }),
    version: z.number().int().optional().openapi({ description: 'The number of the last change made to the entity through the service (0: none since it came from the glossary files); also the ETag. Send it back as If-Match (or as this field) with PUT, PATCH or DELETE, and the write is refused with 409 if someone changed the entity meanwhile', example: 7 }),
    kind: z.enum(KINDS),
    names: localeNames,
    aliases: z.array(z.string()).openapi({ example: ['辉达', 'Nvidia'] }),
    full: partialNames.optional(),
    short: partialNames.optional(),
    deprecated: z.array(z.string()),
    admitted: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .openapi({ description: 'Per region (zh-CN, zh-TW, zh-HK), the Latin forms its media also write; a mention so written stays as written for that region unless spellOut', example: { 'zh-CN': ['AI'], 'zh-TW': ['AI'], 'zh-HK': ['AI'] } }),
    ambiguous: z.array(z.object({ name: z.string(), context: z.array(z.string()), default: z.boolean(), regions: z.array(z.string()).optional(), against: z.array(z.string()).optional() })),
    wikidata: z.string().optional(),
    note: z.string().optional(),
    sources: z.array(z.string()),
    topics: z.array(z.string()).optional().openapi({ description: 'The topics the entity is rewritten in (a term or a title of a work); absent: it is rewritten in any text. Lookup finds it either way', example: ['IT'] }),
    licence: z.string().optional().openapi({ description: 'The licence of data taken from elsewhere (imported from Chinese Wikipedia: CC BY-SA 4.0); absent for the glossary\'s own', example: 'CC BY-SA 4.0 (text of Chinese Wikipedia)' }),
  })
  .openapi('Entity');

export const LookupQuery = z.object({
  q: z.string({ error: missingOrType('q', 'the name to look up') }).trim().min(1, { error: 'q is required: the name to look up' }).max(200, { error: 'q is longer than 200 characters' }).superRefine(textIssue('q')).openapi({ example: 'hui da' }),
  limit: z.coerce.number({ error: 'limit must be a number' }).int({ error: 'limit must be a whole number' }).min(1, { error: 'limit must be 1 to 100' }).max(100, { error: 'limit must be 1 to 100' }).default(10).openapi({ example: 5 }),
});

export const LookupResponse = z
  .object({
    query: z.string(),
    results: z.array(
      z.object({
        entity: EntitySchema,
        matched: z.string(),
        how: z.enum(['exact', 'variant', 'pinyin', 'prefix', 'fuzzy']),
        score: z.number().min(0).max(1),
      }),
    ),
  })
  .openapi('LookupResponse');

export const MAX_TEXT_CHARS = 1_000_000;
/** Topics one request may enable: each set is a matcher laid over the glossary's, kept for the next request. */
export const MAX_TOPICS = 20;

export const CanonicalizeBody = z
  .strictObject({
    text: z.string({ error: missingOrType('text', 'the text to canonicalize') }).max(MAX_TEXT_CHARS, { error: `text is longer than ${MAX_TEXT_CHARS} characters` }).superRefine(textIssue('text')).openapi({ example: '美国总统川普(Donald Trump)表示,将允许辉达H200晶片出口' }),
    to: z.string({ error: missingOrType('to', `one of ${TARGET_TAGS.join(', ')}`) }).openapi({ example: 'zh-CN' }),
    keepLatin: z.boolean({ error: 'keepLatin must be true or false' }).optional(),
    convert: z.boolean({ error: 'convert must be true or false' }).optional(),
    spellOut: z
      .boolean({ error: 'spellOut must be true or false' })
      .optional()
      .openapi({ description: "Replace the forms the target's region also writes (an entity's `admitted`, such as AI) with the target's name: AI晶片 becomes 人工智能芯片 for zh-CN instead of AI芯片" }),
    topics: z
      .array(z.string({ error: 'each topic must be a string, such as IT' }).max(80, { error: 'a topic name is at most 80 characters' }), { error: 'topics must be a list of topic names, such as ["IT"]' })
      .max(MAX_TOPICS, { error: `at most ${MAX_TOPICS} topics` })
      .optional()
      .openapi({
        description:
          'Topics whose terms and titles of works are rewritten too (GET /v1/topics lists them): IT\'s 访问 -> 存取 is right in a text on computing and wrong for a state visit, so such entries apply only where their topic is enabled. Default: none (names of people, places, organisations, events and products apply in any text)',
        example: ['IT'],
      }),
  })
  .openapi('CanonicalizeRequest');

export const TopicsResponse = z
  .object({ topics: z.array(z.object({ topic: z.string(), entries: z.number().int().openapi({ description: 'Entries rewritten only where this topic is enabled' }) })) })
  .openapi('Topics');

export const CanonicalizeResponse = z
  .object({
    text: z.string(),
    mentions: z.array(
      z.object({
        start: z.number().int().openapi({ description: 'Unicode code points from the start of the input' }),
        end: z.number().int(),
        surface: z.string(),
        entityId: z.string(),
        replacement: z.string(),
        decided: z.enum(['plain', 'context', 'gloss']).openapi({
          description: "How it was decided: plain, the name names one entity; context, one of a name's entities chosen by the words and names around it or the text's region; gloss, a name in a gloss after another mention, kept as written or dropped as a repeat",
        }),
      }),
    ),
  })
  .openapi('CanonicalizeResponse');

export const EntityListQuery = z.object({
  kind: z.enum(KINDS, { error: `kind must be one of ${KINDS.join(', ')}` }).optional(),
  cursor: z.string().max(200).optional().openapi({ description: 'The `next` of the previous page' }),
  limit: z.coerce.number({ error: 'limit must be a number' }).int().min(1, { error: 'limit must be 1 to 500' }).max(500, { error: 'limit must be 1 to 500' }).default(100),
});

export const EntityListResponse = z.object({ entities: z.array(EntitySchema), next: z.string().nullable() }).openapi('EntityList');

export const HistoryQuery = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int({ error: 'limit must be a whole number' })
    .min(1, { error: `limit must be 1 to ${HISTORY_MAX_LIMIT}` })
    .max(HISTORY_MAX_LIMIT, { error: `limit must be 1 to ${HISTORY_MAX_LIMIT}` })
    .default(HISTORY_DEFAULT_LIMIT)
    .openapi({ description: `Changes per page (default ${HISTORY_DEFAULT_LIMIT})`, example: 20 }),
  before: z.coerce
    .number({ error: 'before must be a change number (the `next` of the previous page)' })
    .int({ error: 'before must be a change number (the `next` of the previous page)' })
    .positive({ error: 'before must be a change number (the `next` of the previous page)' })
    .optional()
    .openapi({ description: 'Only changes older than this one: the `next` of the previous page' }),
});
