/**
 * The signing-in desk in Chromium against the real server: a late arrival the offline tablet had
 * marked absent, `U` after the close, a sign-out by someone not listed reaching the teacher's
 * tablet, and a whole morning at the desk with no network, sent once.
 *
 * One server for the file, on the demo school, its clock starting at 08:45 on Wednesday
 * 2 December 2026 (GMT, so UTC is school time): every AM register opens at 08:50 and closes at
 * 09:20. The clocks only move forward, so the tests run in order.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { pullPageSchema } from '../../src/schema/sync.ts';
import { demoBundle } from '../../src/server/demo/demoSchool.ts';
import { waitForAllSent, waitForServiceWorker } from './app.ts';
import {
  apiGet,
  apiLogin,
  launchBrowser,
  readHistory,
  readRegister,
  screenshot,
  startServer,
  type RunningServer,
} from './harness.ts';
import {
  card,
  demoGroup,
  moveClocks,
  openRegister,
  openTablet,
  runAxe,
  setWifi,
  signIn,
  waitAllSent,
  type Tablet,
} from './teacher.ts';
import { signInThroughUi } from './app.ts';

const WED = '2026-12-02';
const THU = '2026-12-03';
const FIRST_SYNC_MS = 120_000;
const GROUP = demoGroup('g-3b');

function at(date: string, time: string): string {
  return `${date}T${time}Z`;
}

/** 3B's pupils whose names nobody else shares, with their first listed contact. */
function castOf3B() {
  const bundle = demoBundle();
  const nameOf = (p: (typeof bundle.pupils)[number]) => `${p.givenName} ${p.familyName}`;
  const counts = new Map<string, number>();
  for (const p of bundle.pupils) counts.set(nameOf(p), (counts.get(nameOf(p)) ?? 0) + 1);
  const usable = bundle.pupils
    .filter((p) => p.groupId === GROUP.id && counts.get(nameOf(p)) === 1)
    .map((p) => ({ id: p.id, name: nameOf(p), contact: p.contacts[0]?.name ?? null }))
    .filter((p): p is { id: string; name: string; contact: string } => p.contact !== null);
  const pick = (i: number) => {
    const found = usable[i];
    if (found === undefined) throw new Error('3B has too few pupils for the scenarios');
    return found;
  };
  return { late: pick(0), afterClose: pick(1), collected: pick(2), morning: [pick(3), pick(4)] };
}

describe('the signing-in desk in Chromium against the real server', () => {
  let server: RunningServer;
  let browser: Browser;
  const cast = castOf3B();
  const devices: Tablet[] = [];
  let desk: Tablet;
  let tablet: Tablet;

  beforeAll(async () => {
    server = await startServer({
      ROLLCALL_NOW: at(WED, '08:45:00'),
      ROLLCALL_TEST_CLOCK: '1',
      TOKEN_TTL_HOURS: '168',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const device of devices) await device.close().catch(() => undefined);
    await browser.close();
    await server.stop();
  });

  async function device(name: string, startIso: string): Promise<Tablet> {
    const opened = await openTablet(browser, server, startIso);
    devices.push(opened);
    onTestFailed(async () => {
      console.log(`${name} problems:\n${opened.problems.join('\n') || 'none'}`);
      await screenshot(opened.page, `failed-desk-${name}`).catch(() => undefined);
    });
    return opened;
  }

  /** The desk PC: reception signed in, the school synced, the desk on screen. */
  async function deskPc(name: string, startIso: string): Promise<Tablet> {
    const opened = await device(name, startIso);
    await opened.page.setViewportSize({ width: 1280, height: 800 });
    await signInThroughUi(opened.page, 'reception');
    opened.isSignedIn = true;
    await waitForAllSent(opened.page, FIRST_SYNC_MS);
    await opened.page.getByRole('heading', { level: 1, name: /^Signing-in desk/ }).waitFor();
    return opened;
  }

  async function pick(page: Page, name: string): Promise<void> {
    await page.getByRole('combobox', { name: /Find the pupil/ }).fill(name);
    await page.getByRole('option', { name: new RegExp(name) }).click();
    await page.getByRole('heading', { level: 2, name: new RegExp(`${name} · 3B`) }).waitFor();
  }

  function preview(page: Page) {
    return page.locator('output.desk-preview');
  }

  it('(1) at 09:12 the desk signs in, as L 22 minutes late, a pupil the offline tablet marked absent; once both sync the tablet shows L and the history both marks', async () => {
    tablet = await device('tablet', at(WED, '09:00:00'));
    await signIn(tablet, GROUP.teacher.username, GROUP.name);
    await openRegister(tablet.page, GROUP.name, 'AM');
    await setWifi(tablet, false);
    await tablet.page
      .getByRole('button', { name: `${cast.late.name}: absent`, exact: true })
      .click();
    const lateCard = card(tablet.page, cast.late.name);
    await lateCard.locator('.rc-code', { hasText: 'N' }).waitFor();

    desk = await deskPc('desk', at(WED, '09:10:00'));
    await moveClocks(desk, at(WED, '09:12:00'));
    await pick(desk.page, cast.late.name);
    await expect
      .poll(() => preview(desk.page).textContent())
      .toBe(
        'Will record L on the AM register of 3B (Year 3 Birch): 22 minutes late, before the register closes at 09:20.',
      );
    await desk.page.getByLabel('Reason for being late').fill('Traffic or transport');
    await desk.page.getByRole('button', { name: `Sign in ${cast.late.name}` }).click();
    await desk.page
      .getByRole('status')
      .filter({
        hasText: `${cast.late.name} (3B (Year 3 Birch)) signed in at 09:12: L, 22 minutes late.`,
      })
      .waitFor();
    await waitForAllSent(desk.page);
    for (const size of [
      { width: 1280, height: 800, name: 'desk' },
      { width: 1024, height: 768, name: 'tablet' },
      { width: 390, height: 844, name: 'phone' },
    ]) {
      await desk.page.setViewportSize(size);
      await screenshot(desk.page, `desk-log-${size.name}`);
      expect(await runAxe(desk.page)).toEqual([]);
    }
    await desk.page.setViewportSize({ width: 1280, height: 800 });

    await setWifi(tablet, true);
    await waitAllSent(tablet.page);
    await lateCard.locator('.rc-code', { hasText: 'L' }).waitFor({ timeout: 10_000 });
    expect(await lateCard.locator('.rc-card-status').textContent()).toMatch(
      /arrived 09:12, 22 minutes late.*reception/,
    );
    const head = await apiLogin(server, 'head');
    const entries = await readHistory(server, head.token, cast.late.id, WED, 'AM');
    expect(entries.map((e) => [e.source, e.amended, e.outcome])).toEqual(
      expect.arrayContaining([
        ['register', 'N', 'superseded'],
        ['reception', 'L', 'current'],
      ]),
    );
  });

  it('(2) at 09:31, after the 09:20 close, the desk says U', async () => {
    await moveClocks(desk, at(WED, '09:31:00'));
    await pick(desk.page, cast.afterClose.name);
    await expect
      .poll(() => preview(desk.page).textContent())
      .toBe(
        'Will record U on the AM register of 3B (Year 3 Birch): 41 minutes late, after the register closed at 09:20 (an unauthorised absence, but on site).',
      );
    await desk.page.getByRole('button', { name: `Sign in ${cast.afterClose.name}` }).click();
    await desk.page
      .getByRole('status')
      .filter({ hasText: /signed in at 09:31: U, 41 minutes late/ })
      .waitFor();
    // The desk sends once writing has been quiet for a second: ask the server until it has it.
    const head = await apiLogin(server, 'head');
    const row = async () =>
      (await readRegister(server, head.token, GROUP.id, WED, 'AM')).rows.find(
        (r) => r.pupilId === cast.afterClose.id,
      );
    await expect.poll(async () => (await row())?.code, { timeout: 15_000 }).toBe('U');
    expect(await row()).toMatchObject({ code: 'U', arrivedAt: '09:31', minutesLate: 41 });
  });

  it('(3) a sign-out collected by someone not listed needs the confirmation, and the teacher’s tablet shows it', async () => {
    await moveClocks(desk, at(WED, '09:35:00'));
    const { page } = desk;
    await pick(page, cast.collected.name);
    await page.getByRole('button', { name: 'Leaving school' }).click();
    await page.getByRole('radio', { name: 'Appointment' }).check();
    await page.getByLabel('Details (optional)').fill('dentist');
    await page.getByLabel('Collected by', { exact: true }).fill('Aunt Jo');
    await page.getByText(`Aunt Jo is not a listed contact for ${cast.collected.name}.`).waitFor();
    await screenshot(page, 'desk-unlisted-collector');
    expect(await runAxe(page)).toEqual([]);
    await page.getByRole('button', { name: `Sign out ${cast.collected.name}` }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Aunt Jo is not a listed contact: confirm that you have checked' })
      .waitFor();
    await page
      .getByRole('checkbox', {
        name: `I have checked that Aunt Jo may collect ${cast.collected.name}`,
      })
      .check();
    await page.getByRole('button', { name: `Sign out ${cast.collected.name}` }).click();
    await page
      .getByRole('status')
      .filter({
        hasText: `${cast.collected.name}: signed out 09:35 (appointment: dentist), collected by Aunt Jo.`,
      })
      .waitFor();
    await waitForAllSent(page);

    await card(tablet.page, cast.collected.name)
      .getByText('Signed out 09:35 (appointment: dentist), collected by Aunt Jo')
      .waitFor({ timeout: 15_000 });
    await screenshot(tablet.page, 'desk-sign-out-on-tablet');
  });

  it('(4) the desk works offline for a morning and drains exactly once', async () => {
    const thursday = await deskPc('offline-morning', at(THU, '08:40:00'));
    const { page } = thursday;
    await waitForServiceWorker(page);
    const reception = await apiLogin(server, 'reception');
    const cursorBefore = await pullCursor(reception.token);
    await setWifi(thursday, false);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /^Signing-in desk/ }).waitFor();

    const [first, second] = cast.morning;
    if (first === undefined || second === undefined) throw new Error('no cast');
    await moveClocks(thursday, at(THU, '09:05:00'));
    await pick(page, first.name);
    await expect
      .poll(() => preview(page).textContent())
      .toMatch(/^Will record L .*15 minutes late/);
    await page.getByRole('button', { name: `Sign in ${first.name}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /signed in at 09:05: L/ })
      .waitFor();

    await moveClocks(thursday, at(THU, '10:30:00'));
    await pick(page, second.name);
    await page.getByRole('button', { name: 'Leaving school' }).click();
    await page.getByRole('radio', { name: 'Illness' }).check();
    await page.getByRole('button', { name: new RegExp(`^${second.contact}`) }).click();
    await page.getByRole('button', { name: `Sign out ${second.name}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /signed out 10:30 \(illness\)/ })
      .waitFor();

    await moveClocks(thursday, at(THU, '11:15:00'));
    await pick(page, second.name);
    await page.getByRole('button', { name: `Sign ${second.name} back in` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${second.name}: back 11:15.` })
      .waitFor();

    const log = page.getByRole('list', { name: 'Arrivals and movements, newest first' });
    await expect.poll(() => log.getByText('Not sent yet').count()).toBe(3);
    expect(await page.getByRole('status', { name: 'Sync status' }).textContent()).toMatch(
      /Offline/,
    );
    await screenshot(page, 'desk-offline-morning');

    await setWifi(thursday, true);
    await waitForAllSent(page);
    await expect.poll(() => log.getByText('Not sent yet').count()).toBe(0);
    const head = await apiLogin(server, 'head');
    const entries = await readHistory(server, head.token, first.id, THU, 'AM');
    expect(entries.filter((e) => e.source === 'reception').map((e) => e.amended)).toEqual(['L']);
    const movements = (await changesSince(reception.token, cursorBefore)).filter(
      (m) => m.pupilId === second.id,
    );
    expect(movements.map((m) => [m.direction, m.at])).toEqual([
      ['out', '10:30'],
      ['in', '11:15'],
    ]);
  });

  async function pullCursor(token: string): Promise<number> {
    let cursor = 0;
    for (;;) {
      const page = pullPageSchema.parse(
        await apiGet(server, `/api/sync/pull?cursor=${String(cursor)}&limit=5000`, token),
      );
      cursor = page.cursor;
      if (!page.hasMore) return cursor;
    }
  }

  async function changesSince(token: string, from: number) {
    const page = pullPageSchema.parse(
      await apiGet(server, `/api/sync/pull?cursor=${String(from)}&limit=5000`, token),
    );
    return page.changes.flatMap((c) => (c.type === 'movement' ? [c.data] : []));
  }
});
