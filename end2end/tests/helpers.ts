import { test as base, Browser, BrowserContext, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where every HTML document the tests receive is kept for the W3C Nu checker (`validate-html.mjs`). */
const HTML_DIR = path.resolve(__dirname, '..', '..', 'target', 'e2e', 'html');

/** Keeps the server's HTML of every document this context loads (as sent, before the browser repairs it). */
function keepDocuments(context: BrowserContext) {
  mkdirSync(HTML_DIR, { recursive: true });
  context.on('response', (response) => {
    const isDocument = response.request().resourceType() === 'document';
    const isHtml = (response.headers()['content-type'] ?? '').startsWith('text/html');
    if (!isDocument || !isHtml || response.status() >= 300 && response.status() < 400) return;
    response.text().then((html) => {
      const url = new URL(response.url());
      const name = `${url.pathname.replace(/[^a-z0-9]+/gi, '_')}-${response.status()}-${createHash('sha1').update(html).digest('hex').slice(0, 10)}`;
      writeFileSync(path.join(HTML_DIR, `${name}.html`), html);
    }, () => { /* the page was gone before its body was read: nothing to check */ });
  });
}

/**
 * Playwright's `test`, with every browser context (the default one and any a test opens itself)
 * keeping its documents for the HTML validity check.
 */
export const test = base.extend<{ documents: void }, { contexts: void }>({
  contexts: [async ({ browser }, use) => {
    const newContext = browser.newContext.bind(browser);
    browser.newContext = async (options) => {
      const context = await newContext(options);
      keepDocuments(context);
      return context;
    };
    await use();
  }, { scope: 'worker', auto: true }],
  documents: [async ({ context }, use) => {
    keepDocuments(context);
    await use();
  }, { auto: true }],
});
export { expect };

export const DEMO_PASSWORD = 'leerlijn-demo-2026';

/** How a test drives the browser: with JavaScript (wait for hydration) or without. */
export type Mode = { js: true } | { js: false; browser: Browser };
export const WITH_JS: Mode = { js: true };

/** Fails the test when axe finds WCAG 2.1 A/AA violations on the current page. */
async function axe(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * Checks the page the user sees. axe needs JavaScript, so for a page shown without it
 * the same address is rendered again by the server for the same session in a second
 * context where axe can run: it is the same server-rendered document.
 */
export async function expectAccessible(page: Page, mode: Mode = WITH_JS) {
  if (mode.js) return axe(page);
  const context = await mode.browser.newContext({ storageState: await page.context().storageState(), javaScriptEnabled: true });
  const twin = await context.newPage();
  await twin.goto(page.url());
  await axe(twin);
  await context.close();
}

/** Opens a page; with JavaScript, waits until it is hydrated and interactive. */
export async function open(page: Page, path: string, mode: Mode = WITH_JS) {
  await page.goto(path);
  await hydrated(page, mode);
}

/** Pages are server-rendered; only pages with an island load the wasm and hydrate it. */
export async function hydrated(page: Page, mode: Mode = WITH_JS) {
  if (!mode.js) return;
  if ((await page.locator('leptos-island').count()) === 0) return;
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
}

export async function login(page: Page, email: string, mode: Mode = WITH_JS, password = DEMO_PASSWORD) {
  await open(page, '/inloggen', mode);
  await expectAccessible(page, mode);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('button', { name: 'Uitloggen' })).toBeVisible();
  await hydrated(page, mode);
}

/** Fails when the page is wider than the window (a phone would scroll sideways). */
export async function noSidewaysScrolling(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `sideways scrolling on ${what}`).toBeLessThanOrEqual(0);
}

export function isoDaysAgo(days: number): string {
  const d = new Date(Date.now() - days * 24 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

export async function logHours(
  page: Page,
  opts: { daysAgo: number; hours: string; kind: 'Leren' | 'Praktijk'; what: string; place?: string },
  mode: Mode = WITH_JS,
) {
  await open(page, '/uren/nieuw', mode);
  await expectAccessible(page, mode);
  await page.getByLabel('Datum').fill(isoDaysAgo(opts.daysAgo));
  await page.getByLabel('Aantal uren').fill(opts.hours);
  await page.getByLabel(new RegExp(`^${opts.kind}`)).check();
  await page.getByLabel('Wat heb je gedaan?').fill(opts.what);
  if (opts.place !== undefined) await page.getByLabel('Team of plek').fill(opts.place);
  await page.getByRole('button', { name: 'Uren indienen' }).click();
  await page.waitForLoadState();
  await hydrated(page, mode);
}
