import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { normalizeLanguage } from '../tm/language.ts';
import { exportTable } from '../tm/table-export.ts';
import { exportTmx, refusedSummary, tmxExportStats } from '../tm/tmx-export.ts';
import { parseUnitInput } from '../tm/unit-input.ts';
import type { AppDeps } from './app.ts';
import { BomParam, ErrorSchema, json, jsonBody, textIssue } from './schemas.ts';
import { textStream } from './text-stream.ts';
import { validationHook } from './validation.ts';
import type { WriterEnv } from './auth.ts';

const language = (field: string) =>
  z
    .string({ error: (i) => (i.input === undefined ? `${field} is required: a language tag such as zh-CN, zh-TW or en` : `${field} must be a string`) })
    .refine((v) => normalizeLanguage(v) !== undefined, { error: `${field} must be a language tag such as zh-CN, zh-TW or en` });

const LookupBody = z
  .strictObject({
    text: z.string({ error: (i) => (i.input === undefined ? 'text is required: the segment to translate' : 'text must be a string') }).min(1, { error: 'text is empty' }).max(10_000, { error: 'text is longer than 10,000 characters' }).superRefine(textIssue('text')),
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
      q: z.string({ error: 'q is required: a word or name' }).trim().min(1, { error: 'q is required: a word or name' }).max(200, { error: 'q is longer than 200 characters' }).superRefine(textIssue('q')),
      limit: z.coerce.number({ error: 'limit must be a number' }).int().min(1, { error: 'limit must be 1 to 200' }).max(200, { error: 'limit must be 1 to 200' }).default(50),
    }),
  },
  responses: {
    200: {
      content: {
        'application/json': {
          schema: z
            .object({
              units: z.array(z.object({ unitId: z.number().int(), segments: z.record(z.string(), z.string()) })),
              complete: z.boolean().openapi({ description: 'false when the search stopped at its work limit (a short query of common characters in a large memory): more units may hold q; add characters to narrow it' }),
            })
            .openapi('TmSearchResponse'),
        },
      },
      description: 'Units',
    },
    400: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Bad request' },
  },
});

const Unit = z
  .object({
    unitId: z.number().int(),
    segments: z.record(z.string(), z.string()),
    notes: z.array(z.string()),
    createdAt: z.string(),
  })
  .openapi('TmUnit', { example: { unitId: 1, segments: { 'zh-CN': '英伟达发布H200芯片', en: 'NVIDIA releases the H200 chip' }, notes: [], createdAt: '2026-11-23T04:00:00.000Z' } });

const UnitBody = z
  .strictObject({
    segments: z.record(z.string(), z.string({ error: 'each segment must be a string' }), { error: 'segments is required: an object of language tag to text, e.g. {"zh-CN": "...", "en": "..."}' }),
    notes: z.array(z.string({ error: 'each note must be a string' }), { error: 'notes must be a list of strings' }).max(20, { error: 'at most 20 notes' }).optional(),
  })
  .openapi('TmUnitInput', { example: { segments: { 'zh-CN': '英伟达发布H200芯片', en: 'NVIDIA releases the H200 chip' } } });

const Duplicate = z.object({ error: z.string(), unitId: z.number().int() }).openapi('TmDuplicate');

const UnitId = z.object({
  id: z.coerce.number({ error: 'the unit id must be a number' }).int({ error: 'the unit id must be a whole number' }).positive({ error: 'the unit id must be positive' }).openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

const errors = {
  400: json(ErrorSchema, 'Bad request'),
  404: json(ErrorSchema, 'No such unit'),
  409: json(Duplicate, 'Another unit has exactly these segments'),
};

const addUnit = createRoute({ method: 'post', path: '/units', summary: 'Add a unit', request: jsonBody(UnitBody), responses: { 201: json(Unit, 'The unit as stored'), 400: errors[400], 409: errors[409] } });
const getUnit = createRoute({ method: 'get', path: '/units/{id}', summary: 'One unit', request: { params: UnitId }, responses: { 200: json(Unit, 'The unit'), 400: errors[400], 404: errors[404] } });
const putUnit = createRoute({ method: 'put', path: '/units/{id}', summary: "Replace a unit's segments (and notes, when given)", request: { params: UnitId, ...jsonBody(UnitBody) }, responses: { 200: json(Unit, 'The unit as stored'), ...errors } });
const deleteUnit = createRoute({ method: 'delete', path: '/units/{id}', summary: 'Delete a unit', request: { params: UnitId }, responses: { 204: { description: 'Deleted' }, 400: errors[400], 404: errors[404] } });

const exportRoute = createRoute({
  method: 'get',
  path: '/export',
  summary: 'Export the whole memory',
  description: 'TMX 1.4b (lossless: inline tags, props and notes kept), or CSV/TSV with a header of language tags and one row per unit.',
  request: {
    query: z.object({
      format: z.enum(['tmx', 'csv', 'tsv'], { error: 'format must be tmx, csv or tsv' }).default('tmx'),
      bom: BomParam,
    }),
  },
  responses: {
    200: { content: { 'application/x-tmx+xml': { schema: z.string() }, 'text/csv': { schema: z.string() } }, description: 'The memory' },
    400: errors[400],
  },
});

const TYPES = { tmx: 'application/x-tmx+xml; charset=utf-8', csv: 'text/csv; charset=utf-8', tsv: 'text/tab-separated-values; charset=utf-8' };

export function tmRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<WriterEnv>({ defaultHook: validationHook });
  // Unit writes need a token, checked by the app before their body is read (WRITE_PATHS).
  return app
    .openapi(lookup, async (c) => {
      const body = c.req.valid('json');
      const matches = (await deps.tm.lookup(body)).map((m) => ({ ...m, diff: [...m.diff] }));
      return c.json({ matches }, 200);
    })
    .openapi(search, async (c) => {
      const { q, limit } = c.req.valid('query');
      return c.json(await deps.tm.search(q, limit), 200);
    })
    .openapi(addUnit, async (c) => {
      const body = c.req.valid('json');
      const parsed = parseUnitInput(body.segments, body.notes);
      if (!parsed.ok) return c.json({ error: parsed.error }, 400);
      const result = await deps.tm.add(parsed.input);
      if (!result.ok) return c.json({ error: `unit ${result.duplicateOf} already has exactly these segments; edit it with PUT /v1/tm/units/${result.duplicateOf}`, unitId: result.duplicateOf }, 409);
      return c.json(result.unit, 201, { Location: `/v1/tm/units/${result.unit.unitId}` });
    })
    .openapi(getUnit, async (c) => {
      const { id } = c.req.valid('param');
      const unit = await deps.tm.get(id);
      return unit ? c.json(unit, 200) : c.json({ error: `no unit ${id}` }, 404);
    })
    .openapi(putUnit, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const parsed = parseUnitInput(body.segments, body.notes);
      if (!parsed.ok) return c.json({ error: parsed.error }, 400);
      const result = await deps.tm.replace(id, parsed.input);
      if (!result) return c.json({ error: `no unit ${id}; add it with POST /v1/tm/units` }, 404);
      if (!result.ok) return c.json({ error: `unit ${result.duplicateOf} already has exactly these segments`, unitId: result.duplicateOf }, 409);
      return c.json(result.unit, 200);
    })
    .openapi(deleteUnit, async (c) => {
      const { id } = c.req.valid('param');
      return (await deps.tm.delete(id)) ? c.body(null, 204) : c.json({ error: `no unit ${id}` }, 404);
    })
    .openapi(exportRoute, (c) => {
      const { format, bom } = c.req.valid('query');
      const chunks = format === 'tmx' ? tmxWithReport(deps.tm.db) : exportTable(deps.tm.db, format, undefined, { bom });
      return c.body(textStream(chunks), 200, { 'Content-Type': TYPES[format], 'Content-Disposition': `attachment; filename="memory.${format}"` });
    });
}

/**
 * The TMX export; units an import will refuse are marked by comments in the file,
 * and, as a response has no stderr, named in the server's log once it is sent.
 */
async function* tmxWithReport(db: AppDeps['tm']['db']): AsyncGenerator<string> {
  const stats = tmxExportStats();
  yield* exportTmx(db, { stats });
  if (stats.refused > 0) console.warn(`GET /v1/tm/export: ${refusedSummary(stats)}`);
}
