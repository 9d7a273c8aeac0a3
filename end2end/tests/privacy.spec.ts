import { expect, expectAccessible, login, test } from './helpers';

test('a participant reads the privacy statement, sees her data and who looked, and downloads it all', async ({ browser }) => {
  const phone = { viewport: { width: 360, height: 740 } };
  // The trainer opens Samira's record: that is someone else looking.
  const youssef = await (await browser.newContext(phone)).newPage();
  await login(youssef, 'trainer@leerlijn.test');
  await youssef.getByRole('link', { name: 'Leerlijn Buurtteams 2026', exact: true }).first().click();
  await youssef.getByRole('link', { name: 'Samira Bakker' }).first().click();
  await expect(youssef.getByRole('heading', { name: 'Samira Bakker', level: 1 })).toBeVisible();

  const samira = await (await browser.newContext({ ...phone, acceptDownloads: true })).newPage();
  await login(samira, 'deelnemer@leerlijn.test');
  await samira.getByRole('link', { name: 'Privacy' }).click();
  await expect(samira.getByRole('heading', { name: 'Hoe lang?' })).toBeVisible();
  await expectAccessible(samira);

  await samira.goto('/');
  await samira.getByRole('link', { name: /^Mijn gegevens/ }).click();
  await expect(samira.getByRole('heading', { name: 'Mijn gegevens', level: 1 })).toBeVisible();
  await expect(samira.getByRole('cell', { name: /Youssef El Amrani/ }).first()).toBeVisible();
  await expect(samira.getByRole('cell', { name: 'dossier bekeken' }).first()).toBeVisible();
  await expectAccessible(samira);

  const download = samira.waitForEvent('download');
  await samira.getByRole('link', { name: 'Download al mijn gegevens (ZIP)' }).click();
  expect((await download).suggestedFilename()).toBe('mijn-gegevens-leerlijn.zip');
});

test('the coordinator anonymises a cohort whose retention has passed, starting from her home', async ({ browser }) => {
  const marieke = await (await browser.newContext({ viewport: { width: 320, height: 740 } })).newPage();
  await login(marieke, 'coordinator@leerlijn.test');
  await expect(marieke.getByRole('heading', { name: 'Bewaartermijn voorbij' })).toBeVisible();
  await marieke.getByRole('link', { name: 'Alle bewaartermijnen' }).click();
  await expect(marieke.getByRole('heading', { name: 'Bewaartermijnen', level: 1 })).toBeVisible();
  await expect(marieke.getByRole('cell', { name: '2 deelnemers wachten' })).toBeVisible();
  await expectAccessible(marieke);

  await marieke.getByRole('link', { name: 'Leerlijn Buurtteams 2023' }).click();
  await expect(marieke.getByRole('heading', { name: 'De termijn is voorbij voor 2 deelnemers' })).toBeVisible();
  await expect(marieke.getByRole('listitem').filter({ hasText: 'Latifa Amrani' }).first()).toBeVisible();
  await expectAccessible(marieke);
  // Not ticked: refused at the box, nothing removed.
  await marieke.getByRole('button', { name: '2 deelnemers anonimiseren' }).click();
  await expect(marieke.getByRole('alert').getByRole('link', { name: /Zet een vinkje/ })).toBeVisible();
  await expectAccessible(marieke);
  await marieke.getByLabel('Ik weet dat dit niet terug kan.').check();
  await marieke.getByRole('button', { name: '2 deelnemers anonimiseren' }).click();
  await expect(marieke.getByRole('status').first()).toHaveText('Klaar. Geanonimiseerde deelnemers: 2.');
  await expect(marieke.getByText('Alle gegevens van dit cohort zijn geanonimiseerd of gewist.')).toBeVisible();
  await expect(marieke.getByText('Latifa Amrani')).toHaveCount(0);

  // Erasure on request starts from the participant's record; here only read, not done.
  await marieke.goto('/');
  await marieke.getByRole('link', { name: 'Leerlijn Buurtteams 2026', exact: true }).first().click();
  await marieke.getByRole('link', { name: 'Kees van Dijk' }).first().click();
  await marieke.getByRole('link', { name: 'Gegevens wissen op verzoek' }).click();
  await expect(marieke.getByRole('heading', { name: 'Gegevens wissen: Kees van Dijk', level: 1 })).toBeVisible();
  await expect(marieke.getByRole('button', { name: 'Alles wissen' })).toBeVisible();
  await expectAccessible(marieke);
  expect(await marieke.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
});
