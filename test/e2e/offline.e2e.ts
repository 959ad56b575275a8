/**
 * The offline client in real Chromium against the real server, through a switchable network
 * (network.ts): the app shell from the service worker with the network off, marks queued offline
 * and sent once, a page closed straight after "saved", a server answering 503, a session that
 * ends while offline, and two tabs writing at once. Each test checks what the page shows and
 * what the server holds: one history entry per mark made, never a double.
 *
 * One server for the file (loading the demo school takes a while). Its clock starts at 08:50 on a
 * Wednesday in term (GMT, so UTC is school time): every AM register is open until 09:20. Sign-ins
 * last six minutes (TOKEN_TTL_HOURS=0.1), so the session-expiry test moves the clock only seven
 * minutes and runs last; each test uses its own teacher, group and browser profile.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import {
  cardText,
  mark,
  networkOff,
  networkOn,
  newDevice,
  openRegisterFromToday,
  pupilsWithUniqueNames,
  SAVED_NOT_SENT,
  screenshotAll,
  signInThroughUi,
  statusBar,
  waitForAllSent,
  waitForServiceWorker,
  waitForStatus,
  type Device,
} from './app.ts';
import {
  apiGet,
  apiLogin,
  launchBrowser,
  readHistory,
  readRegister,
  screenshot,
  serverNow,
  setServerClock,
  startServer,
  type CellHistory,
  type RunningServer,
  type ServerRegister,
} from './harness.ts';
import { startNetwork, UNAVAILABLE_MESSAGE, type Network } from './network.ts';

const DATE = '2026-12-02';
const SESSION = 'AM';
const AM_CLOSES = Date.parse(`${DATE}T09:20:00Z`);
const TOKEN_TTL_MS = 0.1 * 3600_000;

type Row = ServerRegister['rows'][number];

/** Today's heading on the school's clock (the server's): Wednesday 2 December. */
const SCHOOL_TODAY = 'Today · Wed 2 Dec';

/** Every page of `context` records each different Today heading it shows, from its first frame. */
async function recordHeadings(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { rollcallHeadingsSeen: seen });
    const look = () => {
      const text = document.querySelector('h1')?.textContent ?? '';
      if (text.startsWith('Today') && seen.at(-1) !== text) seen.push(text);
    };
    new MutationObserver(look).observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

/** The Today headings the page has shown since it loaded. */
function headingsSeen(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { rollcallHeadingsSeen: string[] }).rollcallHeadingsSeen,
  );
}

describe('offline in Chromium against the real server', () => {
  let server: RunningServer;
  let network: Network;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer({
      ROLLCALL_NOW: `${DATE}T08:50:00Z`,
      ROLLCALL_TEST_CLOCK: '1',
      TOKEN_TTL_HOURS: '0.1',
    });
    network = await startNetwork(server.url);
    browser = await launchBrowser();
  });

  // The last test's tablets stay open until the next test starts, so a failure can photograph
  // them (onTestFailed runs after the afterEach hooks).
  beforeEach(async () => {
    network.set('up');
    network.clearLog();
    for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
  });

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
    await browser.close();
    await network.close();
    await server.stop();
  });

  /** A fresh tablet whose open pages are photographed if the test fails. */
  async function device(name: string): Promise<Device> {
    const opened = await newDevice(browser, network);
    contexts.push(opened.context);
    onTestFailed(async () => {
      await screenshotAll(opened.context.pages(), `failed-${name}`);
    });
    return opened;
  }

  /** The teacher's group and, from the server, `count` of its pupils not yet marked. */
  async function teacherGroup(username: string, count: number) {
    const login = await apiLogin(server, username);
    const groupId = login.staff.groups[0] ?? '';
    const register = await readRegister(server, login.token, groupId, DATE, SESSION);
    expect(register.status).toBe('open');
    return { groupId, pupils: pupilsWithUniqueNames(register, count) };
  }

  /** The server's history of each pupil's cell, read as the head teacher. */
  async function histories(pupils: readonly Row[]): Promise<CellHistory[]> {
    const { token } = await apiLogin(server, 'head');
    return Promise.all(pupils.map((p) => readHistory(server, token, p.pupilId, DATE, SESSION)));
  }

  /**
   * Each pupil's history holds exactly the marks made, in order, all from one device, and no op
   * twice: `expected[i]` is the list of codes made for `pupils[i]`.
   */
  async function expectAppliedOnce(
    pupils: readonly Row[],
    expected: readonly (readonly string[])[],
  ): Promise<void> {
    const found = await histories(pupils);
    expect(found.map((entries) => entries.map((e) => e.amended))).toEqual(expected);
    const all = found.flat();
    expect(new Set(all.map((e) => e.opId)).size).toBe(all.length);
    expect(new Set(all.map((e) => e.deviceId)).size).toBe(1);
    expect(all.every((e) => e.source === 'register')).toBe(true);
  }

  async function expectNothingOnServer(pupils: readonly Row[]): Promise<void> {
    expect((await histories(pupils)).flat()).toEqual([]);
  }

  it('(1) after one online visit the app loads and works with the network off, even after a reload', async () => {
    const { pupils } = await teacherGroup('d.okoro', 1);
    const [pupil] = pupils as [Row];
    const { context, page } = await device('offline-1');
    await recordHeadings(context);
    await page.goto('/');
    await signInThroughUi(page, 'd.okoro');
    await waitForServiceWorker(page);
    // The tablet's own clock is days from the school's (harness.ts): it says so, and Today was
    // drawn on the school's day from the first frame after signing in.
    await waitForStatus(page, /This device’s clock is \d+ \w+ (ahead of|behind) the school’s/);
    expect(await headingsSeen(page)).toEqual([SCHOOL_TODAY]);

    await networkOff(context, network);
    await page.reload();
    // The wait before the next try, counted on the clock corrected from the server's (this
    // machine's own clock is hours out): seconds, never "336 min".
    const retrying = await waitForStatus(page, /^Offline.*Retrying (in \d+ \w+|now)/);
    expect(retrying).not.toMatch(/Retrying in \d+ min/);
    await page.getByRole('heading', { level: 1, name: /^Today/ }).waitFor();
    // After the reload with no network, too, the corrected clock was read before Today was drawn.
    expect(await headingsSeen(page)).toEqual([SCHOOL_TODAY]);
    // The register screen was never opened online: it comes from the service worker's precache.
    await openRegisterFromToday(page, SESSION);
    await mark(page, pupil.name, 'present', /^Present · Saved, not sent yet/);
    await waitForStatus(page, /^Offline.*1 unsent mark/);
    await screenshot(page, 'offline-1-register-after-offline-reload');
    await page.getByRole('link', { name: 'Sync', exact: true }).click();
    await page.getByText('Offline: marks are kept on this device until it is back').waitFor();
    await expectNothingOnServer(pupils);

    await networkOn(context, network);
    await waitForAllSent(page);
    await expectAppliedOnce(pupils, [['/']]);
  });

  it('(2) marks written offline are sent exactly once after reconnecting', async () => {
    const { groupId, pupils } = await teacherGroup('s.whitaker', 3);
    const [a, b, c] = pupils as [Row, Row, Row];
    const { context, page } = await device('offline-2');
    await page.goto('/');
    await signInThroughUi(page, 's.whitaker');
    await openRegisterFromToday(page, SESSION);

    await networkOff(context, network);
    await mark(page, a.name, 'present', /^Present · Saved, not sent yet/);
    await mark(page, b.name, 'absent', /^Absent, no reason yet · Saved, not sent yet/);
    await mark(page, c.name, 'present', /^Present · Saved, not sent yet/);
    await mark(page, c.name, 'absent', /^Absent, no reason yet · Saved, not sent yet/);
    await waitForStatus(page, /^Offline.*4 unsent marks/);
    await screenshot(page, 'offline-2-four-marks-queued');
    await expectNothingOnServer(pupils);

    await networkOn(context, network);
    await waitForAllSent(page);
    for (const pupil of pupils)
      await expect.poll(() => cardText(page, pupil.name)).not.toMatch(SAVED_NOT_SENT);
    await expectAppliedOnce(pupils, [['/'], ['N'], ['/', 'N']]);
    const { token } = await apiLogin(server, 'head');
    const register = await readRegister(server, token, groupId, DATE, SESSION);
    const codes = new Map(register.rows.map((row) => [row.pupilId, row.code]));
    expect(pupils.map((p) => codes.get(p.pupilId))).toEqual(['/', 'N', 'N']);

    // Another sync, and a reload, send nothing again.
    await page.getByRole('link', { name: 'Sync', exact: true }).click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.reload();
    await waitForAllSent(page);
    await expectAppliedOnce(pupils, [['/'], ['N'], ['/', 'N']]);
  });

  it('(3) a page closed straight after "saved" and reopened offline still has the mark, which is sent later', async () => {
    const { groupId, pupils } = await teacherGroup('j.pemberton', 1);
    const [pupil] = pupils as [Row];
    const { context, page } = await device('offline-3');
    await page.goto('/');
    await signInThroughUi(page, 'j.pemberton');
    await waitForServiceWorker(page);
    await openRegisterFromToday(page, SESSION);

    await networkOff(context, network);
    await mark(page, pupil.name, 'present', SAVED_NOT_SENT);
    await page.close();

    const reopened = await context.newPage();
    await reopened.goto(`/#/register/${groupId}/${DATE}/${SESSION}`);
    await reopened.getByRole('list', { name: 'Pupils' }).waitFor();
    expect(await cardText(reopened, pupil.name)).toMatch(/^Present · Saved, not sent yet/);
    await waitForStatus(reopened, /^Offline.*1 unsent mark/);
    await screenshot(reopened, 'offline-3-reopened-offline');
    await expectNothingOnServer(pupils);

    await networkOn(context, network);
    await waitForAllSent(reopened);
    await expect.poll(() => cardText(reopened, pupil.name)).toBe('Present');
    await expectAppliedOnce(pupils, [['/']]);
  });

  it('(4) while the server answers 503 the engine backs off, then drains once it recovers', async () => {
    const { pupils } = await teacherGroup('f.rahman', 2);
    const [a, b] = pupils as [Row, Row];
    const { page } = await device('offline-4');
    await page.goto('/');
    await signInThroughUi(page, 'f.rahman');
    await openRegisterFromToday(page, SESSION);

    network.clearLog();
    network.set('unavailable');
    const outageStart = Date.now();
    await mark(page, a.name, 'present', SAVED_NOT_SENT);
    const shown = await waitForStatus(page, /Retrying (in \d+ s|now)/, 10_000);
    // Still online as far as the tablet knows: the server is the problem, and it says so.
    expect(shown).toMatch(/^Online.*1 unsent mark/);
    expect(shown).toContain(UNAVAILABLE_MESSAGE);
    await screenshot(page, 'offline-4-server-unavailable');
    await mark(page, b.name, 'absent', SAVED_NOT_SENT);
    await page.waitForTimeout(Math.max(0, 8_000 - (Date.now() - outageStart)));
    await waitForStatus(page, /2 unsent marks/, 1_000);
    await expectNothingOnServer(pupils);

    const pushes = network.log().filter((seen) => seen.path.startsWith('/api/sync/push'));
    const gaps = pushes.slice(1).map((seen, i) => seen.at - (pushes[i]?.at ?? 0));
    // Tried again, but spaced out by at least the server's Retry-After (1 s): no hot loop.
    expect(pushes.length).toBeGreaterThanOrEqual(3);
    expect(pushes.length).toBeLessThanOrEqual(9);
    expect(pushes.every((seen) => seen.status === 503)).toBe(true);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(900);

    network.set('up');
    await waitForAllSent(page);
    await expectAppliedOnce(pupils, [['/'], ['N']]);
  });

  it('(6) two tabs writing at once: every op is applied once', async () => {
    const { groupId, pupils } = await teacherGroup('c.ashdown', 8);
    const { context, page: first } = await device('offline-6');
    await first.goto('/');
    await signInThroughUi(first, 'c.ashdown');
    await openRegisterFromToday(first, SESSION);
    const second = await context.newPage();
    await second.goto(`/#/register/${groupId}/${DATE}/${SESSION}`);
    await second.getByRole('list', { name: 'Pupils' }).waitFor();
    const tabs = [first, second] as const;

    /** Each tab marks its own pupils, tapping at the same moments as the other tab. */
    async function markTogether(rows: readonly Row[], action: 'present' | 'absent', shows: RegExp) {
      for (let i = 0; i < rows.length; i += 2) {
        await Promise.all(
          tabs.map(async (tab, t) => {
            const row = rows[i + t];
            if (row !== undefined) await mark(tab, row.name, action, shows);
          }),
        );
      }
    }

    // Online: one tab leads the sync while both write.
    await markTogether(pupils.slice(0, 4), 'present', /^Present/);
    for (const tab of tabs)
      for (const row of pupils.slice(0, 4))
        await expect.poll(() => cardText(tab, row.name), { timeout: 20_000 }).toBe('Present');
    // Offline: both tabs queue at once into the same outbox.
    await networkOff(context, network);
    await markTogether(pupils.slice(4), 'absent', /^Absent, no reason yet · Saved, not sent yet/);
    for (const tab of tabs) await waitForStatus(tab, /^Offline.*4 unsent marks/);
    await screenshot(second, 'offline-6-second-tab-queued');

    await networkOn(context, network);
    for (const tab of tabs) await waitForAllSent(tab);
    // Each tab shows the other's marks too: they share the device's database.
    for (const tab of tabs)
      for (const [i, row] of pupils.entries())
        await expect
          .poll(() => cardText(tab, row.name))
          .toBe(i < 4 ? 'Present' : 'Absent, no reason yet');
    await expectAppliedOnce(
      pupils,
      pupils.map((_, i) => (i < 4 ? ['/'] : ['N'])),
    );
  });

  it('(5) the session ends while offline: after signing in again the queue drains, nothing lost or doubled', async () => {
    const { pupils } = await teacherGroup('o.davies', 2);
    const [a, b] = pupils as [Row, Row];
    const { context, page } = await device('offline-5');
    await page.goto('/');
    await signInThroughUi(page, 'o.davies');
    await openRegisterFromToday(page, SESSION);

    await networkOff(context, network);
    await mark(page, a.name, 'present', SAVED_NOT_SENT);
    await mark(page, b.name, 'absent', SAVED_NOT_SENT);

    // Every sign-in made until now ends: the server's clock moves past their lifetime.
    const earlier = await apiLogin(server, 'o.davies');
    const expired = (await serverNow(server)) + TOKEN_TTL_MS + 60_000;
    expect(expired, 'the register must still be open after the jump').toBeLessThan(
      AM_CLOSES - 3 * 60_000,
    );
    await setServerClock(server, expired);
    await expect(apiGet(server, '/api/me', earlier.token)).rejects.toThrow(/401/);

    await networkOn(context, network);
    const banner = page.getByRole('region', { name: 'Sign in again, Owen Davies' });
    await banner.waitFor({ timeout: 30_000 });
    await waitForStatus(page, /Sign in again to send/);
    expect(await statusBar(page).textContent()).toMatch(/2 unsent marks/);
    expect(await cardText(page, a.name)).toMatch(SAVED_NOT_SENT);
    await screenshot(page, 'offline-5-sign-in-again');
    await expectNothingOnServer(pupils);

    expect(await banner.getByLabel('Username').inputValue()).toBe('o.davies');
    await banner.getByLabel('Password').fill('larkspur-demo');
    await banner.getByRole('button', { name: 'Sign in again' }).click();
    await waitForAllSent(page);
    await banner.waitFor({ state: 'detached' });
    await expectAppliedOnce(pupils, [['/'], ['N']]);
  });
});
