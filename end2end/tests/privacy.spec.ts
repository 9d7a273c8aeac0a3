import { expect, expectAccessible, login, test } from './helpers';

test('a participant reads the privacy statement, sees her data and who looked, and downloads it all', async ({ browser }) => {
  const phone = { viewport: { width: 360, height: 740 } };
  // The trainer opens Samira's record: that is someone else looking.
  const youssef = await (await browser.newContext(phone)).newPage();
  await login(youssef, 'trainer@leerlijn.test');
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
