import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess } from '../scripts/serve-process.ts';
import { buildGlossary } from '../src/glossary/build.ts';
import { openService } from '../src/service/service-store.ts';
import { createToken } from '../src/service/tokens.ts';
import { confineTo, launchChromium } from './browser.ts';
import { fixtureGlossaryDir, ROOT, tempDir } from './helpers.ts';

// The editors' page at / in a real browser (Debian's Chromium), against a real
// `glossary serve` on loopback, through the data-testid hooks it promises: nothing outside
// the service is reachable, axe-core finds no serious or critical accessibility problem
// on any view, and each view's screenshot is saved under docs/ for the README.

const SCREENSHOTS = join(ROOT, 'docs');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let serve: ChildProcess;
let browser: Browser;
let token: string;
let origin: string;
let glossaryDir: string;
const elsewhere: string[] = [];

/** `glossary serve` as its own process, on a free port, over a store built from dir. */
async function serveProcess(dir: string, withToken: boolean): Promise<{ child: ChildProcess; url: string; token?: string }> {
  const data = tempDir();
  const env = { ...process.env, GLOSSARY_DIR: dir, GLOSSARY_DB: join(data, 'glossary.db'), SERVICE_DB: join(data, 'service.db'), TM_DB: join(data, 'tm.db') };
  await buildGlossary(dir, env.GLOSSARY_DB);
  let made: string | undefined;
  if (withToken) {
    const service = await openService(env.SERVICE_DB);
    made = (await createToken(service, 'editor'))!;
    await service.destroy();
  }
  return { ...(await startServeProcess(env, { quiet: true })), ...(made ? { token: made } : {}) };
}

/** axe-core's serious and critical findings on the page as it stands, as 'rule: target' lines. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => (await (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe.run()).violations);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

beforeAll(async () => {
  glossaryDir = fixtureGlossaryDir(false);
  const started = await serveProcess(glossaryDir, true);
  serve = started.child;
  origin = started.url;
  token = started.token!;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  serve?.kill();
});

async function openPage(): Promise<Page> {
  const page = await browser.newPage();
  await confineTo(page, origin, elsewhere);
  await page.goto(origin);
  return page;
}

/** Canonicalize text to target through the page's form, as an editor does. */
async function canonicalizeIn(page: Page, text: string, target: string): Promise<void> {
  await page.getByTestId('text-input').fill(text);
  await page.getByTestId('target').selectOption(target);
  await page.getByTestId('run').click();
}

/** Enter the write token, as an editor does once per tab. */
async function enterToken(page: Page): Promise<void> {
  await page.getByTestId('token').fill(token);
  await page.getByTestId('token').dispatchEvent('change');
}

describe('the editors\' page', () => {
  it('canonicalizes a text to the chosen target, with every mention marked', async () => {
    const page = await openPage();
    await canonicalizeIn(page, '川普宣布辉达H200晶片可出口', 'zh-CN');
    await expect.poll(() => page.getByTestId('output').textContent()).toBe('特朗普宣布英伟达H200芯片可出口');
    const marked = await page.getByTestId('mention').evaluateAll((marks) => marks.map((m) => [m.textContent, m.getAttribute('data-entity')]));
    expect(marked).toEqual(expect.arrayContaining([['川普', 'donald-trump'], ['辉达', 'nvidia'], ['晶片', 'chip']]));
    expect(await page.getByTestId('mention').first().getAttribute('title')).toBe('川普 → 特朗普 · donald-trump · the name alone');
    // The marked view is the input as written.
    expect(await page.locator('#marked').textContent()).toBe('川普宣布辉达H200晶片可出口');
    expect(await page.getByTestId('summary').textContent()).toMatch(/^\d+ mentions, \d+ rewritten to zh-CN$/);
    // Every target the API has is offered.
    const targets = await page.getByTestId('target').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(targets).toEqual(expect.arrayContaining(['zh-CN', 'zh-TW', 'zh-HK', 'zh-SG', 'zh-MY', 'zh-MO', 'en', 'zh-Hans-TW']));
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'canonicalize');
    await page.close();
  }, 30_000);

  it('converts the rest of the text and enables topics when asked', async () => {
    const page = await openPage();
    await canonicalizeIn(page, '程序访问内存里的文件', 'zh-TW');
    await expect.poll(() => page.getByTestId('output').textContent()).toBe('程序访问記憶體里的文件');
    await page.getByTestId('topics').selectOption(['IT']);
    await page.getByTestId('convert').check();
    await page.getByTestId('run').click();
    await expect.poll(() => page.getByTestId('output').textContent()).toBe('程式存取記憶體裡的檔案');
    await page.close();
  }, 30_000);

  it('shows what the service refuses next to the run button', async () => {
    const page = await openPage();
    await page.getByTestId('text-input').fill('');
    await page.getByTestId('text-input').evaluate((t) => ((t as HTMLTextAreaElement).value = 'a\u0007b'));
    await page.getByTestId('run').click();
    await expect.poll(() => page.locator('#run-error').textContent()).toContain('control character U+0007');
    await page.close();
  }, 30_000);

  it('suggests entities as a name is typed, and opens one', async () => {
    const page = await openPage();
    await page.getByTestId('lookup').fill('hui da');
    await page.getByTestId('lookup-result').first().waitFor();
    expect(await page.getByTestId('lookup-result').first().getAttribute('data-entity')).toBe('nvidia');
    expect(await page.getByTestId('lookup-result').first().textContent()).toContain('pinyin');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.locator('#lookup').evaluate((section) => section.scrollIntoView());
    await screenshot(page, 'lookup');
    await page.getByTestId('lookup-result').first().click();
    await expect.poll(() => page.getByTestId('entity-title').textContent()).toBe('nvidia (org)');
    expect(await page.locator('#entity table').textContent()).toContain('輝達');
    await page.getByTestId('entity-title').evaluate((h) => h.scrollIntoView());
    await screenshot(page, 'entity');
    // With its edit form open too.
    await page.locator('#entity summary').click();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.close();
  }, 30_000);

  it('is usable from the keyboard: down into the suggestions, Enter opens one', async () => {
    const page = await openPage();
    await page.getByTestId('lookup').fill('tai ji dian');
    await page.getByTestId('lookup-result').first().waitFor();
    await page.getByTestId('lookup').press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('lookup-result');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('entity-title').textContent()).toBe('tsmc (org)');
    await page.close();
  }, 30_000);

  it('adds an alias with a token kept for the tab only, and shows a conflict next to the field', async () => {
    const page = await openPage();
    await page.getByTestId('lookup').fill('輝達');
    await page.getByTestId('lookup-result').first().click();
    await page.getByTestId('alias-input').waitFor();
    await page.getByTestId('alias-input').fill('恩維迪亞');
    await page.getByTestId('alias-add').click();
    await expect.poll(() => page.getByTestId('alias-error').textContent()).toContain('enter a write token first');
    await enterToken(page);
    await page.getByTestId('alias-add').click();
    await expect.poll(() => page.getByTestId('aliases').textContent()).toContain('恩維迪亞');
    // The very next canonicalize knows the new alias.
    await canonicalizeIn(page, '恩維迪亞發表新晶片', 'zh-CN');
    await expect.poll(() => page.getByTestId('output').textContent()).toBe('英伟达發表新芯片');
    // 川普 is Donald Trump's: the service answers 409, shown beside the alias field.
    await page.getByTestId('alias-input').fill('川普');
    await page.getByTestId('alias-add').click();
    await expect.poll(() => page.getByTestId('alias-error').textContent()).toMatch(/^conflict: .*川普.*donald-trump/);
    const storage = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length }));
    expect(storage).toEqual({ local: 0, session: 1 });
    await page.close();
  }, 30_000);

  it('edits names and the note with the build\'s messages beside the field, deletes and restores', async () => {
    const page = await openPage();
    await enterToken(page);
    await page.getByTestId('lookup').fill('台积电');
    await page.getByTestId('lookup-result').first().click();
    await expect.poll(() => page.getByTestId('entity-title').textContent()).toBe('tsmc (org)');
    await page.locator('#entity summary').click();
    await page.getByTestId('field-zh-HK').fill('台積\u0007電');
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('field-error-zh-HK').textContent()).toContain('names.zh-HK: contains the control character U+0007');
    await page.getByTestId('field-zh-HK').fill('台積電');
    await page.getByTestId('field-note').fill('Hong Kong media write 台積電 too.');
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('saved').textContent()).toBe('saved');
    expect(await page.locator('#entity table').textContent()).toContain('台積電');
    expect(await page.locator('#entity').textContent()).toContain('Hong Kong media write 台積電 too.');
    expect(await page.getByTestId('history').textContent()).toMatch(/#\d+ update by editor at /);
    // The page was drawn again after the save, its edit form folded.
    await page.locator('#entity summary').click();
    await page.getByTestId('delete').click();
    await expect.poll(() => page.getByTestId('deleted').textContent()).toContain('tsmc is deleted');
    expect((await fetch(`${origin}/v1/entities/tsmc`)).status).toBe(404);
    await page.getByTestId('restore').click();
    await expect.poll(() => page.getByTestId('entity-title').textContent()).toBe('tsmc (org)');
    expect((await fetch(`${origin}/v1/entities/tsmc`)).status).toBe(200);
    await page.close();
  }, 30_000);

  it('finds translation memory matches across scripts and names, and units by a word', async () => {
    const add = await fetch(`${origin}/v1/tm/units`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ segments: { 'zh-CN': '英伟达发布新芯片', en: 'NVIDIA releases a new chip' } }),
    });
    expect(add.status).toBe(201);
    const page = await openPage();
    // Taiwan's names and script for the stored mainland segment: still a full match.
    await page.getByTestId('tm-input').fill('輝達發布新晶片');
    await page.getByTestId('tm-from').selectOption('zh-TW');
    await page.getByTestId('tm-to').selectOption('en');
    await page.getByTestId('tm-run').click();
    await page.getByTestId('tm-match').first().waitFor();
    expect(await page.getByTestId('tm-target').first().textContent()).toBe('NVIDIA releases a new chip');
    expect(await page.getByTestId('tm-score').first().textContent()).toMatch(/^\d+%$/);
    await page.getByTestId('tm-search').fill('輝達');
    await page.getByTestId('tm-unit').first().waitFor();
    expect(await page.getByTestId('tm-unit').first().textContent()).toContain('en: NVIDIA releases a new chip');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.locator('#tm').evaluate((section) => section.scrollIntoView());
    await screenshot(page, 'translation-memory');
    await page.close();
  }, 30_000);

  it('fits a phone-sized window: nothing wider than the screen, the result under the text', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(origin);
    await canonicalizeIn(page, '輝達執行長黃仁勳表示，新一代晶片將於明年量產。', 'zh-CN');
    await expect.poll(() => page.getByTestId('output').textContent()).toBe('英伟达首席执行官黄仁勋表示，新一代芯片將於明年量產。');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const marked = await page.locator('#marked').boundingBox();
    const output = await page.getByTestId('output').boundingBox();
    expect(output!.y).toBeGreaterThan(marked!.y + marked!.height - 1);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'phone');
    await page.close();
  }, 30_000);

  it('says when the service takes no writes', async () => {
    // A service with no write token: the page says it is read-only and how to change that.
    const readOnly = await serveProcess(glossaryDir, false);
    try {
      const page = await browser.newPage();
      await page.goto(readOnly.url);
      await expect.poll(() => page.locator('#mode').textContent()).toContain('Read-only: no write token exists');
      await page.close();
    } finally {
      readOnly.child.kill();
    }
    // This test's own service has a token: once the page has asked (its topics are in), no such line.
    const page = await openPage();
    await page.locator('#topics option').first().waitFor({ state: 'attached' });
    expect(await page.locator('#mode').textContent()).toBe('');
    await page.close();
  }, 60_000);

  it('asked nothing of any other origin', () => {
    expect(elsewhere).toEqual([]);
  });
});
