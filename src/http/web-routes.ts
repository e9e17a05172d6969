import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { WEB_CSS, webPage } from '../web/page.ts';

/**
 * The editors' page at / and what it loads: its script, built by `npm run compile`
 * from src/web/client.ts into dist/web/app.js (found beside this module in dist/, or
 * in dist/ from src/), and its stylesheet. Nothing comes from another origin.
 */
export function webRoutes() {
  const page = webPage();
  let script: Uint8Array<ArrayBuffer> | undefined;
  return new Hono()
    .get('/', (c) => c.html(page))
    .get('/web/app.css', (c) => c.body(WEB_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }))
    .get('/web/app.js', (c) => {
      script ??= readClientScript();
      if (!script) return c.json({ error: 'the page script is not built: run npm run compile' }, 404);
      return c.body(script, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
    });
}

function readClientScript(): Uint8Array<ArrayBuffer> | undefined {
  for (const relative of ['./web/app.js', '../../dist/web/app.js']) {
    try {
      return new Uint8Array(readFileSync(fileURLToPath(new URL(relative, import.meta.url))));
    } catch {
      // Not here: the other place, or not built.
    }
  }
  return undefined;
}
