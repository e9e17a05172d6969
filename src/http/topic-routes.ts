import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from './app.ts';
import { TopicsResponse } from './schemas.ts';
import { validationHook } from './validation.ts';

const route = createRoute({
  method: 'get',
  path: '/',
  summary: 'The topics a canonicalize request can enable',
  description: 'Each topic with how many entries (terms, titles of works) are rewritten only where it is enabled.',
  responses: { 200: { content: { 'application/json': { schema: TopicsResponse } }, description: 'Every topic of the glossary, by name' } },
});

export function topicRoutes(deps: AppDeps) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(route, async (c) => c.json({ topics: (await deps.glossary().topicIndex()).list() }, 200));
}
