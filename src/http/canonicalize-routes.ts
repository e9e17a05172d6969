import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { canonicalize } from '../canonicalize.ts';
import { parseTarget, TARGET_TAGS } from '../locale.ts';
import type { AppDeps } from './app.ts';
import { jsonText } from './json-text.ts';
import { CanonicalizeBody, CanonicalizeResponse, ErrorSchema } from './schemas.ts';
import { validationHook } from './validation.ts';

const route = createRoute({
  method: 'post',
  path: '/',
  summary: 'Rewrite every entity mention to a target standard',
  description: `Targets: ${TARGET_TAGS.join(', ')}. Mentions are reported with code-point offsets into the input.`,
  request: { body: { content: { 'application/json': { schema: CanonicalizeBody } }, required: true } },
  responses: {
    200: { content: { 'application/json': { schema: CanonicalizeResponse } }, description: 'The rewritten text and every mention' },
    400: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Missing text, unknown target or malformed JSON' },
    413: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Body over the size limit' },
  },
});

export function canonicalizeRoutes(deps: AppDeps) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(route, (c) => {
    const body = c.req.valid('json');
    const target = parseTarget(body.to);
    if (!target) return c.json({ error: `to: unknown target ${body.to} (use one of ${TARGET_TAGS.join(', ')})` }, 400);
    const result = canonicalize(deps.glossary(), body.text, { target, keepLatin: body.keepLatin, convert: body.convert });
    // The declared response schema is CanonicalizeResponse; json() is that shape as text.
    return jsonText(c, result.json()) as never;
  });
}
