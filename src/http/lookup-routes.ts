import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { EntryMatch } from '../snapshot.ts';
import { entityJson } from './entity-view.ts';
import { ErrorSchema, LookupQuery, LookupResponse } from './schemas.ts';
import type { AppDeps } from './app.ts';
import { jsonText } from './json-text.ts';
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

/**
 * The lookup answer, `{ query, results: [{ entity, matched, how, score }] }`, as JSON
 * text: each entity's JSON is made once per entry (see entityJson), not per request.
 */
function answerJson(query: string, results: readonly EntryMatch[]): string {
  const parts = results.map((r) => `{"entity":${entityJson(r.entry)},"matched":${JSON.stringify(r.matched)},"how":"${r.how}","score":${JSON.stringify(r.score)}}`);
  return `{"query":${JSON.stringify(query)},"results":[${parts.join(',')}]}`;
}

export function lookupRoutes(deps: AppDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  // Documented as the route it is, but the query is checked here, with the same schema and
  // messages: the router's validator made the service's most frequent request a third slower.
  app.openAPIRegistry.registerPath(route);
  return app.get('/', (c) => {
    const parsed = LookupQuery.safeParse(c.req.query());
    if (!parsed.success) return validationHook(parsed, c)!;
    const { q, limit } = parsed.data;
    // The declared response schema is LookupResponse; answerJson is that shape as text.
    return jsonText(c, answerJson(q, deps.glossary().lookupEntries(q, limit)));
  });
}
