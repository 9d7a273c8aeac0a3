import { expect, expectAccessible, login, logHours, Mode, test } from './helpers';

test.use({ javaScriptEnabled: false });

test('without JavaScript a participant logs hours and a trainer approves them', async ({ browser }) => {
  const noJs: Mode = { js: false, browser };
  const participant = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await login(participant, 'kees@leerlijn.test', noJs);
  await expect(participant.getByRole('heading', { name: 'Mijn voortgang' })).toBeVisible();

  await logHours(participant, { daysAgo: 1, hours: '13', kind: 'Praktijk', what: 'Inloopochtend zonder JS', place: '' }, noJs);
  await expect(participant.getByText('Verdeel langere periodes over meer regels.').first()).toBeVisible();
  await expect(participant.getByText('Vul bij praktijkuren het team of de plek in.').first()).toBeVisible();
  // The refused entry keeps what was typed, and the message sits at the hours field.
  await expect(participant.getByLabel('Wat heb je gedaan?')).toHaveValue('Inloopochtend zonder JS');
  await expect(participant.locator('#hours-error')).toContainText('Verdeel langere periodes over meer regels.');
  await expect(participant.getByLabel('Aantal uren')).toHaveAttribute('aria-describedby', /hours-error/);
  await expectAccessible(participant, noJs);

  await logHours(participant, { daysAgo: 1, hours: '3,25', kind: 'Praktijk', what: 'Inloopochtend zonder JS', place: 'Buurtteam Zuidoost' }, noJs);
  await expect(participant.getByText('Je uren zijn opgeslagen en ingediend.')).toBeVisible();
  await expect(participant.getByRole('listitem').filter({ hasText: 'Inloopochtend zonder JS' })).toContainText('3,25 uur');

  const trainer = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await login(trainer, 'docent@leerlijn.test', noJs);
  await trainer.goto('/beoordelen');
  await expectAccessible(trainer, noJs);
  const card = trainer.getByRole('listitem').filter({ hasText: 'Inloopochtend zonder JS' });
  await card.getByRole('button', { name: /^Goedkeuren/ }).click();
  await expect(trainer.getByText('1 goedgekeurd.')).toBeVisible();
  await expect(trainer.getByText('Inloopochtend zonder JS')).toHaveCount(0);

  await participant.goto('/');
  await expect(participant.getByRole('listitem').filter({ hasText: 'Inloopochtend zonder JS' })).toContainText('Goedgekeurd');
});
