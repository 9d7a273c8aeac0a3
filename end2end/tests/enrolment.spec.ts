import { expect, expectAccessible, login, Mode, noSidewaysScrolling, test, WITH_JS } from './helpers';

/** Today in Amsterdam as the app writes dates: "02-12-2026". */
function amsterdamToday(): string {
  return new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
}

/** A day some months from now, as a date field takes it. */
function isoMonthsAhead(months: number): string {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

test('the coordinator pauses a participant, who keeps reading her record but logs no hours, and lets her go on later (360 px, JavaScript off, then on)', async ({ browser }) => {
  const noJs: Mode = { js: false, browser };
  const phone = { viewport: { width: 360, height: 740 } };
  const marieke = await (await browser.newContext({ ...phone, javaScriptEnabled: false })).newPage();
  await login(marieke, 'coordinator@leerlijn.test', noJs);
  // Her home lists the cohorts.
  await marieke.getByRole('main').getByRole('link', { name: 'Leerlijn Buurtteams 2026' }).first().click();
  await marieke.getByRole('link', { name: 'Demi Visser' }).first().click();
  // Her record shows both cohorts, dated: last year's ended in a pause, this one runs.
  const stints = marieke.getByRole('region', { name: 'Cohorten' });
  await expect(stints.getByRole('listitem').filter({ hasText: 'Leerlijn Buurtteams 2025' })).toContainText('Gepauzeerd: zorg voor anderen');
  await expect(stints.getByRole('listitem').filter({ hasText: 'Leerlijn Buurtteams 2026' })).toContainText('Sinds');
  await marieke.getByRole('link', { name: 'Pauzeren, stoppen of ander cohort' }).click();
  await expect(marieke.getByRole('heading', { name: 'Deelname van Demi Visser', level: 1 })).toBeVisible();
  await expect(marieke.getByText('Doet mee in Leerlijn Buurtteams 2026 sinds')).toBeVisible();
  await noSidewaysScrolling(marieke, 'the enrolment page');
  await expectAccessible(marieke, noJs);
  const enrolmentPage = marieke.url();

  // Saved without a reason: the page comes back, with the message at the field.
  await marieke.getByRole('button', { name: 'Opslaan' }).click();
  await expect(marieke.locator('.error-summary')).toBeVisible();
  await expect(marieke.getByText('Kies de soort reden.').first()).toBeVisible();
  await expectAccessible(marieke, noJs);
  await marieke.getByRole('group', { name: 'Wat gebeurt er?' }).getByLabel('Gepauzeerd').check();
  await marieke.getByLabel('Reden').selectOption({ label: 'Zorg voor anderen' });
  await marieke.getByLabel('Verwacht terug (niet verplicht)').fill(isoMonthsAhead(3));
  await marieke.getByRole('button', { name: 'Opslaan' }).click();
  await expect(marieke.getByText(`Demi Visser is gepauzeerd vanaf ${amsterdamToday()}.`)).toBeVisible();
  await expect(marieke.getByText(/Gepauzeerd sinds .*\(Leerlijn Buurtteams 2026\)\. Verwacht terug:/)).toBeVisible();
  await expectAccessible(marieke, noJs);

  // The cohort no longer counts her: she is listed apart.
  await marieke.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Overzicht' }).click();
  await marieke.getByRole('main').getByRole('link', { name: 'Leerlijn Buurtteams 2026' }).first().click();
  await expect(marieke.getByRole('heading', { name: 'Doen nu niet mee' })).toBeVisible();
  await expect(marieke.getByRole('listitem').filter({ hasText: 'Demi Visser' })).toContainText(`Gepauzeerd ${amsterdamToday()}`);
  await noSidewaysScrolling(marieke, 'the cohort page');
  await expectAccessible(marieke, noJs);

  // Demi still reads everything, and her home says why she cannot log hours now.
  const demi = await (await browser.newContext({ ...phone, javaScriptEnabled: false })).newPage();
  await login(demi, 'demi@leerlijn.test', noJs);
  const nextStep = demi.getByRole('region', { name: 'Wat nu?' });
  await expect(nextStep).toContainText('Gepauzeerd sinds');
  await expect(nextStep).toContainText('Uren schrijven kan weer als je verder gaat.');
  await noSidewaysScrolling(demi, 'the paused participant’s home');
  await expectAccessible(demi, noJs);
  await demi.goto('/uren/nieuw');
  await expect(demi.getByRole('region', { name: 'Wat nu?' })).toContainText('Gepauzeerd sinds');
  await expect(demi.getByRole('button', { name: 'Uren indienen' })).toHaveCount(0);
  await expectAccessible(demi, noJs);

  // Weeks later the coordinator, now with JavaScript, lets her go on in the same cohort.
  const withJs = await (await browser.newContext(phone)).newPage();
  await login(withJs, 'coordinator@leerlijn.test', WITH_JS);
  await withJs.goto(enrolmentPage);
  await expect(withJs.getByRole('heading', { name: 'Verder gaan' })).toBeVisible();
  const cohort = withJs.getByLabel('Cohort', { exact: true });
  const option = await cohort.locator('option', { hasText: 'Leerlijn Buurtteams 2026' }).getAttribute('value');
  await cohort.selectOption(option ?? '');
  await withJs.getByRole('button', { name: 'Verder laten gaan' }).click();
  await expect(withJs.getByText(`Demi Visser doet weer mee in Leerlijn Buurtteams 2026, vanaf ${amsterdamToday()}.`)).toBeVisible();
  await expect(withJs.getByRole('region', { name: 'Cohorten' }).getByRole('listitem')).toHaveCount(3);
  await expectAccessible(withJs, WITH_JS);

  await demi.goto('/');
  await expect(demi.getByRole('region', { name: 'Wat nu?' })).not.toContainText('Gepauzeerd');
  await demi.goto('/uren/nieuw');
  await expect(demi.getByRole('button', { name: 'Uren indienen' })).toBeVisible();
});
