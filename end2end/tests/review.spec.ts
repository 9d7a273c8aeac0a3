import type { Page } from '@playwright/test';
import { expect, expectAccessible, login, test } from './helpers';

async function noSidewaysScrolling(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `sideways scrolling on ${what}`).toBeLessThanOrEqual(0);
}

/** The element starts on the first screen, without scrolling. */
async function onFirstScreen(page: Page, name: string) {
  const heading = page.getByRole('heading', { name, exact: true });
  await expect(heading).toBeVisible();
  const box = await heading.boundingBox();
  expect(box?.y ?? Infinity, `${name} starts ${box?.y}px down`).toBeLessThan(page.viewportSize()!.height);
}

test('each role starts with what to do next on a phone', async ({ browser }) => {
  const phone = { viewport: { width: 360, height: 740 } };
  const samira = await (await browser.newContext(phone)).newPage();
  await login(samira, 'deelnemer@leerlijn.test');
  await onFirstScreen(samira, 'Wat nu?');
  await onFirstScreen(samira, 'Wat je nodig hebt voor je certificaat');
  await noSidewaysScrolling(samira, 'the participant home');
  await expectAccessible(samira);

  const youssef = await (await browser.newContext(phone)).newPage();
  await login(youssef, 'trainer@leerlijn.test');
  // Today's lesson, to record attendance, comes first; then what waits for a decision.
  await onFirstScreen(youssef, 'Vandaag: aanwezigheid noteren');
  await expect(youssef.getByRole('heading', { name: /^Plannen om te beoordelen/ })).toBeVisible();
  await noSidewaysScrolling(youssef, 'the trainer home');
  await expectAccessible(youssef);
});

test("a participant's record fits a 320 px screen and names every recorded action", async ({ browser }) => {
  for (const width of [320, 360]) {
    const page = await (await browser.newContext({ viewport: { width, height: 640 } })).newPage();
    await login(page, 'trainer@leerlijn.test');
    await page.getByRole('link', { name: 'Leerlijn Buurtteams 2026', exact: true }).first().click();
    await page.getByRole('link', { name: 'Fatima El Idrissi' }).first().click();
    await expect(page.getByRole('heading', { name: 'Geschiedenis' })).toBeVisible();
    await expect(page.locator('.audit')).toContainText('certificaat uitgegeven');
    await expect(page.locator('body')).not.toContainText('label.audit_action');
    await noSidewaysScrolling(page, `the record at ${width} px`);
    await expectAccessible(page);
  }
});

test('a 403 page has a heading and a way home', async ({ page }) => {
  await login(page, 'deelnemer@leerlijn.test');
  const response = await page.goto('/cohorten');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Naar de startpagina' })).toBeVisible();
  await expectAccessible(page);
});
