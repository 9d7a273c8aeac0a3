import type { Browser, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect, expectAccessible, login, Mode, noSidewaysScrolling, test, WITH_JS } from './helpers';

const phone = { viewport: { width: 360, height: 740 } };

/** An assessor opens Ruud's interview from their home, judges every criterion met and signs. */
async function judgeAndSign(page: Page, mode: Mode, expected: RegExp) {
  const waiting = page.getByRole('region', { name: 'Eindgesprekken om te beoordelen' });
  await waiting.getByRole('link', { name: /Ruud Koster/ }).click();
  await expect(page.getByRole('heading', { name: 'Eindgesprek Ruud Koster', level: 1 })).toBeVisible();
  await noSidewaysScrolling(page, 'the interview page');
  await expectAccessible(page, mode);
  const form = page.getByRole('region', { name: 'Jouw oordeel' });
  const criteria = form.getByRole('group');
  const count = await criteria.count();
  expect(count).toBeGreaterThanOrEqual(5);
  // Signing without a verdict everywhere is refused, with the typed text kept.
  await criteria.nth(0).getByLabel('Voldaan', { exact: true }).check();
  await criteria.nth(0).getByLabel('Toelichting').fill('Zet zijn ervaring met schulden bewust in.');
  await form.getByRole('button', { name: 'Opslaan en ondertekenen' }).click();
  await expect(page.locator('.error-summary')).toContainText('Kies voldaan of niet voldaan bij criterium 2.');
  await expect(page.getByRole('region', { name: 'Jouw oordeel' }).getByRole('group').nth(0).getByLabel('Toelichting'))
    .toHaveValue('Zet zijn ervaring met schulden bewust in.');
  await expectAccessible(page, mode);
  const again = page.getByRole('region', { name: 'Jouw oordeel' }).getByRole('group');
  for (let i = 0; i < count; i++) {
    await again.nth(i).getByLabel('Voldaan', { exact: true }).check();
    await again.nth(i).getByLabel('Toelichting').fill(`Voldaan: besproken aan de hand van casus ${i + 1}.`);
  }
  await page.getByRole('region', { name: 'Jouw oordeel' }).getByRole('button', { name: 'Opslaan en ondertekenen' }).click();
  await expect(page.getByRole('status').first()).toHaveText(expected);
  await expect(page.getByRole('region', { name: 'Jouw oordeel' })).toHaveCount(0);
}

async function withoutJavaScript(browser: Browser) {
  const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
  return { page: await context.newPage(), mode: { js: false, browser } as Mode };
}

test('Ruud is one interview away: two assessors sign, he downloads his certificate and an employer verifies it', async ({ browser }) => {
  // The coordinator sees who is ready and the planned interview.
  const marieke = await (await browser.newContext()).newPage();
  await login(marieke, 'coordinator@leerlijn.test');
  await marieke.getByRole('link', { name: 'Leerlijn Buurtteams 2026', exact: true }).first().click();
  await marieke.getByRole('link', { name: 'Eindgesprekken en certificaten' }).click();
  await expect(marieke.getByRole('heading', { name: /^Eindgesprekken Leerlijn Buurtteams 2026/, level: 1 })).toBeVisible();
  const ruud = marieke.getByRole('listitem').filter({ has: marieke.getByRole('heading', { name: /Ruud Koster/ }) });
  await expect(ruud.getByText('klaar voor eindgesprek')).toBeVisible();
  await expect(ruud.getByText(/gepland/)).toBeVisible();
  await expect(marieke.getByRole('listitem').filter({ hasText: 'Fatima El Idrissi' }).getByText(/geldig/)).toBeVisible();
  await expectAccessible(marieke);

  // Youssef (Vrijwilligersacademie) with JavaScript on a phone; one signature decides nothing.
  const youssef = await (await browser.newContext(phone)).newPage();
  await login(youssef, 'trainer@leerlijn.test');
  await judgeAndSign(youssef, WITH_JS, /Je oordeel is ondertekend/);
  await expect(youssef.getByText('Nog niet ondertekend')).toBeVisible();

  // Ingrid (HvA) without JavaScript: the second signature passes Ruud and issues the certificate.
  const ingrid = await withoutJavaScript(browser);
  await login(ingrid.page, 'docent@leerlijn.test', ingrid.mode);
  await judgeAndSign(ingrid.page, ingrid.mode, /geslaagd\. Het certificaat is uitgegeven\./);
  await expect(ingrid.page.getByText(/^Certificaat: LB-/)).toBeVisible();

  // Ruud downloads it from his home.
  const ruudPage = await (await browser.newContext(phone)).newPage();
  await login(ruudPage, 'ruud@leerlijn.test');
  const card = ruudPage.getByRole('region', { name: 'Certificaat', exact: true });
  await expect(card).toBeVisible();
  await expect(ruudPage.getByRole('listitem').filter({ hasText: 'Eindgesprek gehaald' })).toContainText('Gehaald');
  await noSidewaysScrolling(ruudPage, 'the home with a certificate');
  await expectAccessible(ruudPage);
  const number = (await card.locator('strong').textContent())?.trim() ?? '';
  expect(number).toMatch(/^LB-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const [download] = await Promise.all([
    ruudPage.waitForEvent('download'),
    card.getByRole('link', { name: 'Certificaat downloaden (PDF)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`certificaat-${number}.pdf`);
  const pdf = readFileSync(await download.path());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  // And the signed credential beside it (Open Badges 3.0), readable as JSON with its JWT.
  const [credentialDownload] = await Promise.all([
    ruudPage.waitForEvent('download'),
    card.getByRole('link', { name: 'Digitaal certificaat downloaden (.json)' }).click(),
  ]);
  expect(credentialDownload.suggestedFilename()).toBe(`certificaat-${number}.json`);
  const credential = JSON.parse(readFileSync(await credentialDownload.path(), 'utf8'));
  expect(credential.credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
  expect(credential.credential.id).toMatch(new RegExp(`/verifieren/${number}$`));
  expect(credential.jwt.split('.')).toHaveLength(3);
  // "Toevoegen aan LinkedIn-profiel" leads to LinkedIn's form, filled in (checked, not followed).
  const linkedin = await card.getByRole('link', { name: 'Toevoegen aan LinkedIn-profiel' }).getAttribute('href');
  const answer = await ruudPage.request.get(linkedin ?? '', { maxRedirects: 0 });
  expect(answer.status()).toBe(303);
  const target = new URL(answer.headers()['location']);
  expect(target.origin + target.pathname).toBe('https://www.linkedin.com/profile/add');
  expect(target.searchParams.get('startTask')).toBe('CERTIFICATION_NAME');
  expect(target.searchParams.get('name')).toBe('Leerlijn Buurtteams');
  expect(target.searchParams.get('certId')).toBe(number);
  expect(target.searchParams.get('certUrl')).toMatch(new RegExp(`/verifieren/${number}$`));
  expect(target.searchParams.get('issueYear')).toBe(String(new Date().getFullYear()));

  // An employer, not logged in and without JavaScript, types the number.
  const employer = await withoutJavaScript(browser);
  await employer.page.goto('/verifieren');
  await expectAccessible(employer.page, employer.mode);
  await employer.page.getByLabel('Certificaatnummer').fill(number.toLowerCase().replaceAll('-', ' '));
  await employer.page.getByRole('button', { name: 'Controleren', exact: true }).click();
  const result = employer.page.getByRole('region', { name: 'Geldig', exact: true });
  await expect(result).toBeVisible();
  await expect(result.getByText('Ruud Koster')).toBeVisible();
  await noSidewaysScrolling(employer.page, 'the verification page');
  await expectAccessible(employer.page, employer.mode);
  // And checks the file itself.
  await employer.page.getByLabel('PDF van het certificaat').setInputFiles({ name: 'ruud.pdf', mimeType: 'application/pdf', buffer: pdf });
  await employer.page.getByRole('button', { name: 'Bestand controleren' }).click();
  await expect(employer.page.getByRole('status').first()).toContainText(`precies het certificaat ${number}`);
  await expect(employer.page.getByRole('region', { name: 'Geldig', exact: true })).toBeVisible();
});
