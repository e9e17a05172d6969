import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';

/**
 * The API's docs, /docs: Swagger UI from the swagger-ui-dist package (its version pinned
 * in package.json), every asset served by the service itself, so the page works with no
 * network (the CDN it loaded from before left a blank page offline). No inline script:
 * the page starts Swagger UI from /docs/assets/start.js.
 */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const START = `window.addEventListener('load', () => {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bilingual entity glossary API</title>
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/start.js"></script>
</body>
</html>
`;

/** The folder of swagger-ui-dist, found from wherever this module runs (src/ or the bundle in dist/). */
function assetFolder(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

export function docsRoutes() {
  // Read on first request and kept: 2 MB that most processes (the CLI, tests) never serve.
  const cache = new Map<string, Uint8Array<ArrayBuffer>>();
  return new Hono()
    .get('/', (c) => c.html(PAGE))
    .get('/assets/start.js', (c) => c.body(START, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }))
    .get('/assets/:name', (c) => {
      const name = c.req.param('name');
      const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
      if (!type) return c.json({ error: `no docs asset ${name}; the docs page is /docs` }, 404);
      let bytes = cache.get(name);
      if (!bytes) cache.set(name, (bytes = new Uint8Array(readFileSync(join(assetFolder(), name)))));
      // The package's version is pinned, so an asset never changes under its name within a release.
      return c.body(bytes, 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
    });
}
