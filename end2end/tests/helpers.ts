import { expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const DEMO_PASSWORD = 'leerlijn-demo-2026';

/** Fails the test when axe finds WCAG 2.1 A/AA violations on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/inloggen');
  await expectAccessible(page);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('button', { name: 'Uitloggen' })).toBeVisible();
}

export function isoDaysAgo(days: number): string {
  const d = new Date(Date.now() - days * 24 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

export async function logHours(page: Page, opts: { daysAgo: number; hours: string; kind: 'Leren' | 'Praktijk'; what: string; place?: string }) {
  await page.goto('/uren/nieuw');
  await expectAccessible(page);
  await page.getByLabel('Datum').fill(isoDaysAgo(opts.daysAgo));
  await page.getByLabel('Aantal uren').fill(opts.hours);
  await page.getByLabel(new RegExp(`^${opts.kind}`)).check();
  await page.getByLabel('Wat heb je gedaan?').fill(opts.what);
  if (opts.place) await page.getByLabel('Team of plek').fill(opts.place);
  await page.getByRole('button', { name: 'Uren indienen' }).click();
}
