import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { findEntry, listEntries } from '../db/glossary-repository.ts';
import type { AppDeps } from './app.ts';
import { entityView } from './entity-view.ts';
import { EntityListQuery, EntityListResponse, EntitySchema, ErrorSchema } from './schemas.ts';
import { validationHook } from './validation.ts';

const one = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One entity by id',
  request: { params: z.object({ id: z.string().min(1).max(200).openapi({ example: 'nvidia' }) }) },
  responses: {
    200: { content: { 'application/json': { schema: EntitySchema } }, description: 'The entity' },
    404: { content: { 'application/json': { schema: ErrorSchema } }, description: 'No entity has that id' },
  },
});

const list = createRoute({
  method: 'get',
  path: '/',
  summary: 'Entities in id order, a page at a time',
  description: 'Pass the `next` of one page as `cursor` to get the following page; `next` is null on the last page.',
  request: { query: EntityListQuery },
  responses: {
    200: { content: { 'application/json': { schema: EntityListResponse } }, description: 'A page of entities' },
    400: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Bad kind, cursor or limit' },
  },
});

export function entityRoutes(deps: AppDeps) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(one, async (c) => {
      const { id } = c.req.valid('param');
      const entry = await findEntry(deps.db, id);
      if (!entry) return c.json({ error: `no entity with id ${id}; search with /v1/lookup?q=` }, 404);
      return c.json(entityView(entry), 200);
    })
    .openapi(list, async (c) => {
      const query = c.req.valid('query');
      const page = await listEntries(deps.db, query);
      return c.json({ entities: page.entries.map(entityView), next: page.next }, 200);
    });
}
