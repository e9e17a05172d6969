import { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { Store } from '../db/connection.ts';
import type { GlossarySnapshot } from '../snapshot.ts';
import { canonicalizeRoutes } from './canonicalize-routes.ts';
import { entityRoutes } from './entity-routes.ts';
import { exportRoutes } from './export-routes.ts';
import { lookupRoutes } from './lookup-routes.ts';
import { tmRoutes } from './tm-routes.ts';
import type { TranslationMemory } from '../tm/translation-memory.ts';
import { validationHook } from './validation.ts';

export interface AppDeps {
  readonly db: Store;
  /** The current glossary; called per request so a reload takes effect at once. */
  readonly glossary: () => GlossarySnapshot;
  /** The translation memory: its store and an index that follows writes. */
  readonly tm: TranslationMemory;
}

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The whole HTTP API as a Hono app; `serve()` lives in src/server.ts. */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ error: `request body is over ${MAX_BODY_BYTES / 1024 / 1024} MB; send the text in smaller pieces` }, 413),
    }),
  );
  app.use('/v1/*', async (c, next) => {
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method) && !(c.req.header('content-type') ?? '').toLowerCase().includes('application/json')) {
      return c.json({ error: 'send the body as JSON with Content-Type: application/json' }, 415);
    }
    return next();
  });

  app.route('/v1/lookup', lookupRoutes(deps));
  app.route('/v1/canonicalize', canonicalizeRoutes(deps));
  app.route('/v1/entities', entityRoutes(deps));
  app.route('/v1/export', exportRoutes(deps));
  app.route('/v1/tm', tmRoutes(deps));

  app.get('/healthz', (c) => c.json({ status: 'ok', entities: deps.glossary().entries.size }));
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Bilingual entity glossary',
      version: '0.1.0',
      description: 'Canonicalize entity names in Chinese and English news to zh-CN, zh-TW, zh-HK or English; look names up; export the glossary.',
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
