import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { entityView } from './entity-view.ts';
import { ErrorSchema, LookupQuery, LookupResponse } from './schemas.ts';
import type { AppDeps } from './app.ts';
import { validationHook } from './validation.ts';

const route = createRoute({
  method: 'get',
  path: '/',
  summary: 'Look up an entity by any name',
  description: 'Exact, script/width/case variant, pinyin (with or without tones and spaces, or initials), prefix and typo-tolerant matches, best first.',
  request: { query: LookupQuery },
  responses: {
    200: { content: { 'application/json': { schema: LookupResponse } }, description: 'Ranked matches' },
    400: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Missing or malformed query' },
  },
});

export function lookupRoutes(deps: AppDeps) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(route, (c) => {
    const { q, limit } = c.req.valid('query');
    const glossary = deps.glossary();
    const results = glossary.lookup.lookup(q, limit).map((hit) => ({
      entity: entityView(glossary.entries.get(hit.entityId)!),
      matched: hit.matched,
      how: hit.how,
      score: Math.round(hit.score * 1000) / 1000,
    }));
    return c.json({ query: q, results }, 200);
  });
}
