import type { Page } from '@playwright/test';
import { expect, expectAccessible, hydrated, login, logHours, Mode, noSidewaysScrolling, open, WITH_JS, test } from './helpers';

for (const js of [true, false]) {
test(`invite → set password → log hours → trainer decides → participant corrects (JavaScript ${js ? 'on' : 'off'})`, async ({ browser }) => {
  const mode: Mode = js ? WITH_JS : { js: false, browser };
  const newPage = async () => (await browser.newContext({ javaScriptEnabled: js })).newPage();
  const suffix = js ? 'js' : 'nojs';
  // Coordinator invites a new participant.
  const coordinator = await newPage();
  await login(coordinator, 'coordinator@leerlijn.test', mode);
  await expectAccessible(coordinator, mode);
  await coordinator.getByRole('link', { name: 'Uitnodigen' }).first().click();
  await expect(coordinator.getByRole('heading', { name: 'Iemand uitnodigen' })).toBeVisible();
  await expectAccessible(coordinator, mode);
  await coordinator.getByLabel('Naam').fill(`Noor Hasan ${suffix}`);
  await coordinator.getByLabel('E-mailadres').fill(`noor-${suffix}@leerlijn.test`);
  await coordinator.getByLabel('Cohort').selectOption({ label: 'Leerlijn Buurtteams 2026' });
  await coordinator.getByRole('button', { name: 'Uitnodigen' }).click();
  const link = await coordinator.getByLabel('Uitnodigingslink').inputValue();
  expect(link).toContain('/wachtwoord/');

  // The participant follows the link and chooses a password.
  const participant = await newPage();
  await open(participant, new URL(link).pathname, mode);
  await expect(participant.getByText(`Welkom, Noor Hasan ${suffix}`).first()).toBeVisible();
  await expectAccessible(participant, mode);
  await participant.getByLabel('Nieuw wachtwoord').fill('kort');
  await participant.getByLabel('Herhaal het wachtwoord').fill('kort');
  await participant.getByRole('button', { name: 'Wachtwoord opslaan en inloggen' }).click();
  await expect(participant.getByText('Kies een wachtwoord van minstens 10 tekens.').first()).toBeVisible();
  await participant.getByLabel('Nieuw wachtwoord').fill('mijn eigen lange zin');
  await participant.getByLabel('Herhaal het wachtwoord').fill('mijn eigen lange zin');
  await participant.getByRole('button', { name: 'Wachtwoord opslaan en inloggen' }).click();
  await expect(participant.getByRole('heading', { name: 'Mijn voortgang' })).toBeVisible();
  await expectAccessible(participant, mode);

  // Learning and practice hours, with a mistake corrected on the way.
  await logHours(participant, { daysAgo: 2, hours: '1,3', kind: 'Leren', what: `Training Grenzen stellen ${suffix}` }, mode);
  await expect(participant.getByText('Vul uren in per kwartier').first()).toBeVisible();
  await expect(participant.getByLabel('Aantal uren')).toHaveAttribute('aria-invalid', 'true');
  // Nothing typed is lost: the description and the hours come back as they were.
  await expect(participant.getByLabel('Wat heb je gedaan?')).toHaveValue(`Training Grenzen stellen ${suffix}`);
  await expect(participant.getByLabel('Aantal uren')).toHaveValue('1,3');
  await expect(participant.getByRole('alert').getByRole('link', { name: /Vul uren in per kwartier/ })).toHaveAttribute('href', '#hours');
  await expectAccessible(participant, mode);
  await participant.getByLabel('Aantal uren').fill(js ? '1:30' : '1,5');
  if (js) await expect(participant.getByText('= 1,5 uur')).toBeVisible();
  await participant.getByRole('button', { name: 'Uren indienen' }).click();
  await expect(participant.getByText('Je uren zijn opgeslagen en ingediend.')).toBeVisible();
  await expect(participant.getByRole('heading', { name: 'Mijn voortgang' })).toBeVisible();
  await logHours(participant, { daysAgo: 1, hours: '2:30', kind: 'Praktijk', what: `Spreekuur met tandempartner ${suffix}`, place: 'Buurtteam Noord' }, mode);
  await expect(participant.getByText(`Spreekuur met tandempartner ${suffix}`)).toBeVisible();
  await expect(participant.getByText('Nog te beoordelen: 1,5 uur')).toBeVisible();
  await expect(participant.getByText('Nog te beoordelen: 2,5 uur')).toBeVisible();
  await expect(participant.getByText('0 van 60 uur goedgekeurd').first()).toBeVisible();

  // The trainer approves the learning hours and rejects the practice hours.
  const trainer = await newPage();
  await login(trainer, 'trainer@leerlijn.test', mode);
  await expectAccessible(trainer, mode);
  await trainer.getByRole('link', { name: 'Beoordelen' }).click();
  await expect(trainer.getByRole('heading', { name: 'Uren beoordelen' })).toBeVisible();
  await expectAccessible(trainer, mode);
  const learning = trainer.getByRole('listitem').filter({ hasText: `Training Grenzen stellen ${suffix}` });
  // One tap approves; the button names the entry it acts on.
  await learning.getByRole('button', { name: /^Goedkeuren: Noor Hasan/ }).click();
  await expect(trainer.getByText('1 goedgekeurd.')).toBeVisible();
  await expect(trainer.getByText('1 goedgekeurd.')).toBeFocused();
  // Rejecting is a step of its own, with the reason.
  const practice = trainer.getByRole('listitem').filter({ hasText: `Spreekuur met tandempartner ${suffix}` });
  await practice.getByRole('link', { name: /^Afkeuren/ }).click();
  await expect(trainer.getByRole('heading', { name: 'Uren afkeuren' })).toBeVisible();
  await expectAccessible(trainer, mode);
  await trainer.getByRole('button', { name: 'Afkeuren', exact: true }).click();
  await expect(trainer.getByText('Geef een reden op').first()).toBeVisible();
  await expect(trainer.getByLabel('Reden van afkeuren')).toHaveAttribute('aria-invalid', 'true');
  await trainer.getByLabel('Reden van afkeuren').fill('Noem de datum van het spreekuur apart.');
  await trainer.getByRole('button', { name: 'Afkeuren', exact: true }).click();
  await expect(trainer.getByText('1 afgekeurd.')).toBeVisible();
  await expect(trainer.getByText(`Spreekuur met tandempartner ${suffix}`)).toHaveCount(0);

  // The participant sees the bars move and corrects the rejected entry.
  await participant.reload();
  await hydrated(participant, mode);
  await expect(participant.getByText('1,5 van 60 uur goedgekeurd')).toBeVisible();
  await expect(participant.locator('#progress-leren')).toHaveAttribute('value', '6');
  await expect(participant.getByText('Noem de datum van het spreekuur apart.')).toBeVisible();
  await expectAccessible(participant, mode);
  await participant.getByRole('link', { name: 'Verbeteren en opnieuw indienen' }).click();
  await expect(participant.getByRole('heading', { name: 'Uren wijzigen' })).toBeVisible();
  await expectAccessible(participant, mode);
  await participant.getByLabel('Wat heb je gedaan?').fill(`Spreekuur met tandempartner op dinsdag ${suffix}`);
  await participant.getByRole('button', { name: 'Opslaan en indienen' }).click();
  await expect(participant.getByRole('heading', { name: 'Mijn voortgang' })).toBeVisible();
  const corrected = participant.getByRole('listitem').filter({ hasText: `Spreekuur met tandempartner op dinsdag ${suffix}` });
  await expect(corrected.getByText('Ingediend')).toBeVisible();
  await expect(participant.getByText('Nog te beoordelen: 2,5 uur')).toBeVisible();

  // The trainer's cohort table shows the approved hours.
  // The trainer's home lists the cohorts; the cohort page holds the participants' table.
  await open(trainer, '/', mode);
  await trainer.getByRole('link', { name: 'Leerlijn Buurtteams 2026', exact: true }).first().click();
  const row = trainer.getByRole('row').filter({ hasText: `Noor Hasan ${suffix}` });
  await expect(row).toContainText('1,5 / 60');
  await expectAccessible(trainer, mode);

  // Several entries at once. With JavaScript "select all" ticks every card; without it, it stays hidden.
  await open(trainer, '/beoordelen', mode);
  const selectAll = trainer.getByLabel('Alles selecteren');
  if (js) {
    await selectAll.check();
    await expect(trainer.getByLabel(/^Selecteren:/).first()).toBeChecked();
    await selectAll.uncheck();
    await expect(trainer.getByLabel(/^Selecteren:/).first()).not.toBeChecked();
    await trainer.getByRole('listitem').filter({ hasText: "Webinar over schulden en armoede" }).getByLabel('Selecteren').check();
    await trainer.getByRole('listitem').filter({ hasText: 'Literatuur over herstelgericht werken' }).getByLabel('Selecteren').check();
    await trainer.getByRole('button', { name: 'Geselecteerde goedkeuren' }).click();
    await expect(trainer.getByText('2 goedgekeurd.')).toBeVisible();
    await expect(trainer.getByText('Literatuur over herstelgericht werken')).toHaveCount(0);
  } else {
    await expect(selectAll).toBeHidden();
    // Nothing ticked: the message appears at the bulk bar and nothing changes.
    await trainer.getByRole('button', { name: 'Geselecteerde goedkeuren' }).click();
    await expect(trainer.getByText('Selecteer eerst een of meer regels.').first()).toBeVisible();
  }
  await expect(trainer.getByText(`Spreekuur met tandempartner op dinsdag ${suffix}`)).toBeVisible();
});
}

/** No sideways scrolling at this width, and axe finds nothing. */
async function fitsTheScreen(page: Page, path: string) {
  await noSidewaysScrolling(page, path);
  await expectAccessible(page);
}

for (const width of [320, 360]) {
  test(`at ${width} px every role's pages fit the screen`, async ({ browser }) => {
    const context = { viewport: { width, height: 740 } };
    const participant = await (await browser.newContext(context)).newPage();
    await login(participant, 'deelnemer@leerlijn.test');
    await expect(participant.getByRole('heading', { name: 'Mijn voortgang' })).toBeVisible();
    // After a page change focus is on the main heading.
    await expect(participant.getByRole('heading', { level: 1 })).toBeFocused();
    for (const path of ['/', '/uren', '/uren?status=afgekeurd', '/uren/nieuw', '/programma', '/agenda']) {
      await open(participant, path);
      await fitsTheScreen(participant, path);
    }
    await open(participant, '/uren');
    await expect(participant.getByRole('navigation', { name: 'Filter op status' })).toBeVisible();
    await participant.getByRole('link', { name: 'Afgekeurd' }).click();
    await expect(participant.getByText('Graag per bezoek apart invullen.')).toBeVisible();

    const trainer = await (await browser.newContext(context)).newPage();
    await login(trainer, 'trainer@leerlijn.test');
    for (const path of ['/', '/beoordelen', '/agenda', '/cohorten']) {
      await open(trainer, path);
      await fitsTheScreen(trainer, path);
    }
    await trainer.getByRole('main').getByRole('link').first().click();
    await fitsTheScreen(trainer, 'a cohort page');
    await trainer.getByRole('table').getByRole('link').first().click();
    await fitsTheScreen(trainer, "a participant's record");
    await open(trainer, '/beoordelen');
    await trainer.getByRole('link', { name: /^Afkeuren/ }).first().click();
    await fitsTheScreen(trainer, 'the reject step');

    const coordinator = await (await browser.newContext(context)).newPage();
    await login(coordinator, 'coordinator@leerlijn.test');
    for (const path of ['/', '/cohorten/nieuw', '/uitnodigen', '/accounts']) {
      await open(coordinator, path);
      await fitsTheScreen(coordinator, path);
    }
  });
}

test('English is available as a second language', async ({ page }) => {
  await open(page, '/inloggen');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
});
