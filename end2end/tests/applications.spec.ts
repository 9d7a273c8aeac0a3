import type { Page } from '@playwright/test';
import { expect, expectAccessible, login, Mode, noSidewaysScrolling, test, WITH_JS } from './helpers';
import { linkInMailTo } from '../support/smtp-sink';

/** The newest link to `path` in a mail to `address` since `since` (the invitation, not the confirmation). */
async function linkTo(address: string, since: number, path: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const link = await linkInMailTo(address, since);
    if (link.includes(path)) return link;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail with ${path} to ${address}`);
}

/** A visitor fills in the application form for the demo's open cohort. */
async function apply(page: Page, name: string, email: string, mode: Mode) {
  await page.getByLabel('Naam', { exact: true }).fill(name);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Welke training als ervaringsdeskundige heb je gedaan?').fill('Herstelwerkplaats (HVO-Querido)');
  await page.getByLabel('In welk jaar was dat?').fill('2025');
  await page.getByLabel('Je werk als ervaringsdeskundige').fill('Een jaar meegedraaid bij de inloop, samen met een buurtwerker.');
  await page.getByLabel('Je leerplek').fill('Buurtteam Zuid');
  await page.getByLabel('Waarom wil je de opleiding doen?').fill('Ik wil anderen laten zien dat herstel kan.');
  for (const statement of ['Ik heb een training als ervaringsdeskundige afgerond.', 'Ik heb al samen met anderen als ervaringsdeskundige gewerkt.']) {
    await page.getByRole('group', { name: statement }).getByLabel('Ja').check();
  }
  await expectAccessible(page, mode);
  await page.getByRole('button', { name: 'Aanmelding versturen' }).click();
}

for (const js of [false, true]) {
// Two applicants, so both runs can share the demo's database.
const [first, email] = js ? ['Lina', 'lina@aanmelding.test'] : ['Noor', 'noor@aanmelding.test'];
test(`a visitor reads about the track and applies; the coordinator admits them and they set a password from the mail (JavaScript ${js ? 'on' : 'off'}, 360 px)`, async ({ browser }) => {
  const mode: Mode = js ? WITH_JS : { js: false, browser };
  const phone = { javaScriptEnabled: js, viewport: { width: 360, height: 740 } };
  const visitor = await (await browser.newContext(phone)).newPage();
  await visitor.goto('/inloggen');
  await visitor.getByRole('link', { name: 'Over de Leerlijn' }).first().click();
  await expect(visitor.getByRole('heading', { name: 'De Leerlijn Buurtteams', level: 1 })).toBeVisible();
  await expect(visitor.getByText('60 uur praktijk', { exact: false })).toBeVisible();
  await expect(visitor.getByRole('heading', { name: 'Toelatingseisen' })).toBeVisible();
  await noSidewaysScrolling(visitor, 'the track page');
  await expectAccessible(visitor, mode);
  const cohort = visitor.getByRole('listitem').filter({ hasText: 'Leerlijn Buurtteams 2027' });
  await expect(cohort).toContainText('Hogeschool van Amsterdam, Wibauthuis');
  await cohort.getByRole('link', { name: 'Aanmelden' }).click();
  await expect(visitor.getByRole('heading', { name: 'Aanmelden voor de Leerlijn Buurtteams', level: 1 })).toBeVisible();
  await noSidewaysScrolling(visitor, 'the application form');

  // Sent without consent: the page comes back with what was typed and says what is missing.
  await apply(visitor, `${first} Amrani`, email, mode);
  await expect(visitor.locator('.error-summary')).toBeVisible();
  await expect(visitor.getByText('Zonder je toestemming kunnen we je aanmelding niet bewaren.').first()).toBeVisible();
  await expect(visitor.getByLabel('Naam', { exact: true })).toHaveValue(`${first} Amrani`);
  await expectAccessible(visitor, mode);
  await visitor.getByLabel(/Ik geef toestemming/).check();
  await visitor.getByRole('button', { name: 'Aanmelding versturen' }).click();
  await expect(visitor.getByRole('heading', { name: 'Bedankt voor je aanmelding', level: 1 })).toBeVisible();
  await expectAccessible(visitor, mode);
  await linkInMailTo(email, 0);

  // The coordinator starts from the home page's count of new applications.
  const marieke = await (await browser.newContext(phone)).newPage();
  await login(marieke, 'coordinator@leerlijn.test', mode);
  await marieke.getByRole('link', { name: /nieuwe aanmeldingen wachten op een stap/ }).click();
  await expect(marieke.getByRole('heading', { name: 'Aanmeldingen', level: 1 })).toBeVisible();
  await noSidewaysScrolling(marieke, 'the applications overview');
  await expectAccessible(marieke, mode);
  await marieke.getByRole('link', { name: 'Leerlijn Buurtteams 2027' }).click();
  await expect(marieke.getByRole('heading', { name: 'Aanmeldingen Leerlijn Buurtteams 2027', level: 1 })).toBeVisible();
  await noSidewaysScrolling(marieke, 'the cohort applications');
  await expectAccessible(marieke, mode);
  await marieke.getByRole('link', { name: `${first} Amrani` }).click();
  await expect(marieke.getByRole('heading', { name: `Aanmelding van ${first} Amrani`, level: 1 })).toBeVisible();
  await expect(marieke.getByText('Herstelwerkplaats (HVO-Querido) (2025)')).toBeVisible();
  await noSidewaysScrolling(marieke, 'the application');
  await expectAccessible(marieke, mode);
  const since = Date.now();
  await marieke.getByRole('button', { name: 'Toelaten' }).click();
  await expect(marieke.getByText(`${first} Amrani is toegelaten. De uitnodiging gaat naar ${email}.`)).toBeVisible();
  await expect(marieke.getByText('Stand: Toegelaten')).toBeVisible();
  await expectAccessible(marieke, mode);

  const link = await linkTo(email, since, '/wachtwoord/');
  const applicant = await (await browser.newContext(phone)).newPage();
  await applicant.goto(link);
  await expect(applicant.getByRole('heading', { name: 'Kies je wachtwoord', level: 1 })).toBeVisible();
  await applicant.getByLabel('Nieuw wachtwoord').fill(`${first.toLowerCase()} kiest een lange zin`);
  await applicant.getByLabel('Herhaal het wachtwoord').fill(`${first.toLowerCase()} kiest een lange zin`);
  await applicant.getByRole('button', { name: 'Wachtwoord opslaan en inloggen' }).click();
  await expect(applicant.getByText(`Welkom, ${first} Amrani.`)).toBeVisible();
  await noSidewaysScrolling(applicant, "the new participant's home");
  await expectAccessible(applicant, mode);
});
}

test('the coordinator words an admission requirement and the form asks it, with JavaScript', async ({ browser }) => {
  const marieke = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await login(marieke, 'coordinator@leerlijn.test');
  await marieke.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Aanmeldingen' }).click();
  await marieke.getByRole('listitem').filter({ hasText: 'Leerlijn Buurtteams 2027' }).getByRole('link', { name: 'Toelating instellen' }).click();
  await expect(marieke.getByRole('heading', { name: 'Toelating Leerlijn Buurtteams 2027', level: 1 })).toBeVisible();
  await expectAccessible(marieke, WITH_JS);
  await marieke.getByLabel('Nieuwe toelatingseis').fill('Ik kan één dagdeel per week werken in een buurtteam.');
  await marieke.getByRole('button', { name: 'Toevoegen' }).click();
  await expect(marieke.getByText('De toelatingseis is toegevoegd.')).toBeVisible();
  await noSidewaysScrolling(marieke, 'the admission settings');

  const visitor = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await visitor.goto('/aanmelden');
  const extra = visitor.getByRole('group', { name: 'Ik kan één dagdeel per week werken in een buurtteam.' });
  await expect(extra).toBeVisible();
  await extra.getByLabel('Nee').check();
  await extra.getByLabel('Toelichting (mag leeg blijven)').fill('Ik werk op dinsdag; ik zoek een tweede dagdeel.');
  await visitor.getByLabel(/Ik geef toestemming/).check();
  await apply(visitor, 'Daan Smit', 'daan@aanmelding.test', WITH_JS);
  await expect(visitor.getByRole('heading', { name: 'Bedankt voor je aanmelding', level: 1 })).toBeVisible();
  await expectAccessible(visitor, WITH_JS);

  // The coordinator reads the answer to the new requirement on the application.
  await marieke.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Aanmeldingen' }).click();
  await marieke.getByRole('link', { name: 'Leerlijn Buurtteams 2027' }).click();
  await marieke.getByRole('link', { name: 'Daan Smit' }).click();
  await expect(marieke.getByRole('listitem').filter({ hasText: 'Ik kan één dagdeel per week werken' })).toContainText('Ik werk op dinsdag');
  await expectAccessible(marieke, WITH_JS);
});
