import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ExpectedVersion, WriteResult } from '../service/glossary-keeper.ts';
import type { AppDeps } from './app.ts';
import type { WriterEnv } from './auth.ts';
import { changeView, entityView } from '../service/entity-view.ts';
import { EntityListQuery, EntityListResponse, EntitySchema, ErrorSchema, HistoryQuery, json, jsonBody } from './schemas.ts';
import { validationHook } from './validation.ts';

/**
 * If-Match: the ETag GET gave ("7"; W/"7" and a bare 7 are read alike), or * for any
 * version. Refused (400) when it is neither, so a typo is not taken for no precondition.
 */
const IfMatch = z.object({
  'if-match': z
    .string()
    .regex(/^\s*(\*|(W\/)?"?\d{1,15}"?)\s*$/, { error: 'If-Match must be the entity\'s ETag as GET returned it, e.g. "7" (or * for any version)' })
    .optional()
    .openapi({ description: 'The entity\'s ETag as GET returned it: the write is refused with 409 and the current entity if it changed since', example: '"7"' }),
});

function expectedVersion(ifMatch: string | undefined): ExpectedVersion {
  if (ifMatch?.trim() === '*') return 'any';
  const digits = ifMatch?.match(/\d+/)?.[0];
  return digits === undefined ? undefined : Number(digits);
}

const IdParam = z.object({ id: z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' }, example: 'nvidia' }) });

/** Bodies are checked by the build's own schema (same rules, same messages), not here. */
const EntityInput = z.record(z.string(), z.unknown()).openapi('EntityInput', {
  description: 'An entity in the shape GET returns: { id, kind, names: { "zh-CN", "zh-TW", "zh-HK", "en" }, aliases, ... }',
  example: { id: 'moore-threads', kind: 'org', names: { 'zh-CN': '摩尔线程', 'zh-TW': '摩爾線程', 'zh-HK': null, en: 'Moore Threads' }, aliases: [] },
});
const Conflict = z.object({ error: z.string(), conflict: EntitySchema.optional() }).openapi('Conflict');
const Change = z
  .object({
    seq: z.number().int(),
    action: z.enum(['create', 'update', 'delete', 'restore']),
    actor: z.string(),
    at: z.string(),
    before: EntitySchema.nullable(),
    after: EntitySchema.nullable(),
    merged: z.boolean().openapi({ description: 'Written into glossary/ files by `glossary export --format yaml`' }),
  })
  .openapi('EntityChange');
const writeErrors = {
  400: json(ErrorSchema, 'The entity breaks a glossary rule (the build’s message)'),
  401: json(ErrorSchema, 'No valid token'),
  403: json(ErrorSchema, 'The service is read-only (no token configured)'),
  409: json(Conflict, 'The write would clash with another entity, which is returned; or the entity is no longer at the version sent (If-Match), and is returned as it is now'),
  503: json(ErrorSchema, 'Other writers kept changing the glossary while this write was checked; nothing was written, send it again'),
};
const security = [{ bearer: [] as string[] }];

const one = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One entity by id, with its version (also its ETag)',
  request: { params: IdParam },
  responses: { 200: { ...json(EntitySchema, 'The entity'), headers: z.object({ ETag: z.string().openapi({ example: '"7"' }) }) }, 404: json(ErrorSchema, 'No entity has that id') },
});
const list = createRoute({
  method: 'get',
  path: '/',
  summary: 'Entities in id order, a page at a time',
  description: 'Pass the `next` of one page as `cursor` to get the following page; `next` is null on the last page.',
  request: { query: EntityListQuery },
  responses: { 200: json(EntityListResponse, 'A page of entities'), 400: json(ErrorSchema, 'Bad kind, cursor or limit') },
});
const create = createRoute({ method: 'post', path: '/', summary: 'Add an entity', security, request: jsonBody(EntityInput), responses: { 201: json(EntitySchema, 'The entity as stored'), ...writeErrors } });
const replace = createRoute({ method: 'put', path: '/{id}', summary: 'Replace an entity', security, request: { params: IdParam, headers: IfMatch, ...jsonBody(EntityInput) }, responses: { 200: json(EntitySchema, 'The entity as stored'), 404: json(ErrorSchema, 'No such entity'), ...writeErrors } });
const AliasEdit = z
  .strictObject({
    add: z.string({ error: 'add must be a text' }).optional(),
    remove: z.string({ error: 'remove must be a text' }).optional(),
  })
  .refine((b) => (b.add === undefined) !== (b.remove === undefined), { error: 'send exactly one of add or remove, e.g. {"add": "辉达"}' })
  .openapi('AliasEdit', { example: { add: '辉达' } });
const patch = createRoute({ method: 'patch', path: '/{id}', summary: 'Add or remove one alias', security, request: { params: IdParam, headers: IfMatch, ...jsonBody(AliasEdit) }, responses: { 200: json(EntitySchema, 'The entity as stored'), 404: json(ErrorSchema, 'No such entity or alias'), ...writeErrors } });
const remove = createRoute({ method: 'delete', path: '/{id}', summary: 'Delete an entity (restorable from its history)', security, request: { params: IdParam, headers: IfMatch }, responses: { 204: { description: 'Deleted' }, 404: json(ErrorSchema, 'No such entity'), ...writeErrors } });
const history = createRoute({
  method: 'get',
  path: '/{id}/history',
  summary: 'The changes made to an entity through the service, newest first, a page at a time',
  description: 'Pass the `next` of one page as `before` to get the next (older) page; `next` is null on the last page.',
  request: { params: IdParam, query: HistoryQuery },
  responses: {
    200: json(
      z.object({ id: z.string(), changes: z.array(Change), next: z.number().int().nullable().openapi({ description: 'The `before` of the next page; null on the last' }) }).openapi('EntityHistory'),
      'A page of changes (empty for an entity never edited through the service)',
    ),
    400: json(ErrorSchema, 'Bad limit or before'),
  },
});
const restore = createRoute({
  method: 'post',
  path: '/{id}/restore',
  summary: 'Restore an entity as it was before a change (by default, before its latest deletion)',
  security,
  request: { params: IdParam, body: { content: { 'application/json': { schema: z.strictObject({ seq: z.number({ error: 'seq must be a change number' }).int().positive().optional() }).openapi('Restore') } }, required: false } },
  responses: { 200: json(EntitySchema, 'The entity as restored'), 404: json(ErrorSchema, 'No such change'), ...writeErrors },
});

export function entityRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<WriterEnv>({ defaultHook: validationHook });
  // Writes need a token, checked by the app before their body is read (WRITE_PATHS).
  const keeper = () => {
    if (!deps.keeper) throw new Error('entity writes need a GlossaryKeeper');
    return deps.keeper;
  };
  const view = (entry: Parameters<typeof entityView>[0]) => entityView(entry, deps.keeper?.versionOf(entry.id) ?? 0);
  const answer = (c: { json: (body: unknown, status: number, headers?: Record<string, string>) => Response }, result: WriteResult, ok: 200 | 201) => {
    if (!result.ok) return c.json(result.conflict ? { error: result.error, conflict: view(result.conflict) } : { error: result.error }, result.status);
    return c.json(view(result.entry!), ok, { etag: `"${result.change.seq}"` });
  };
  return app
    .openapi(one, (c) => {
      const { id } = c.req.valid('param');
      const entry = deps.glossary().entries.get(id);
      if (!entry) return c.json({ error: `no entity with id ${id}; search with /v1/lookup?q=` }, 404);
      const body = view(entry);
      return c.json(body, 200, { etag: `"${body.version}"` });
    })
    .openapi(list, (c) => {
      const page = deps.glossary().page(c.req.valid('query'));
      return c.json({ entities: page.entries.map(view), next: page.next }, 200);
    })
    .openapi(create, async (c) => answer(c, await keeper().create(c.get('actor'), c.req.valid('json')), 201) as never)
    .openapi(replace, async (c) => answer(c, await keeper().replace(c.get('actor'), c.req.valid('param').id, c.req.valid('json'), expectedVersion(c.req.valid('header')['if-match'])), 200) as never)
    .openapi(patch, async (c) => answer(c, await keeper().editAlias(c.get('actor'), c.req.valid('param').id, c.req.valid('json'), expectedVersion(c.req.valid('header')['if-match'])), 200) as never)
    .openapi(remove, async (c) => {
      const result = await keeper().delete(c.get('actor'), c.req.valid('param').id, expectedVersion(c.req.valid('header')['if-match']));
      if (result.ok) return c.body(null, 204) as never;
      return c.json(result.conflict ? { error: result.error, conflict: view(result.conflict) } : { error: result.error }, result.status as 404) as never;
    })
    .openapi(history, async (c) => {
      const { id } = c.req.valid('param');
      const page = await keeper().history(id, c.req.valid('query'));
      return c.json({ id, changes: page.changes.map(changeView), next: page.next }, 200);
    })
    .openapi(restore, async (c) => {
      // The body is optional: without one, the latest deletion is undone.
      const body = (c.req.header('content-type') ?? '').includes('application/json') ? c.req.valid('json') : {};
      return answer(c, await keeper().restore(c.get('actor'), c.req.valid('param').id, body?.seq), 200) as never;
    });
}
