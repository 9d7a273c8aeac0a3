import type { Page } from '@playwright/test';
import { expect, expectAccessible, login, Mode, test } from './helpers';
import { linkInMailTo } from '../support/smtp-sink';

test.use({ javaScriptEnabled: false });

async function noSidewaysScrolling(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `sideways scrolling on ${what}`).toBeLessThanOrEqual(0);
}

test("a werkbegeleider confirms a month of practice hours from the mail's link, on a phone without JavaScript", async ({ browser }) => {
  const noJs: Mode = { js: false, browser };
  // The demo's Kees asked his werkbegeleider to confirm this month's entries; the mail is in the sink.
  const link = await linkInMailTo('petra.visser@buurtteam.test', 0);
  const petra = await (await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } })).newPage();
  await petra.goto(link);
  await expect(petra.getByRole('heading', { name: 'Praktijkuren bevestigen', level: 1 })).toBeVisible();
  await expect(petra.getByText('Kees van Dijk vraagt je om deze praktijkuren te bevestigen.')).toBeVisible();
  await noSidewaysScrolling(petra, 'the confirmation page');
  await expectAccessible(petra, noJs);
  const month = ['Wijkwandeling met de tandempartner', 'Huisbezoek bij een gezin met schulden', 'Teamoverleg van het buurtteam'];
  for (const what of month) {
    await petra.getByRole('listitem').filter({ hasText: what }).getByLabel('Bevestigen: dit klopt').check();
  }
  await petra.getByRole('button', { name: 'Antwoorden versturen' }).click();
  await expect(petra.getByRole('heading', { name: 'Dank je wel', level: 1 })).toBeVisible();
  await expectAccessible(petra, noJs);
  // The link is used up now: its own page, not an error.
  await petra.goto(link);
  await expect(petra.getByRole('alert')).toContainText('Alle uren op deze link zijn al beantwoord.');

  // The trainer reads the answers beside Kees's entries: confirmed, and the one disputed earlier.
  const trainer = await (await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } })).newPage();
  await login(trainer, 'trainer@leerlijn.test', noJs);
  await trainer.goto('/beoordelen');
  for (const what of month) {
    await expect(trainer.getByRole('listitem').filter({ hasText: what })).toContainText('Bevestigd door Petra Visser (Buurtteam Zuidoost)');
  }
  const disputed = trainer.getByRole('listitem').filter({ hasText: 'Groepsgesprek met bewoners over geldzorgen' });
  await expect(disputed).toContainText('Betwist door Petra Visser: Dit was een gesprek van 1 uur, niet 2.');
  await expect(disputed.getByLabel('Waarom keur je deze uren toch goed?')).toBeVisible();
  await noSidewaysScrolling(trainer, 'the review queue');
  await expectAccessible(trainer, noJs);

  // The filter shows only what the leerplek confirmed.
  await trainer.getByRole('link', { name: 'Bevestigd door de werkplek' }).click();
  await expect(trainer.getByRole('link', { name: 'Bevestigd door de werkplek' })).toHaveAttribute('aria-current', 'page');
  for (const what of month) {
    await expect(trainer.getByRole('listitem').filter({ hasText: what })).toBeVisible();
  }
  await expect(trainer.getByRole('listitem').filter({ hasText: 'Groepsgesprek met bewoners over geldzorgen' })).toHaveCount(0);
  await noSidewaysScrolling(trainer, 'the confirmed entries');
  await expectAccessible(trainer, noJs);
  // Kees's record shows his leerplek and the same line beside each entry.
  await trainer.getByRole('listitem').filter({ hasText: month[0] }).getByRole('link', { name: 'Kees van Dijk', exact: true }).click();
  await expect(trainer.getByRole('region', { name: 'Leerplek' })).toContainText('Buurtteam Zuidoost');
  await expect(trainer.getByRole('listitem').filter({ hasText: month[0] })).toContainText('Bevestigd door Petra Visser (Buurtteam Zuidoost)');
  await noSidewaysScrolling(trainer, "Kees's record");
  await expectAccessible(trainer, noJs);
  // One button approves the confirmed entries the filter showed.
  await trainer.goto('/beoordelen?alleen=bevestigd');
  await trainer.getByRole('button', { name: /bevestigde regels? goedkeuren/ }).click();
  await expect(trainer.getByText('Er wachten geen praktijkuren die de werkplek al heeft bevestigd.')).toBeVisible();
  await expectAccessible(trainer, noJs);

  // Kees sees his leerplek and what came of his requests.
  const kees = await (await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 740 } })).newPage();
  await login(kees, 'kees@leerlijn.test', noJs);
  await kees.getByRole('link', { name: 'Leerplek', exact: true }).click();
  await expect(kees.getByRole('heading', { name: 'Mijn leerplek', level: 1 })).toBeVisible();
  await expect(kees.getByText('Niet juist volgens de werkplek: 1')).toBeVisible();
  await expect(kees.getByText('Beantwoord').first()).toBeVisible();
  await noSidewaysScrolling(kees, 'the leerplek page');
  await expectAccessible(kees, noJs);
});
