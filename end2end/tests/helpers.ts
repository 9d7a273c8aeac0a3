import { Browser, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

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
