import type { Page } from '@playwright/test';
import { expect, expectAccessible, hydrated, login, Mode, noSidewaysScrolling, test, WITH_JS } from './helpers';

/** A small PDF, as a participant's word processor would save it. */
function pdf(title: string): Buffer {
  return Buffer.from(`%PDF-1.7\n1 0 obj<</Title (${title})>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
}

async function openPlans(page: Page, mode: Mode) {
  await page.getByRole('link', { name: 'Plannen' }).click();
  await expect(page.getByRole('heading', { name: 'Mijn plannen', level: 1 })).toBeVisible();
  await hydrated(page, mode);
}

async function reviewPop(trainer: Page, owner: string, decision: 'Goedkeuren' | 'Revisie vragen', feedback: string) {
  await trainer.getByRole('link', { name: 'Beoordelen' }).click();
  await trainer.getByRole('link', { name: `Persoonlijk ontwikkelplan (POP) van ${owner}` }).click();
  await expect(trainer.getByRole('heading', { name: /^Besluit over versie/ })).toBeVisible();
  await noSidewaysScrolling(trainer, 'the plan review');
  await expectAccessible(trainer);
  await trainer.getByLabel(decision).check();
  await trainer.getByLabel('Feedback', { exact: true }).fill(feedback);
  await trainer.getByRole('button', { name: 'Besluit opslaan' }).click();
}

test('a participant uploads a POP, the trainer asks for a revision, version 2 is approved and locked', async ({ browser }) => {
  const phone = { viewport: { width: 360, height: 740 } };
  const anouk = await (await browser.newContext(phone)).newPage();
  await login(anouk, 'anouk@leerlijn.test');
  await openPlans(anouk, WITH_JS);
  const pop = anouk.getByRole('region', { name: /Persoonlijk ontwikkelplan/ });
  await expect(pop.getByText('Nog niet begonnen')).toBeVisible();
  await noSidewaysScrolling(anouk, 'my plans');
  await expectAccessible(anouk);

  // A program renamed to .pdf is refused with the reason at the field; nothing is kept.
  await pop.getByLabel('Bestand').setInputFiles({ name: 'pop.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]) });
  await pop.getByRole('button', { name: 'Uploaden en indienen' }).click();
  await expect(anouk.getByRole('alert')).toContainText('Dit is een programma, geen document');
  await expect(anouk.getByRole('region', { name: /Persoonlijk ontwikkelplan/ }).getByText('Nog niet begonnen')).toBeVisible();

  await anouk.goto('/plannen');
  await hydrated(anouk);
  await pop.getByLabel('Bestand').setInputFiles({ name: 'POP Anouk.pdf', mimeType: 'application/pdf', buffer: pdf('POP v1') });
  await pop.getByRole('button', { name: 'Uploaden en indienen' }).click();
  await expect(anouk.getByRole('status').first()).toHaveText('POP versie 1 is ingediend.');
  await expect(pop.getByRole('link', { name: 'POP-Anouk.pdf' })).toBeVisible();

  const trainer = await (await browser.newContext(phone)).newPage();
  await login(trainer, 'trainer@leerlijn.test');
  await reviewPop(trainer, 'Anouk Pinas', 'Revisie vragen', 'Beschrijf per leerdoel hoe je tandempartner merkt dat je groeit.');
  await expect(trainer.getByRole('status').first()).toHaveText('Revisie gevraagd voor de POP.');

  await anouk.goto('/plannen');
  await hydrated(anouk);
  await expect(pop.getByText('Revisie gevraagd').first()).toBeVisible();
  await expect(pop.getByText('Beschrijf per leerdoel hoe je tandempartner merkt dat je groeit.')).toBeVisible();
  await pop.getByLabel('Bestand').setInputFiles({ name: 'POP Anouk v2.pdf', mimeType: 'application/pdf', buffer: pdf('POP v2') });
  await pop.getByRole('button', { name: 'Uploaden en indienen' }).click();
  await expect(anouk.getByRole('status').first()).toHaveText('POP versie 2 is ingediend.');

  await reviewPop(trainer, 'Anouk Pinas', 'Goedkeuren', 'Concreet en haalbaar.');
  await expect(trainer.getByRole('status').first()).toHaveText('POP goedgekeurd.');

  await anouk.goto('/plannen');
  await expect(pop.getByText('Goedgekeurd').first()).toBeVisible();
  await expect(pop.getByLabel('Bestand')).toHaveCount(0);
  await expect(pop.getByRole('link', { name: 'POP-Anouk.pdf' })).toBeVisible();
  await expectAccessible(anouk);
  await anouk.goto('/');
  await expect(anouk.getByText('Persoonlijk ontwikkelplan (POP) goedgekeurd')).toBeVisible();
});

test('a group member uploads the GOP without JavaScript and another member sees it', async ({ browser }) => {
  const mode: Mode = { js: false, browser };
  const phone = { viewport: { width: 360, height: 740 }, javaScriptEnabled: false };
  const kees = await (await browser.newContext(phone)).newPage();
  await login(kees, 'kees@leerlijn.test', mode);
  await openPlans(kees, mode);
  const gop = kees.getByRole('region', { name: /Groepsontwikkelplan/ });
  await expect(gop.getByText('Concept').first()).toBeVisible();
  await gop.getByLabel('Bestand').setInputFiles({ name: 'GOP Noord.pdf', mimeType: 'application/pdf', buffer: pdf('GOP Noord') });
  await gop.getByRole('button', { name: 'Uploaden en indienen' }).click();
  await expect(kees.getByRole('status').first()).toHaveText('GOP versie 2 is ingediend.');
  await expectAccessible(kees, mode);

  const samira = await (await browser.newContext(phone)).newPage();
  await login(samira, 'deelnemer@leerlijn.test', mode);
  await openPlans(samira, mode);
  const shared = samira.getByRole('region', { name: /Groepsontwikkelplan/ });
  await expect(shared.getByRole('link', { name: 'GOP-Noord.pdf' })).toBeVisible();
  await expect(shared.getByText('Ingediend').first()).toBeVisible();
  await noSidewaysScrolling(samira, 'the shared GOP');
  const download = samira.waitForEvent('download');
  await shared.getByRole('link', { name: 'GOP-Noord.pdf' }).click();
  expect((await download).suggestedFilename()).toBe('GOP-Noord.pdf');
});
