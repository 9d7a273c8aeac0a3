import type { Page } from '@playwright/test';
import { expect, expectAccessible, login, Mode, test, WITH_JS } from './helpers';

/** Learning hours from sessions on Samira's home ("16 uur uit bijeenkomsten"), as a number. */
async function sessionHours(page: Page): Promise<number> {
  await page.goto('/');
  const text = await page.getByText(/uur uit bijeenkomsten/).textContent();
  const match = text?.match(/^([\d,]+) uur uit bijeenkomsten/);
  expect(match, `hours from sessions in "${text}"`).not.toBeNull();
  return Number(match![1].replace(',', '.'));
}

async function noSidewaysScrolling(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `sideways scrolling on ${what}`).toBeLessThanOrEqual(0);
}

// JavaScript on: Samira goes from not recorded to present. Off: from present to excused.
for (const js of [true, false]) {
  test(`a trainer records today's lesson on a phone and the participant's hours follow (JavaScript ${js ? 'on' : 'off'})`, async ({ browser }) => {
    const phone = { viewport: { width: 360, height: 740 }, javaScriptEnabled: js };
    const mode: Mode = js ? WITH_JS : { js: false, browser };
    const participant = await (await browser.newContext(phone)).newPage();
    await login(participant, 'deelnemer@leerlijn.test', mode);
    const before = await sessionHours(participant);
    await expect(participant.getByText('Aanwezigheid bij de lessen').first()).toBeVisible();

    const trainer = await (await browser.newContext(phone)).newPage();
    await login(trainer, 'trainer@leerlijn.test', mode);
    await trainer.getByRole('link', { name: 'Cohorten' }).click();
    await trainer.getByRole('main').getByRole('link', { name: 'Leerlijn Buurtteams 2026', exact: true }).click();
    await trainer.getByRole('link', { name: 'Programma en groepen' }).click();
    await expect(trainer.getByRole('heading', { name: 'Komende bijeenkomsten' })).toBeVisible();
    await noSidewaysScrolling(trainer, 'the programme');
    await expectAccessible(trainer, mode);
    await trainer.getByRole('link', { name: 'Les: Armoede en schulden in de buurt' }).click();
    await expect(trainer.getByRole('heading', { name: 'Aanwezigheid', exact: true })).toBeVisible();
    await noSidewaysScrolling(trainer, 'the attendance form');
    await expectAccessible(trainer, mode);

    // The exceptions first, then one tap for everyone else.
    await trainer.getByRole('group', { name: 'Kees van Dijk' }).getByLabel('Afwezig').check();
    if (js) {
      await trainer.getByRole('button', { name: 'Iedereen aanwezig' }).click();
    } else {
      await trainer.getByRole('group', { name: 'Samira Bakker' }).getByLabel('Afgemeld').check();
      await trainer.getByRole('group', { name: 'Samira Bakker' }).getByLabel(/Opmerking/).fill('Ziek gemeld, ingehaald met de opname');
      await trainer.getByRole('button', { name: 'Aanwezigheid opslaan' }).click();
    }
    const confirmation = trainer.getByRole('status');
    await expect(confirmation).toContainText('Aanwezigheid opgeslagen');
    await expect(confirmation).toBeFocused();
    await expect(trainer.getByRole('group', { name: 'Kees van Dijk' }).getByLabel('Afwezig')).toBeChecked();
    await noSidewaysScrolling(trainer, 'the recorded attendance');
    await expectAccessible(trainer, mode);

    const after = await sessionHours(participant);
    expect(after - before).toBe(js ? 3 : -3);
    await expectAccessible(participant, mode);
  });
}

test('a trainer makes a new intervision group on a small phone without JavaScript and places an invited participant in it', async ({ browser }) => {
  const phone = { viewport: { width: 320, height: 640 }, javaScriptEnabled: false };
  const mode: Mode = { js: false, browser };
  const trainer = await (await browser.newContext(phone)).newPage();
  await login(trainer, 'trainer@leerlijn.test', mode);
  await trainer.getByRole('link', { name: 'Cohorten' }).click();
  await trainer.getByRole('main').getByRole('link', { name: 'Leerlijn Buurtteams 2026', exact: true }).click();
  await trainer.getByRole('link', { name: 'Programma en groepen' }).click();
  // The programme only counts; the names are on the groups page.
  await expect(trainer.getByText(/^3 intervisiegroepen\. \d+ deelnemers? (zit|zitten) nog niet in een groep\.$/)).toBeVisible();
  await expect(trainer.getByText('Noor Hassan')).toHaveCount(0);
  await trainer.getByRole('link', { name: 'Groepen bekijken en indelen' }).click();
  await expect(trainer.getByRole('heading', { name: 'Intervisiegroepen Leerlijn Buurtteams 2026', level: 1 })).toBeVisible();
  await expect(trainer.getByText(/^Nog niet in een groep: .*Noor Hassan/)).toBeVisible();
  await noSidewaysScrolling(trainer, 'the groups page');
  await expectAccessible(trainer, mode);

  // A name already taken is refused at the field, with what was typed kept.
  await trainer.getByLabel('Naam van de groep').fill('Intervisiegroep Noord');
  await trainer.getByRole('button', { name: 'Groep toevoegen' }).click();
  await expect(trainer.getByRole('alert')).toBeVisible();
  await expect(trainer.getByLabel('Naam van de groep')).toHaveValue('Intervisiegroep Noord');
  await expectAccessible(trainer, mode);
  await trainer.getByLabel('Naam van de groep').fill('Intervisiegroep Oost');
  await trainer.getByRole('button', { name: 'Groep toevoegen' }).click();
  await expect(trainer.getByRole('status')).toHaveText('Groep „Intervisiegroep Oost” toegevoegd.');

  await trainer.getByLabel('Deelnemer').selectOption({ label: 'Noor Hassan' });
  await trainer.getByLabel('Intervisiegroep', { exact: true }).selectOption({ label: 'Intervisiegroep Oost' });
  await trainer.getByRole('button', { name: 'In groep plaatsen' }).click();
  await expect(trainer.getByRole('status')).toHaveText('Noor Hassan zit nu in Intervisiegroep Oost.');
  const oost = trainer.getByRole('listitem').filter({ has: trainer.getByRole('heading', { name: 'Intervisiegroep Oost' }) });
  await expect(oost.getByRole('listitem')).toHaveText(['Noor Hassan']);
  await noSidewaysScrolling(trainer, 'the groups page after placing');
  await expectAccessible(trainer, mode);
});

for (const js of [true, false]) {
  test(`a participant picks a training for their own track on a phone and can change it (JavaScript ${js ? 'on' : 'off'})`, async ({ browser }) => {
    const phone = { viewport: { width: 360, height: 740 }, javaScriptEnabled: js };
    const mode: Mode = js ? WITH_JS : { js: false, browser };
    const kees = await (await browser.newContext(phone)).newPage();
    await login(kees, 'kees@leerlijn.test', mode);
    await kees.getByRole('link', { name: 'Mijn programma en trainingen' }).click();
    await expect(kees.getByRole('heading', { name: 'Mijn programma', level: 1 })).toBeVisible();
    await noSidewaysScrolling(kees, 'my programme');
    await expectAccessible(kees, mode);

    await kees.getByRole('button', { name: 'Deze training kiezen: Beter vragen stellen' }).click();
    await expect(kees.getByRole('status')).toHaveText('Je hebt „Beter vragen stellen” gekozen.');
    await expect(kees.getByRole('status')).toBeFocused();
    await expect(kees.getByText('je hebt er nu 3')).toBeVisible();
    await expectAccessible(kees, mode);

    await kees.getByRole('button', { name: 'Afmelden voor deze training: Beter vragen stellen' }).click();
    await expect(kees.getByRole('status')).toHaveText('Je bent afgemeld voor „Beter vragen stellen”.');
    await expect(kees.getByText('je hebt er nu 2')).toBeVisible();
  });
}

/** Today's date in Amsterdam as the date field takes it (YYYY-MM-DD). */
function todayInAmsterdam(offsetDays = 0): string {
  const day = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(day);
}

/** The lesson attendance bar on the participant's home: percent and "x van y bijgewoond". */
async function lessonAttendance(page: Page): Promise<{ percent: number; attended: number }> {
  await page.goto('/');
  const bar = page.getByLabel('Aanwezigheid bij de lessen');
  const percent = Number(await bar.getAttribute('value'));
  const detail = await page.locator('.progress-block', { has: bar }).locator('.progress-pending').textContent();
  const match = detail?.match(/(\d+) van (\d+) bijgewoond/);
  expect(match, `attendance detail "${detail}"`).not.toBeNull();
  return { percent, attended: Number(match![1]) };
}

test('a participant picks two trainings, the trainer brings them forward and records them, and his hours and attendance rise', async ({ browser }) => {
  const phone = { viewport: { width: 360, height: 740 } };
  const trainings = [
    { title: 'Omgaan met weerstand', starts: '09:00', ends: '11:00' },
    { title: 'Eigen ervaring inzetten', starts: '11:00', ends: '13:00' },
  ];

  // The trainer adds two trainings to the offer, next week.
  const trainer = await (await browser.newContext(phone)).newPage();
  await login(trainer, 'trainer@leerlijn.test', WITH_JS);
  for (const t of trainings) {
    await trainer.goto('/cohorten');
    await trainer.getByRole('main').getByRole('link', { name: 'Leerlijn Buurtteams 2026', exact: true }).click();
    await trainer.getByRole('link', { name: 'Programma en groepen' }).click();
    await trainer.getByRole('link', { name: 'Bijeenkomst toevoegen' }).click();
    await trainer.getByRole('radio', { name: /^Training/ }).check();
    await trainer.getByLabel('Titel', { exact: true }).fill(t.title);
    await trainer.getByLabel('Datum', { exact: true }).fill(todayInAmsterdam(7));
    await trainer.getByLabel('Begintijd').fill(t.starts);
    await trainer.getByLabel('Eindtijd').fill(t.ends);
    await trainer.getByLabel('Plaats', { exact: true }).fill('Buurthuis De Pijp');
    await trainer.getByRole('textbox', { name: 'Aantal plaatsen' }).fill('8');
    await trainer.getByRole('button', { name: 'Bijeenkomst toevoegen' }).click();
    await expect(trainer.getByRole('status')).toContainText(`Bijeenkomst „${t.title}” toegevoegd.`);
  }

  // Kees (one absence so far) picks both from his own track.
  const kees = await (await browser.newContext(phone)).newPage();
  await login(kees, 'kees@leerlijn.test', WITH_JS);
  const hoursBefore = await sessionHours(kees);
  const attendanceBefore = await lessonAttendance(kees);
  await kees.getByRole('link', { name: 'Mijn programma en trainingen' }).click();
  for (const t of trainings) {
    await kees.getByRole('button', { name: `Deze training kiezen: ${t.title}` }).click();
    await expect(kees.getByRole('status')).toHaveText(`Je hebt „${t.title}” gekozen.`);
  }
  await expect(kees.getByRole('list').getByText('Omgaan met weerstand').first()).toBeVisible();
  await noSidewaysScrolling(kees, 'my programme with two new choices');
  await expectAccessible(kees, WITH_JS);

  // The trainings are brought forward to today; the trainer changes each and records everyone present.
  for (const t of trainings) {
    await trainer.goto('/cohorten');
    await trainer.getByRole('main').getByRole('link', { name: 'Leerlijn Buurtteams 2026', exact: true }).click();
    await trainer.getByRole('link', { name: 'Programma en groepen' }).click();
    await trainer.getByRole('link', { name: `Training: ${t.title}` }).click();
    await expect(trainer.getByText('Aanwezigheid kun je registreren vanaf de dag van de bijeenkomst.')).toBeVisible();
    await trainer.getByRole('link', { name: 'Bijeenkomst wijzigen' }).click();
    await expect(trainer.getByLabel('Titel', { exact: true })).toHaveValue(t.title);
    await expect(trainer.getByRole('textbox', { name: 'Aantal plaatsen' })).toHaveValue('8');
    await noSidewaysScrolling(trainer, 'the session form');
    await expectAccessible(trainer, WITH_JS);
    await trainer.getByLabel('Datum', { exact: true }).fill(todayInAmsterdam());
    await trainer.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await expect(trainer.getByRole('status')).toHaveText(`Bijeenkomst „${t.title}” gewijzigd.`);
    await expect(trainer.getByRole('group', { name: 'Kees van Dijk' })).toBeVisible();
    await trainer.getByRole('button', { name: 'Iedereen aanwezig' }).click();
    await expect(trainer.getByRole('status')).toContainText('Aanwezigheid opgeslagen');
  }

  // Two hours each, approved by the trainer's record; the attendance figure counts both.
  expect(await sessionHours(kees)).toBe(hoursBefore + 4);
  const attendanceAfter = await lessonAttendance(kees);
  expect(attendanceAfter.attended).toBe(attendanceBefore.attended + 2);
  expect(attendanceAfter.percent).toBeGreaterThan(attendanceBefore.percent);
  await expectAccessible(kees, WITH_JS);
});
