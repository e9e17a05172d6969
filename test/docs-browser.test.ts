import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGlossary } from '../src/glossary/build.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { confineTo, launchChromium } from './browser.ts';
import { fixtureGlossaryDir, tempDir } from './helpers.ts';

// /docs in a real browser (Debian's Chromium, which .ci/run installs) that may reach
// nothing but the service: Swagger UI must render the API from what the service serves.

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  const dbPath = join(tempDir(), 'glossary.db');
  await buildGlossary(fixtureGlossaryDir(false), dbPath);
  server = await startServer({ glossaryStore: dbPath, tmStore: join(tempDir(), 'tm.db'), serviceStore: join(tempDir(), 'service.db'), port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the API docs page, offline', () => {
  it('renders every route of the API with no request beyond the service', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    // Anything not from the service is refused, as on a machine without a network.
    await confineTo(page, origin, elsewhere);
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.goto(`${origin}/docs`);
    await page.locator('.opblock-summary-path', { hasText: '/v1/canonicalize' }).first().waitFor({ timeout: 20_000 });
    const paths = await page.locator('.opblock-summary-path').allTextContents();
    expect(paths.map((p) => p.replace(/\u200b/g, ''))).toEqual(expect.arrayContaining(['/v1/canonicalize', '/v1/lookup', '/v1/topics', '/v1/entities/{id}']));
    expect(await page.locator('.title').first().textContent()).toContain('Bilingual entity glossary');
    expect(elsewhere).toEqual([]);
    expect(failed).toEqual([]);
    await page.close();
  }, 60_000);
});
