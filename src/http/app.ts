import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { swaggerUI } from '@hono/swagger-ui';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { cors } from 'hono/cors';
import type { GlossaryKeeper } from '../service/glossary-keeper.ts';
import type { ServiceStore } from '../service/service-store.ts';
import { activeTokenCount } from '../service/tokens.ts';
import type { GlossarySnapshot } from '../snapshot.ts';
import type { TranslationMemory } from '../tm/translation-memory.ts';
import { canonicalizeRoutes } from './canonicalize-routes.ts';
import { entityRoutes } from './entity-routes.ts';
import { exportRoutes } from './export-routes.ts';
import { lookupRoutes } from './lookup-routes.ts';
import { tmRoutes } from './tm-routes.ts';
import { validationHook } from './validation.ts';

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
  /** A runtime's faster way to read a JSON body into Hono's cache (Node's, from server.ts). */
  readonly readJsonBody?: (c: Context, maxBytes: number) => Promise<JsonBodyRead>;
}

/** What a readJsonBody did: read it into the cache, found it too large, or left it to the standard path. */
export type JsonBodyRead = 'read' | 'too-large' | 'not-handled';

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);

/** The whole HTTP API as a Hono app; `serve()` lives in src/server.ts. */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'A token from `glossary token create NAME`' });

  const origins = deps.corsOrigins ?? [];
  if (origins.length > 0) {
    app.use('/v1/*', cors({ origin: origins.includes('*') ? '*' : [...origins], allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], allowHeaders: ['Content-Type', 'Authorization'], maxAge: 600 }));
  }

  const tooLarge = `request body is over ${MAX_BODY_BYTES / 1024 / 1024} MB; send the text in smaller pieces`;
  const limit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: tooLarge }, 413) });
  // Only methods with a body are limited: the standard limit reads request.body, which
  // under Node makes the adapter build a full web Request, a large share of a small
  // request's cost. A runtime's own reader (readJsonBody) goes first.
  app.use('/v1/*', async (c, next) => {
    if (BODYLESS.has(c.req.method)) return next();
    const read = deps.readJsonBody ? await deps.readJsonBody(c, MAX_BODY_BYTES) : 'not-handled';
    if (read === 'too-large') return c.json({ error: tooLarge }, 413);
    return read === 'read' ? next() : limit(c, next);
  });
  app.use('/v1/*', async (c, next) => {
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method) && !(c.req.header('content-type') ?? '').toLowerCase().includes('application/json')) {
      // A POST with no body at all (restore) needs no type; Hono keeps the text for later reads.
      if (c.req.raw.body !== null && (await c.req.text()).length > 0) return c.json({ error: 'send the body as JSON with Content-Type: application/json' }, 415);
    }
    return next();
  });

  app.route('/v1/lookup', lookupRoutes(deps));
  app.route('/v1/canonicalize', canonicalizeRoutes(deps));
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
      description: 'Canonicalize entity names in Chinese and English news to zh-CN, zh-TW, zh-HK or English; look names up; export and edit the glossary (writes need a bearer token); a translation memory that understands scripts and names.',
    },
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json', title: 'Bilingual entity glossary API' }));

  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}; see /docs` }, 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      const message = error.message || 'bad request';
      return c.json({ error: /malformed json/i.test(message) ? 'malformed JSON in the request body' : message }, error.status);
    }
    console.error(error);
    return c.json({ error: 'internal error; the request was not applied' }, 500);
  });
  return app;
}
