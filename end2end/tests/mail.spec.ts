import { expect, expectAccessible, login, test } from './helpers';
import { linkInMailTo } from '../support/smtp-sink';

test('a coordinator invites someone, who sets a password from the mail and logs in', async ({ browser }) => {
  const marieke = await (await browser.newContext({ viewport: { width: 320, height: 740 } })).newPage();
  await login(marieke, 'coordinator@leerlijn.test');
  await marieke.getByRole('link', { name: 'Accounts', exact: true }).click();
  await marieke.goto('/uitnodigen');
  const since = Date.now();
  await marieke.getByLabel('Naam').fill('Lotte Visser');
  await marieke.getByLabel('E-mailadres').fill('lotte@leerlijn.test');
  await marieke.getByLabel('Deelnemer').check();
  await marieke.getByLabel('Cohort').selectOption({ label: 'Leerlijn Buurtteams 2026' });
  await marieke.getByRole('button', { name: 'Uitnodigen' }).click();
  await expect(marieke.getByText('Leerlijn stuurt de link per e-mail')).toBeVisible();

  const link = await linkInMailTo('lotte@leerlijn.test', since);
  const lotte = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await lotte.goto(link);
  await expect(lotte.getByRole('heading', { name: 'Kies je wachtwoord', level: 1 })).toBeVisible();
  await lotte.getByLabel('Nieuw wachtwoord').fill('lotte kiest een lange zin');
  await lotte.getByLabel('Herhaal het wachtwoord').fill('lotte kiest een lange zin');
  await lotte.getByRole('button', { name: 'Wachtwoord opslaan en inloggen' }).click();
  await expect(lotte.getByText('Welkom, Lotte Visser.')).toBeVisible();
  await expect(lotte.getByRole('button', { name: 'Uitloggen' })).toBeVisible();

  // The coordinator's outbox lists the mail as sent, without its link.
  await marieke.getByRole('link', { name: 'Berichten', exact: true }).click();
  await expect(marieke.getByRole('heading', { name: 'Berichten', level: 1 })).toBeVisible();
  await expect(marieke.getByText('Aan: Lotte Visser <lotte@leerlijn.test>')).toBeVisible();
  await expectAccessible(marieke);
});

test('"Wachtwoord vergeten?" works with JavaScript off', async ({ browser }) => {
  const noJs = { js: false as const, browser };
  const fatima = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await fatima.goto('/inloggen');
  await fatima.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
  await expect(fatima.getByRole('heading', { name: 'Wachtwoord vergeten', level: 1 })).toBeVisible();
  await expectAccessible(fatima, noJs);
  const since = Date.now();
  await fatima.getByLabel('E-mailadres').fill('fatima@leerlijn.test');
  await fatima.getByRole('button', { name: 'Stuur mij een link' }).click();
  await expect(fatima.getByText('Als dit e-mailadres bij ons bekend is')).toBeVisible();
  await expectAccessible(fatima, noJs);

  const link = await linkInMailTo('fatima@leerlijn.test', since);
  await fatima.goto(link);
  await fatima.getByLabel('Nieuw wachtwoord').fill('fatima heeft nu een nieuwe zin');
  await fatima.getByLabel('Herhaal het wachtwoord').fill('fatima heeft nu een nieuwe zin');
  await fatima.getByRole('button', { name: 'Wachtwoord opslaan en inloggen' }).click();
  await expect(fatima.getByRole('button', { name: 'Uitloggen' })).toBeVisible();
  await fatima.getByRole('button', { name: 'Uitloggen' }).click();
  await login(fatima, 'fatima@leerlijn.test', noJs, 'fatima heeft nu een nieuwe zin');
});
