import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { canonicalize } from '../canonicalize.ts';
import { parseTarget, TARGET_TAGS } from '../locale.ts';
import type { AppDeps } from './app.ts';
import { answerInTurns, canonicalizeInTurns, MENTIONS_PER_TURN, STEP_UNITS } from './canonicalize-answer.ts';
import type { EventLoopTurns } from './event-loop-turns.ts';
import { jsonText } from './json-text.ts';
import { textStream } from './text-stream.ts';
import { CanonicalizeBody, CanonicalizeResponse, ErrorSchema } from './schemas.ts';
import { UnknownTopics } from '../topics.ts';
import { validationHook } from './validation.ts';

const route = createRoute({
  method: 'post',
  path: '/',
  summary: 'Rewrite every entity mention to a target standard',
  description: `Targets: ${TARGET_TAGS.join(', ')}. Mentions are reported with code-point offsets into the input.`,
  request: { body: { content: { 'application/json': { schema: CanonicalizeBody } }, required: true } },
  responses: {
    200: { content: { 'application/json': { schema: CanonicalizeResponse } }, description: 'The rewritten text and every mention' },
    400: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Missing text, unknown target or topic, or malformed JSON' },
    413: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Body over the size limit' },
  },
});

export function canonicalizeRoutes(deps: AppDeps, turns: EventLoopTurns) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  // Documented as the route it is, but the body is checked here, with the same schema and
  // messages: the router's validator cost more than canonicalizing a short article.
  app.openAPIRegistry.registerPath(route);
  return app.post('/', async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return c.json({ error: 'malformed JSON in the request body' }, 400);
    }
    const parsed = CanonicalizeBody.safeParse(raw);
    if (!parsed.success) return validationHook(parsed, c)!;
    const body = parsed.data;
    const target = parseTarget(body.to);
    if (!target) return c.json({ error: `to: unknown target ${body.to} (use one of ${TARGET_TAGS.join(', ')})` }, 400);
    let glossary = deps.glossary();
    try {
      glossary = await glossary.withTopics(body.topics ?? []);
    } catch (error) {
      if (error instanceof UnknownTopics) return c.json({ error: `topics: ${error.message}` }, 400);
      throw error;
    }
    const options = { target, keepLatin: body.keepLatin, convert: body.convert, spellOut: body.spellOut };
    // The declared response schema is CanonicalizeResponse; json() is that shape as text.
    if (body.text.length <= STEP_UNITS) {
      const result = canonicalize(glossary, body.text, options);
      if (result.mentionCount <= MENTIONS_PER_TURN) return jsonText(c, result.json()) as never;
      // Short, but so many mentions that their JSON takes turns.
      return c.body(textStream(answerInTurns(result, turns)), 200, { 'content-type': 'application/json' }) as never;
    }
    // Too much for one go: made in turns with other requests, and sent as it is made.
    return c.body(textStream(canonicalizeInTurns(glossary, body.text, options, turns)), 200, { 'content-type': 'application/json' }) as never;
  });
}
