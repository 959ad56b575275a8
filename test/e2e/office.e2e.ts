/**
 * The office's day in Chromium against the real server, through a switchable network: the N
 * worklist against the five-day deadline, the first-day calling list, phone-ins and planned
 * absences reaching the teacher's tablet, and all of it with the network off.
 *
 * One server for the file, on the demo school. Its clock starts at 09:40 on Wednesday 2 December
 * 2026 (GMT, so UTC is school time), after every morning register has closed at 09:20, so the
 * close has left `N` on the morning's unmarked cells. Each test uses its own browser profiles.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { OVERDUE_N_REASON } from '../../src/domain/index.ts';
import { alertsReportSchema, unexplainedResponseSchema } from '../../src/schema/reads.ts';
import type { PupilRecord } from '../../src/schema/reference.ts';
import { pullPageSchema } from '../../src/schema/sync.ts';
import { demoBundle } from '../../src/server/demo/demoSchool.ts';
import { signInThroughUi, waitForAllSent, waitForServiceWorker } from './app.ts';
import {
  apiGet,
  apiLogin,
  launchBrowser,
  readHistory,
  screenshot,
  serverNow,
  startServer,
  type RunningServer,
} from './harness.ts';
import {
  card,
  demoGroup,
  login,
  moveClocks,
  openRegister,
  openTablet,
  OtherDevice,
  setWifi,
  signIn,
  waitAllSent,
  type Tablet,
} from './teacher.ts';

const WED = '2026-12-02';
const MON = '2026-12-07';
const TUE = '2026-12-08';
/** The office's first sync of the demo school takes a while on a busy machine. */
const FIRST_SYNC_MS = 120_000;
/** Reading the whole school's marks from the device database, on a busy machine. */
const SCREEN_MS = 30_000;
const GROUP = demoGroup('g-3b');

function at(date: string, time: string): string {
  return `${date}T${time}Z`;
}

/**
 * Pupils of 3B whose names nobody else in the school shares, each with a contact who may report
 * absence: the pupils the scenarios use, one each.
 */
function castOf3B() {
  const bundle = demoBundle();
  const counts = new Map<string, number>();
  const nameOf = (p: (typeof bundle.pupils)[number]) => `${p.givenName} ${p.familyName}`;
  for (const p of bundle.pupils) counts.set(nameOf(p), (counts.get(nameOf(p)) ?? 0) + 1);
  const usable = bundle.pupils
    .filter((p) => p.groupId === GROUP.id && counts.get(nameOf(p)) === 1)
    .map((p) => ({
      id: p.id,
      name: nameOf(p),
      reporter: p.contacts.find((c) => c.mayReportAbsence)?.name ?? null,
    }))
    .filter((p): p is { id: string; name: string; reporter: string } => p.reporter !== null);
  const pick = (i: number) => {
    const found = usable[i];
    if (found === undefined) throw new Error('3B has too few pupils for the scenarios');
    return found;
  };
  return { phonedIn: pick(0), offlineDay: pick(1), illWeek: pick(2) };
}

describe('the office in Chromium against the real server', () => {
  let server: RunningServer;
  let browser: Browser;
  const cast = castOf3B();
  const devices: Tablet[] = [];

  beforeAll(async () => {
    server = await startServer({
      ROLLCALL_NOW: at(WED, '09:40:00'),
      ROLLCALL_TEST_CLOCK: '1',
      // The clocks jump days; the admin login that moves them must outlive that.
      TOKEN_TTL_HOURS: '168',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const device of devices) await device.close().catch(() => undefined);
    await browser.close();
    await server.stop();
  });

  /**
   * A device of its own (browser profile, network, clock) at `startIso` — the server's clock is
   * set there too — photographed if the test fails.
   */
  async function device(name: string, startIso?: string): Promise<Tablet> {
    const iso = startIso ?? new Date(await serverNow(server)).toISOString();
    const opened = await openTablet(browser, server, iso);
    devices.push(opened);
    onTestFailed(async () => {
      console.log(`${name} problems:\n${opened.problems.join('\n') || 'none'}`);
      await screenshot(opened.page, `failed-office-${name}`).catch(() => undefined);
    });
    return opened;
  }

  /** An office PC (or laptop) signed in and synced. */
  async function officePc(name: string, username = 'office', startIso?: string): Promise<Tablet> {
    const opened = await device(name, startIso);
    await opened.page.setViewportSize({ width: 1280, height: 800 });
    await signInThroughUi(opened.page, username);
    opened.isSignedIn = true;
    await waitForAllSent(opened.page, FIRST_SYNC_MS);
    return opened;
  }

  async function openScreen(page: Page, name: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
  }

  /** Records an absence on the Record absence screen and waits for the confirmation. */
  async function recordAbsence(
    page: Page,
    pupil: { name: string; reporter: string },
    when: RegExp,
    code: string,
    reason: string,
  ): Promise<void> {
    await openScreen(page, 'Record absence');
    await page.getByLabel('Find the pupil (name, UPN or group)').fill(pupil.name);
    await page
      .getByRole('option', { name: new RegExp(pupil.name) })
      .first()
      .waitFor();
    await page.getByLabel('Find the pupil (name, UPN or group)').press('Enter');
    await page.getByRole('radio', { name: when }).check();
    await page.getByLabel('Code').selectOption(code);
    await page.getByLabel('Reason').fill(reason);
    await page.getByLabel('Reported by (optional)').fill(pupil.reporter);
    await page.getByRole('button', { name: /^Record \d+ sessions?$/ }).click();
    await page
      .getByRole('status')
      .filter({ hasText: new RegExp(`^Recorded ${code} for ${pupil.name}`) })
      .waitFor({ timeout: SCREEN_MS });
  }

  /** The school's pupils, as the office's pull delivers them. */
  async function demoPupils(token: string): Promise<PupilRecord[]> {
    const pupils: PupilRecord[] = [];
    let cursor = 0;
    for (;;) {
      const page = pullPageSchema.parse(
        await apiGet(server, `/api/sync/pull?cursor=${String(cursor)}&limit=1000`, token),
      );
      for (const change of page.changes) if (change.type === 'pupil') pupils.push(change.data);
      if (!page.hasMore) return pupils;
      cursor = page.cursor;
    }
  }

  it('(2) overdue N are changed to O with the statutory reason together; a change without a reason is refused', async () => {
    const office = await apiLogin(server, 'office');
    const unexplained = async () =>
      unexplainedResponseSchema.parse(await apiGet(server, '/api/office/unexplained', office.token))
        .rows;
    const overdueOnServer = (await unexplained()).filter((row) => row.overdue);
    expect(overdueOnServer.length).toBeGreaterThan(0);

    const { page } = await officePc('overdue');
    await openScreen(page, 'Absences');
    const chooseAll = page.getByRole('button', { name: /^Choose all overdue \((\d+)\)$/ });
    await chooseAll.waitFor({ timeout: SCREEN_MS });
    const label = (await chooseAll.textContent()) ?? '';
    const overdue = Number(/\((\d+)\)/.exec(label)?.[1]);
    expect(overdue).toBe(overdueOnServer.length);

    // Without a reason, one N cannot be replaced.
    await page.locator('.row-open').first().click();
    const panel = page.getByRole('complementary');
    await panel.getByLabel('Code').selectOption('I');
    await panel.getByRole('button', { name: /^Record for/ }).click();
    await expect
      .poll(() => panel.getByRole('alert').textContent(), { timeout: SCREEN_MS })
      .toBe('Give the reason: the register must say why.');
    await panel.getByRole('button', { name: 'Close' }).click();

    await chooseAll.click();
    const noun = overdue === 1 ? '1 overdue N' : `${String(overdue)} overdue N marks`;
    await page.getByRole('button', { name: `Change ${noun} to O…` }).click();
    await page
      .getByRole('dialog', { name: `Change ${noun} to O?` })
      .getByRole('button', { name: `Change ${noun} to O` })
      .click();
    await expect
      .poll(() => page.getByRole('button', { name: /^Choose all overdue/ }).count(), {
        timeout: SCREEN_MS,
      })
      .toBe(0);
    await waitForAllSent(page);

    // On the server: no N is overdue, and each one that was now ends in O with the statutory
    // reason, recorded once, after the N it replaced.
    expect((await unexplained()).filter((row) => row.overdue)).toEqual([]);
    for (const cell of overdueOnServer) {
      const entries = await readHistory(
        server,
        office.token,
        cell.pupilId,
        cell.date,
        cell.session,
      );
      const last = entries.at(-1);
      expect(last).toMatchObject({ original: 'N', amended: 'O', reason: OVERDUE_N_REASON });
      expect(entries.filter((entry) => entry.amended === 'O')).toHaveLength(1);
    }
  });

  it('(5) the whole office day works with the network off and drains on reconnecting', async () => {
    const laptop = await officePc('offline-day', 'office', at(WED, '10:30:00'));
    const { page } = laptop;
    await waitForServiceWorker(page);
    await setWifi(laptop, false);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Unexplained absences' }).waitFor();

    // An N replaced from the worklist.
    const firstRow = page.locator('.row-open').first();
    await firstRow.waitFor({ timeout: SCREEN_MS });
    const worklistName = ((await firstRow.textContent()) ?? '').trim();
    await firstRow.click();
    const panel = page.getByRole('complementary');
    await panel.getByLabel('Code').selectOption('M');
    await panel.getByLabel('Reason').fill('Dentist, letter seen');
    await panel.getByRole('button', { name: /^Record for/ }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Recorded M for ${worklistName}` })
      .waitFor();

    // A call logged from the calling list.
    await openScreen(page, 'First-day calls');
    const call = page.locator('.calling-card').first();
    await call.waitFor({ timeout: SCREEN_MS });
    await call.getByRole('button', { name: 'Log a call…' }).click();
    await call.getByRole('radio', { name: 'No answer' }).check();
    await call.getByLabel('Note (optional)').fill('Offline day call');
    await call.getByRole('button', { name: /^Log call at/ }).click();
    await call.getByText(/Offline day call/).waitFor();

    // A phone-in for tomorrow.
    await recordAbsence(page, cast.offlineDay, /^Today to Friday/, 'I', 'Flu, phoned in');
    await expect
      .poll(() => page.getByRole('status', { name: 'Sync status' }).textContent())
      .toMatch(/Offline/);
    await screenshot(page, 'office-offline-day');

    // Reconnected: everything queued reaches the server once.
    await setWifi(laptop, true);
    await waitForAllSent(page);
    const office = await apiLogin(server, 'office');
    for (const date of [WED, '2026-12-03', '2026-12-04'])
      for (const session of ['AM', 'PM'] as const) {
        if (date === WED && session === 'AM') continue;
        const entries = await readHistory(server, office.token, cast.offlineDay.id, date, session);
        const mine = entries.filter((e) => e.amended === 'I' && e.reason === 'Flu, phoned in');
        expect(mine, `${date} ${session}`).toHaveLength(1);
      }
    const alerts = alertsReportSchema.parse(
      await apiGet(server, `/api/reports/alerts?asOf=${WED}`, office.token),
    );
    const calls = alerts.firstDay.flatMap((row) =>
      row.calls.filter((c) => c.note === 'Offline day call'),
    );
    expect(calls).toHaveLength(1);
  });

  it('(1) a teacher marks a pupil absent offline, the office records the phone-in; on reconnecting the tablet shows I within 2 s of the sync, and the history has both', async () => {
    const tablet = await device('teacher', at(WED, '13:02:00'));
    await signIn(tablet, GROUP.teacher.username, GROUP.name);
    await openRegister(tablet.page, GROUP.name, 'PM');
    await setWifi(tablet, false);
    const pupilCard = card(tablet.page, cast.phonedIn.name);
    await tablet.page
      .getByRole('button', { name: `${cast.phonedIn.name}: absent`, exact: true })
      .click();
    await pupilCard.locator('.rc-code', { hasText: 'N' }).waitFor();

    const office = await officePc('phone-in', 'office', at(WED, '13:05:00'));
    await recordAbsence(office.page, cast.phonedIn, /^Today PM/, 'I', 'Sick overnight');
    await waitForAllSent(office.page);

    await setWifi(tablet, true);
    await waitAllSent(tablet.page);
    const synced = Date.now();
    await pupilCard.locator('.rc-code', { hasText: 'I' }).waitFor({ timeout: 2000 });
    expect(Date.now() - synced).toBeLessThan(2000);
    expect(await pupilCard.locator('.rc-card-status').textContent()).toContain(
      `reported by ${cast.phonedIn.reporter}`,
    );
    await screenshot(tablet.page, 'office-phone-in-on-tablet');

    const head = await apiLogin(server, 'head');
    const entries = await readHistory(server, head.token, cast.phonedIn.id, WED, 'PM');
    expect(entries.map((e) => [e.source, e.amended])).toEqual(
      expect.arrayContaining([
        ['register', 'N'],
        ['office', 'I'],
      ]),
    );
    const current = entries.filter((e) => e.outcome === 'current');
    expect(current.map((e) => e.amended)).toEqual(['I']);
  });

  it('(3) the calling list puts the looked-after pupil first; a call logged offline on a laptop reaches a second office PC once', async () => {
    // A looked-after pupil is marked absent on their PM register at 13:10, while it is open.
    const laptop = await officePc('calls-laptop', 'office', at(WED, '13:10:00'));
    const bundle = demoBundle();
    const lookedAfter = bundle.pupils.find(
      (p) => p.flags['lookedAfter'] === true && p.groupId !== 'g-nursery',
    );
    if (lookedAfter === undefined) throw new Error('the demo school has no looked-after pupil');
    const teacher = demoGroup(lookedAfter.groupId).teacher;
    const tablet = new OtherDevice(server.url, await login(server.url, teacher.username));
    const [pushed] = await tablet.push([
      tablet.mark({
        pupilId: lookedAfter.id,
        date: WED,
        session: 'PM',
        code: 'N',
        basedOn: null,
        source: 'register',
        recordedAt: new Date(await serverNow(server)).toISOString(),
      }),
    ]);
    expect(pushed?.status).toBe('applied');

    const office = await apiLogin(server, 'office');
    const alerts = alertsReportSchema.parse(
      await apiGet(server, `/api/reports/alerts?asOf=${WED}`, office.token),
    );
    const pupils = new Map((await demoPupils(office.token)).map((p) => [p.id, p]));
    const absentToday = alerts.firstDay.map((row) => pupils.get(row.pupilId));
    expect(absentToday.map((p) => p?.id)).toContain(lookedAfter.id);
    const priority = absentToday.filter(
      (p) =>
        p?.flags['lookedAfter'] === true ||
        p?.flags['socialWorker'] === true ||
        p?.flags['ehcPlan'] === true,
    );

    await waitForServiceWorker(laptop.page);
    await openScreen(laptop.page, 'First-day calls');
    const cards = laptop.page.locator('.calling-card');
    await expect.poll(() => cards.count(), { timeout: SCREEN_MS }).toBe(alerts.firstDay.length);
    // Every pupil with a social worker, looked after or with an EHC plan comes before the rest,
    // the looked-after pupil among them.
    const tagged = await cards.evaluateAll((items) =>
      items.map((item) => item.querySelector('.tag-priority') !== null),
    );
    expect(tagged).toEqual(tagged.map((_, i) => i < priority.length));
    const names = await cards.locator('h2').allTextContents();
    const place = names.findIndex((n) =>
      n.startsWith(
        `${lookedAfter.preferredName ?? lookedAfter.givenName} ${lookedAfter.familyName}`,
      ),
    );
    expect(place).toBeGreaterThanOrEqual(0);
    expect(place).toBeLessThan(priority.length);
    await cards.nth(place).getByText('Looked after').waitFor();

    // The laptop goes to another room with no network and logs a call.
    await setWifi(laptop, false);
    const first = cards.first();
    const firstName = ((await first.locator('h2 a').textContent()) ?? '').trim();
    await first.getByRole('button', { name: 'Log a call…' }).click();
    await first.getByRole('radio', { name: 'Message left' }).check();
    await first.getByLabel('Note (optional)').fill('Asked to ring the office');
    await first.getByRole('button', { name: /^Log call at/ }).click();
    await first.getByText(/Asked to ring the office/).waitFor();
    await first.getByText(/saved, not sent yet/).waitFor();

    // A second office PC, online, sees nothing yet.
    const pc = await officePc('calls-pc', 'attendance');
    await openScreen(pc.page, 'First-day calls');
    const pcCard = pc.page.locator('.calling-card', { hasText: firstName }).first();
    await pcCard.waitFor();
    expect(await pcCard.getByText(/Asked to ring the office/).count()).toBe(0);

    // Back online: the call is sent once and reaches the PC once.
    await setWifi(laptop, true);
    await waitForAllSent(laptop.page);
    await expect
      .poll(() => pcCard.getByText(/Asked to ring the office/).count(), { timeout: 45_000 })
      .toBe(1);
    const after = alertsReportSchema.parse(
      await apiGet(server, `/api/reports/alerts?asOf=${WED}`, office.token),
    );
    const logged = after.firstDay.flatMap((row) =>
      row.calls.filter((call) => call.note === 'Asked to ring the office'),
    );
    expect(logged).toHaveLength(1);
  });

  it('(4) a week of illness recorded on Monday prefills Tuesday’s register on the tablet', async () => {
    const office = await officePc('ill-week', 'office', at(MON, '08:30:00'));
    await recordAbsence(office.page, cast.illWeek, /^Today to Friday/, 'I', 'Chickenpox');
    await waitForAllSent(office.page);

    const tablet = await device('tuesday', at(TUE, '08:40:00'));
    await signIn(tablet, GROUP.teacher.username, GROUP.name);
    await openRegister(tablet.page, GROUP.name, 'AM');
    await moveClocks(tablet, at(TUE, '08:52:00'));
    const pupilCard = card(tablet.page, cast.illWeek.name);
    await pupilCard.locator('.rc-code', { hasText: 'I' }).waitFor({ timeout: SCREEN_MS });
    const status = (await pupilCard.locator('.rc-card-status').textContent()) ?? '';
    expect(status).toContain(`reported by ${cast.illWeek.reporter}`);
    expect(status).toContain('Chickenpox');
    await screenshot(tablet.page, 'office-ill-week-on-tuesday');
  });
});
