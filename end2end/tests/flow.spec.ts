import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, login, logHours, open } from './helpers';

test('invite → set password → log hours → trainer decides → participant sees progress and corrects', async ({ browser }) => {
  // Coordinator invites a new participant.
  const coordinator = await (await browser.newContext()).newPage();
  await login(coordinator, 'coordinator@leerlijn.test');
  await expectAccessible(coordinator);
  await coordinator.getByRole('link', { name: 'Uitnodigen' }).first().click();
  await expect(coordinator.getByRole('heading', { name: 'Iemand uitnodigen' })).toBeVisible();
  await expectAccessible(coordinator);
  await coordinator.getByLabel('Naam').fill('Noor Hasan');
  await coordinator.getByLabel('E-mailadres').fill('noor@leerlijn.test');
  await coordinator.getByLabel('Cohort').selectOption({ label: 'Leerlijn Buurtteams 2026' });
  await coordinator.getByRole('button', { name: 'Uitnodigen' }).click();
  const link = await coordinator.getByLabel('Uitnodigingslink').inputValue();
  expect(link).toContain('/wachtwoord/');

  // The participant follows the link and chooses a password.
  const participant = await (await browser.newContext()).newPage();
  await open(participant, new URL(link).pathname);
  await expect(participant.getByText('Welkom, Noor Hasan')).toBeVisible();
  await expectAccessible(participant);
  await participant.getByLabel('Nieuw wachtwoord').fill('kort');
  await participant.getByLabel('Herhaal het wachtwoord').fill('kort');
  await participant.getByRole('button', { name: 'Wachtwoord opslaan en inloggen' }).click();
  await expect(participant.getByText('Kies een wachtwoord van minstens 10 tekens.')).toBeVisible();
  await participant.getByLabel('Nieuw wachtwoord').fill('mijn eigen lange zin');
  await participant.getByLabel('Herhaal het wachtwoord').fill('mijn eigen lange zin');
  await participant.getByRole('button', { name: 'Wachtwoord opslaan en inloggen' }).click();
  await expect(participant.getByRole('heading', { name: 'Mijn voortgang' })).toBeVisible();
  await expectAccessible(participant);

  // Learning and practice hours, with a mistake corrected on the way.
  await logHours(participant, { daysAgo: 2, hours: '1,3', kind: 'Leren', what: 'Training Grenzen stellen' });
  await expect(participant.getByText('Vul uren in per kwartier')).toBeVisible();
  await expect(participant.getByLabel('Aantal uren')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(participant);
  await participant.getByLabel('Aantal uren').fill('1,5');
  await participant.getByRole('button', { name: 'Uren indienen' }).click();
  await expect(participant.getByRole('heading', { name: 'Mijn voortgang' })).toBeVisible();
  await logHours(participant, { daysAgo: 1, hours: '2:30', kind: 'Praktijk', what: 'Spreekuur met tandempartner', place: 'Buurtteam Noord' });
  await expect(participant.getByText('Spreekuur met tandempartner')).toBeVisible();
  await expect(participant.getByText('Nog te beoordelen: 1,5 uur')).toBeVisible();
  await expect(participant.getByText('Nog te beoordelen: 2,5 uur')).toBeVisible();
  await expect(participant.getByText('0 van 60 uur goedgekeurd').first()).toBeVisible();

  // The trainer approves the learning hours and rejects the practice hours.
  const trainer = await (await browser.newContext()).newPage();
  await login(trainer, 'trainer@leerlijn.test');
  await expectAccessible(trainer);
  await trainer.getByRole('link', { name: 'Beoordelen' }).click();
  await expect(trainer.getByRole('heading', { name: 'Uren beoordelen' })).toBeVisible();
  await expectAccessible(trainer);
  const learning = trainer.getByRole('listitem').filter({ hasText: 'Training Grenzen stellen' }).filter({ hasText: 'Noor Hasan' });
  await learning.getByRole('button', { name: 'Goedkeuren', exact: true }).click();
  await expect(trainer.getByText('1 goedgekeurd.')).toBeVisible();
  const practice = trainer.getByRole('listitem').filter({ hasText: 'Spreekuur met tandempartner' }).filter({ hasText: 'Noor Hasan' });
  await practice.getByRole('button', { name: 'Afkeuren', exact: true }).click();
  await expect(practice.getByText('Geef een reden op')).toBeVisible();
  await practice.getByLabel('Reden (verplicht bij afkeuren)').fill('Noem de datum van het spreekuur apart.');
  await practice.getByRole('button', { name: 'Afkeuren', exact: true }).click();
  await expect(trainer.getByText('1 afgekeurd.')).toBeVisible();
  await expect(trainer.getByText('Spreekuur met tandempartner')).toHaveCount(0);

  // The participant sees the bars move and corrects the rejected entry.
  await participant.reload();
  await hydrated(participant);
  await expect(participant.getByText('1,5 van 60 uur goedgekeurd')).toBeVisible();
  await expect(participant.locator('#progress-leren')).toHaveAttribute('value', '6');
  await expect(participant.getByText('Noem de datum van het spreekuur apart.')).toBeVisible();
  await expectAccessible(participant);
  await participant.getByRole('link', { name: 'Verbeteren en opnieuw indienen' }).click();
  await expect(participant.getByRole('heading', { name: 'Uren wijzigen' })).toBeVisible();
  await expectAccessible(participant);
  await participant.getByLabel('Wat heb je gedaan?').fill('Spreekuur met tandempartner op dinsdag');
  await participant.getByRole('button', { name: 'Opslaan en indienen' }).click();
  await expect(participant.getByRole('heading', { name: 'Mijn voortgang' })).toBeVisible();
  const corrected = participant.getByRole('listitem').filter({ hasText: 'Spreekuur met tandempartner op dinsdag' });
  await expect(corrected.getByText('Ingediend')).toBeVisible();
  await expect(participant.getByText('Nog te beoordelen: 2,5 uur')).toBeVisible();

  // The trainer's cohort table shows the approved hours.
  await open(trainer, '/');
  const row = trainer.getByRole('row').filter({ hasText: 'Noor Hasan' });
  await expect(row).toContainText('1,5 / 60');
  await expectAccessible(trainer);

  // Several entries at once: tick two demo entries and approve them together.
  await open(trainer, '/beoordelen');
  await trainer.getByRole('listitem').filter({ hasText: "Training 'Beter vragen stellen'" }).getByLabel('Selecteren').check();
  await trainer.getByRole('listitem').filter({ hasText: 'Literatuur over herstelgericht werken' }).getByLabel('Selecteren').check();
  await trainer.getByRole('button', { name: 'Geselecteerde goedkeuren' }).click();
  await expect(trainer.getByText('2 goedgekeurd.')).toBeVisible();
  await expect(trainer.getByText('Literatuur over herstelgericht werken')).toHaveCount(0);
  await expect(trainer.getByText('Spreekuur met tandempartner op dinsdag')).toBeVisible();
});

test('a phone-sized screen shows the participant home without sideways scrolling', async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await login(page, 'deelnemer@leerlijn.test');
  await expect(page.getByRole('heading', { name: 'Mijn voortgang' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectAccessible(page);
});

test('English is available as a second language', async ({ page }) => {
  await open(page, '/inloggen');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
});
