import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { normalizeLanguage } from '../tm/language.ts';
import type { AppDeps } from './app.ts';
import { ErrorSchema } from './schemas.ts';
import { validationHook } from './validation.ts';

const language = (field: string) =>
  z
    .string({ error: (i) => (i.input === undefined ? `${field} is required: a language tag such as zh-CN, zh-TW or en` : `${field} must be a string`) })
    .refine((v) => normalizeLanguage(v) !== undefined, { error: `${field} must be a language tag such as zh-CN, zh-TW or en` });

const LookupBody = z
  .strictObject({
    text: z.string({ error: (i) => (i.input === undefined ? 'text is required: the segment to translate' : 'text must be a string') }).min(1, { error: 'text is empty' }).max(10_000, { error: 'text is longer than 10,000 characters' }),
    from: language('from'),
    to: language('to'),
    minScore: z.number({ error: 'minScore must be a number from 0 to 100' }).min(0, { error: 'minScore must be 0 to 100' }).max(100, { error: 'minScore must be 0 to 100' }).optional(),
    limit: z.number({ error: 'limit must be a number' }).int({ error: 'limit must be a whole number' }).min(1, { error: 'limit must be 1 to 50' }).max(50, { error: 'limit must be 1 to 50' }).optional(),
  })
  .openapi('TmLookupRequest', { example: { text: '华为发布H200芯片', from: 'zh-CN', to: 'en' } });

const Match = z.object({
  unitId: z.number().int(),
  source: z.string(),
  target: z.string(),
  score: z.number().int().min(0).max(100),
  patched: z.boolean(),
  diff: z.array(z.object({ op: z.enum(['replace', 'insert', 'delete']), stored: z.string(), query: z.string() })),
});

const lookup = createRoute({
  method: 'post',
  path: '/lookup',
  summary: 'Fuzzy matches for a segment, across scripts, regions and entity names',
  request: { body: { content: { 'application/json': { schema: LookupBody } }, required: true } },
  responses: {
    200: { content: { 'application/json': { schema: z.object({ matches: z.array(Match) }).openapi('TmLookupResponse') } }, description: 'Matches, best first' },
    400: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Bad request' },
  },
});

const search = createRoute({
  method: 'get',
  path: '/search',
  summary: 'Concordance: every unit with a segment containing the word or name, in any script',
  request: {
    query: z.object({
      q: z.string({ error: 'q is required: a word or name' }).trim().min(1, { error: 'q is required: a word or name' }).max(200, { error: 'q is longer than 200 characters' }),
      limit: z.coerce.number({ error: 'limit must be a number' }).int().min(1, { error: 'limit must be 1 to 200' }).max(200, { error: 'limit must be 1 to 200' }).default(50),
    }),
  },
  responses: {
    200: { content: { 'application/json': { schema: z.object({ units: z.array(z.object({ unitId: z.number().int(), segments: z.record(z.string(), z.string()) })) }).openapi('TmSearchResponse') } }, description: 'Units' },
    400: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Bad request' },
  },
});

export function tmRoutes(deps: AppDeps) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(lookup, (c) => {
      const body = c.req.valid('json');
      const matches = deps.tm().lookup(body).map((m) => ({ ...m, diff: [...m.diff] }));
      return c.json({ matches }, 200);
    })
    .openapi(search, (c) => {
      const { q, limit } = c.req.valid('query');
      return c.json({ units: deps.tm().search(q, limit) }, 200);
    });
}
