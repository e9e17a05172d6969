import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { cors } from 'hono/cors';
import type { GlossaryKeeper } from '../service/glossary-keeper.ts';
import type { ServiceStore } from '../service/service-store.ts';
import { activeTokenCount } from '../service/tokens.ts';
import type { GlossarySnapshot } from '../snapshot.ts';
import type { TranslationMemory } from '../tm/translation-memory.ts';
import { canonicalizeRoutes } from './canonicalize-routes.ts';
import { topicRoutes } from './topic-routes.ts';
import { docsRoutes } from './docs-routes.ts';
import { webRoutes } from './web-routes.ts';
import { entityRoutes } from './entity-routes.ts';
import { EventLoopTurns } from './event-loop-turns.ts';
import { exportRoutes } from './export-routes.ts';
import { lookupRoutes } from './lookup-routes.ts';
import { tmRoutes } from './tm-routes.ts';
import { requireWriter } from './auth.ts';
import { validationHook } from './validation.ts';
import { isUnavailable } from '../db/unavailable.ts';

export interface AppDeps {
  /** The current glossary; called once per request, so a request finishes on the snapshot it began with. */
  readonly glossary: () => GlossarySnapshot;
  /** Keeps the glossary through writes; without it the entity write routes are unavailable. */
  readonly keeper?: GlossaryKeeper;
  /** Write tokens; without any, the service is read-only. */
  readonly service?: ServiceStore;
  /** Browser origins allowed to call the API ('*' for any); none by default. */
  readonly corsOrigins?: readonly string[];
  /** The translation memory: its store and an index that follows writes. */
  readonly tm: TranslationMemory;
  /** A runtime's own reader of request bodies into Hono's cache, bounded in size, time and memory (Node's, from server.ts). */
  readonly readBody?: (c: Context, maxBytes: number) => Promise<BodyRead>;
}

/**
 * What a readBody did: read the body into the cache; refused it (too large, or over
 * the bytes all requests may hold at once, or not in before the deadline); found the
 * client gone; or left it to the standard path.
 */
export type BodyRead = { readonly kind: 'read' | 'too-large' | 'over-budget' | 'timed-out' | 'not-handled' } | { readonly kind: 'aborted'; readonly received: number };

/** A body over this many bytes is parsed in a turn of its own (see EventLoopTurns). */
const LARGE_BODY_BYTES = 256 * 1024;

/** Seconds a client refused for lack of memory is asked to wait before trying again. */
const RETRY_AFTER_SECONDS = 5;

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);

/** Routes whose non-GET methods write, so need a token: entities and translation units (TM lookup only reads). */
const WRITE_PATHS = ['/v1/entities', '/v1/entities/*', '/v1/tm/units', '/v1/tm/units/*'];

/** The whole HTTP API as a Hono app; `serve()` lives in src/server.ts. */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'A token from `glossary token create NAME`' });

  const origins = deps.corsOrigins ?? [];
  if (origins.length > 0) {
    app.use('/v1/*', cors({ origin: origins.includes('*') ? '*' : [...origins], allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], allowHeaders: ['Content-Type', 'Authorization'], maxAge: 600 }));
  }

  // A write is refused before its body is read: without a token, a client cannot make
  // the service hold anything. This is the one check; it sets the actor the write routes read.
  const writer = requireWriter(deps.service) as unknown as MiddlewareHandler;
  for (const path of WRITE_PATHS) app.use(path, writer);

  // Long work takes turns with every other request on the loop.
  const turns = new EventLoopTurns();
  const tooLarge = `request body is over ${MAX_BODY_BYTES / 1024 / 1024} MB; send the text in smaller pieces`;
  const limit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: tooLarge }, 413) });
  // Only methods with a body are limited: the standard limit reads request.body, which
  // under Node makes the adapter build a full web Request, a large share of a small
  // request's cost. A runtime's own reader (readBody) goes first.
  app.use('/v1/*', async (c, next) => {
    if (BODYLESS.has(c.req.method)) return next();
    const read = deps.readBody ? await deps.readBody(c, MAX_BODY_BYTES) : { kind: 'not-handled' as const };
    // A body refused for its declared size is drained for a moment (@hono/node-server
    // does it), so that a client still sending it reads the answer. One refused for lack
    // of memory or time is not: the connection is closed after the answer, since
    // draining a thousand of them is the very load the refusal is there to stop.
    switch (read.kind) {
      case 'read':
        // Parsing and checking a body of megabytes takes milliseconds: its own turn, so
        // that several arriving at once do not take the loop one after another.
        if (Number(c.req.header('content-length') ?? 0) > LARGE_BODY_BYTES) await turns.next();
        return next();
      case 'not-handled':
        return limit(c, next);
      case 'too-large':
        return c.json({ error: tooLarge }, 413);
      case 'over-budget':
        return c.json({ error: `the service is holding as many request bodies as it can; retry in ${RETRY_AFTER_SECONDS} s` }, 503, { 'Retry-After': String(RETRY_AFTER_SECONDS), Connection: 'close' });
      case 'timed-out':
        return c.json({ error: 'the request body did not arrive in time; send it whole, at once' }, 408, { Connection: 'close' });
      case 'aborted':
        // The client went away mid-body: its doing, not ours, and nobody reads this answer.
        console.error(`${c.req.method} ${c.req.path}: the client closed the connection after ${read.received} bytes of the body`);
        return c.body(null, 400, { Connection: 'close' });
    }
  });
  app.use('/v1/*', async (c, next) => {
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method) && !(c.req.header('content-type') ?? '').toLowerCase().includes('application/json')) {
      // A POST with no body at all (restore) needs no type; Hono keeps the text for later reads.
      if (c.req.raw.body !== null && (await c.req.text()).length > 0) return c.json({ error: 'send the body as JSON with Content-Type: application/json' }, 415);
    }
    return next();
  });

  app.route('/v1/lookup', lookupRoutes(deps));
  app.route('/v1/canonicalize', canonicalizeRoutes(deps, turns));
  app.route('/v1/topics', topicRoutes(deps));
  app.route('/v1/entities', entityRoutes(deps));
  app.route('/v1/export', exportRoutes(deps));
  app.route('/v1/tm', tmRoutes(deps));

  app.get('/healthz', async (c) => {
    const writable = deps.service !== undefined && deps.keeper !== undefined && (await activeTokenCount(deps.service)) > 0;
    return c.json({ status: 'ok', entities: deps.glossary().entries.size, writable, ...(writable ? {} : { readOnly: 'no write token exists; create one with `glossary token create NAME`' }) });
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Bilingual entity glossary',
      version: '0.1.0',
      description: 'Canonicalize entity names in Chinese and English news to zh-CN, zh-TW, zh-HK, zh-SG, zh-MY, zh-MO or English; look names up; export and edit the glossary (writes need a bearer token); a translation memory that understands scripts and names.',
    },
  });
  app.route('/docs', docsRoutes());
  app.route('/', webRoutes());

  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}; see /docs` }, 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      const message = error.message || 'bad request';
      return c.json({ error: /malformed json/i.test(message) ? 'malformed JSON in the request body' : message }, error.status);
    }
    // The database restarting or out of reach: the request can be sent again shortly.
    if (isUnavailable(error)) {
      console.error(`database unavailable: ${(error as Error).message}`);
      return c.json({ error: 'the database is unavailable for a moment (restarting or unreachable); the request was not applied, send it again' }, 503, { 'retry-after': '1' });
    }
    console.error(error);
    return c.json({ error: 'internal error; the request was not applied' }, 500);
  });
  return app;
}
