/**
 * The teacher's register in Chromium at tablet size, against the real server, with both clocks
 * under the test's control (teacher.ts). One server for the file (the demo school takes half a
 * minute to load), so the clocks only move forward: each scenario takes 3B's AM register on its
 * own school day of the same GMT week (UTC = London time), on a fresh tablet. The demo history
 * stops at the server's start, so those registers start blank.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchBrowser, screenshot, startServer, type RunningServer } from './harness.ts';
import {
  card,
  cellHistory,
  demoGroup,
  LANDSCAPE,
  login,
  moveClocks,
  openRegister,
  openTablet,
  OtherDevice,
  PORTRAIT,
  readCards,
  recordArrival,
  runAxe,
  seriousOnes,
  serverRegister,
  setWifi,
  signIn,
  syncLine,
  waitAllSent,
  type ServerRow,
  type Tablet,
} from './teacher.ts';

const GROUP = demoGroup('g-3b');
const WED = '2026-12-02';
const THU = '2026-12-03';
const FRI = '2026-12-04';
const MON = '2026-12-07';
const at = (date: string, time: string) => `${date}T${time}Z`;
/** For `expect.poll`, whose default of one second is short on a busy machine. */
const POLL = { timeout: 15_000, interval: 100 } as const;

/** The pupils the scenarios pick out, by role in the story. */
interface Cast {
  readonly rows: readonly ServerRow[];
  /** Arrives at 09:10 (`L`). */
  readonly late: ServerRow;
  /** Arrives at 09:25, after the close (`U`). */
  readonly afterClose: ServerRow;
  /** Absent all morning (`N`). */
  readonly absent: ServerRow;
  /** Signed in at reception at 09:12 while the tablet is offline. */
  readonly signedIn: ServerRow;
  /** Phoned in ill while the register is open. */
  readonly phonedIn: ServerRow;
}

function castOf(rows: readonly ServerRow[]): Cast {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.name, (counts.get(row.name) ?? 0) + 1);
  const unique = rows.filter((row) => counts.get(row.name) === 1);
  const pick = (i: number): ServerRow => {
    const row = unique[i];
    if (row === undefined) throw new Error('the group has too few pupils with unique names');
    return row;
  };
  return {
    rows,
    late: pick(2),
    afterClose: pick(8),
    absent: pick(14),
    signedIn: pick(5),
    phonedIn: pick(11),
  };
}

/** What the register should hold after scenario (1) and (2). */
function expectedRows(cast: Cast) {
  const special = new Map([
    [cast.late.pupilId, { code: 'L', arrivedAt: '09:10', minutesLate: 20 }],
    [cast.afterClose.pupilId, { code: 'U', arrivedAt: '09:25', minutesLate: 35 }],
    [cast.absent.pupilId, { code: 'N', arrivedAt: null, minutesLate: null }],
  ]);
  return cast.rows.map((row) => ({
    pupilId: row.pupilId,
    code: '/',
    arrivedAt: null,
    minutesLate: null,
    ...special.get(row.pupilId),
    conflict: false,
  }));
}

const essentials = (rows: readonly ServerRow[]) =>
  rows.map(({ pupilId, code, arrivedAt, minutesLate, conflict }) => ({
    pupilId,
    code,
    arrivedAt,
    minutesLate,
    conflict,
  }));

/** Name and code pairs, sorted, so the tablet and the server can be compared whatever the order. */
const pairs = (items: readonly { name: string; code: string | null }[]) =>
  items.map((item) => `${item.name} | ${item.code ?? ''}`).sort();

/** Once every card has settled (nothing saving or unsent), the tablet shows what the server holds. */
async function expectTabletMatches(tablet: Tablet, rows: readonly ServerRow[]): Promise<void> {
  await expect
    .poll(
      async () => (await readCards(tablet.page)).filter((c) => /Saving|not sent/.test(c.status)),
      POLL,
    )
    .toEqual([]);
  const cards = await readCards(tablet.page);
  expect(cards).toHaveLength(rows.length);
  expect(pairs(cards)).toEqual(pairs(rows));
  for (const row of rows.filter((r) => r.code === 'L' || r.code === 'U')) {
    const shown = cards.find((c) => c.name === row.name);
    expect(shown?.status).toContain(
      `arrived ${row.arrivedAt ?? ''}, ${String(row.minutesLate)} minutes late`,
    );
  }
}

async function waitForPhase(tablet: Tablet, text: RegExp): Promise<void> {
  await tablet.page.locator('.rc-phase').filter({ hasText: text }).waitFor();
}

async function expectNoSeriousAxe(tablet: Tablet, screen: string): Promise<void> {
  const violations = await runAxe(tablet.page);
  const lesser = violations.filter((v) => !seriousOnes([v]).length);
  if (lesser.length > 0)
    console.log(`axe on ${screen}, minor or moderate: ${lesser.map((v) => v.id).join(', ')}`);
  expect(seriousOnes(violations), `axe on ${screen}`).toEqual([]);
}

/**
 * 08:52: the teacher marks the missing pupils absent, then the rest present in one tap, and waits
 * until every card shows its mark.
 */
async function takeRegister(tablet: Tablet, absent: readonly ServerRow[]): Promise<void> {
  const { page } = tablet;
  for (const pupil of absent)
    await page.getByRole('button', { name: `${pupil.name}: absent`, exact: true }).click();
  await page.getByRole('button', { name: /^Mark the rest present/ }).click();
  await expect
    .poll(
      async () => (await readCards(page)).filter((c) => c.code === '' || /Saving/.test(c.status)),
      POLL,
    )
    .toEqual([]);
}

describe('the teacher’s register in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let cast: Cast;
  const tablets: Tablet[] = [];

  /** A fresh tablet for one scenario, signed in as 3B's teacher; photographed if the test fails. */
  async function tablet(startIso: string): Promise<Tablet> {
    const opened = await openTablet(browser, server, startIso);
    tablets.push(opened);
    onTestFailed(async () => {
      console.log(`tablet problems (${startIso}):\n${opened.problems.join('\n') || 'none'}`);
      await screenshot(opened.page, `failed-register-${startIso.slice(0, 10)}`);
    });
    await signIn(opened, GROUP.teacher.username, GROUP.name);
    return opened;
  }

  beforeAll(async () => {
    server = await startServer({
      ROLLCALL_NOW: at(WED, '08:40:00'),
      ROLLCALL_TEST_CLOCK: '1',
      // The clocks jump a day per scenario; the admin login that moves them must outlive that.
      TOKEN_TTL_HOURS: '168',
    });
    browser = await launchBrowser();
    const head = await login(server.url, 'head');
    const register = await serverRegister(server.url, head, GROUP.id, WED, 'AM');
    expect(register.rows.filter((r) => r.code !== null)).toEqual([]);
    cast = castOf(register.rows);
  });

  afterAll(async () => {
    for (const opened of tablets) await opened.close();
    await browser.close();
    await server.stop();
  });

  describe('(1) and (5): online on Wed 2 Dec', () => {
    let wed: Tablet;

    it('takes the register at 08:52, records L at 09:10 and U at 09:25 after the 09:20 close: the server’s register matches the tablet’s', async () => {
      wed = await tablet(at(WED, '08:40:00'));
      const { page } = wed;
      await page.getByText('Not open yet: opens at 08:50').waitFor();
      await waitAllSent(page);
      await screenshot(page, 'today');
      await expectNoSeriousAxe(wed, 'Today');

      await openRegister(page, GROUP.name, 'AM');
      await waitForPhase(wed, /^Not open yet: opens at 08:50/);

      await moveClocks(wed, at(WED, '08:52:00'));
      await waitForPhase(wed, /^Open until 09:20/);
      await takeRegister(wed, [cast.late, cast.afterClose, cast.absent]);
      await waitAllSent(page);
      await screenshot(page, 'register-landscape-open');
      await expectNoSeriousAxe(wed, 'the open register');
      await page.setViewportSize(PORTRAIT);
      await screenshot(page, 'register-portrait-open');
      await page.setViewportSize(LANDSCAPE);

      await moveClocks(wed, at(WED, '09:10:00'));
      await recordArrival(page, cast.late.name, '09:10', 'late', /^L — 20 minutes late$/);
      await expect
        .poll(async () => card(page, cast.late.name).locator('.rc-code').textContent(), POLL)
        .toBe('L');

      await moveClocks(wed, at(WED, '09:21:05'));
      await waitForPhase(wed, /^Closed at 09:20: late arrivals only, until 12:00/);

      await moveClocks(wed, at(WED, '09:25:00'));
      await recordArrival(
        page,
        cast.afterClose.name,
        '09:25',
        'late arrival',
        /^U — after the register closed, 35 minutes late$/,
        async () => {
          await screenshot(page, 'register-late-dialog');
          await expectNoSeriousAxe(wed, 'the late-arrival dialog');
        },
      );
      await expect
        .poll(async () => card(page, cast.afterClose.name).locator('.rc-code').textContent(), POLL)
        .toBe('U');
      await waitAllSent(page);
      await screenshot(page, 'register-closed');
      await expectNoSeriousAxe(wed, 'the closed register');
      await page.setViewportSize(PORTRAIT);
      await screenshot(page, 'register-portrait-closed');
      await page.setViewportSize(LANDSCAPE);

      const head = await login(server.url, 'head');
      const onServer = await serverRegister(server.url, head, GROUP.id, WED, 'AM');
      expect(onServer.status).toBe('closed');
      expect(onServer.taken).toBe(true);
      expect(essentials(onServer.rows)).toEqual(expectedRows(cast));
      await expectTabletMatches(wed, onServer.rows);
    });

    it('after the close offers no present mark, and the server refuses one sent anyway', async () => {
      const { page } = wed;
      await waitForPhase(wed, /^Closed at 09:20/);
      await expect(page.getByRole('button', { name: /: present$/ }).count()).resolves.toBe(0);
      await expect(
        page.getByRole('button', { name: /^Mark the rest present/ }).count(),
      ).resolves.toBe(0);
      // A present pupil's card offers nothing; an absent pupil's only a late arrival.
      const present = cast.rows.find(
        (r) => ![cast.late, cast.afterClose, cast.absent].some((p) => p.pupilId === r.pupilId),
      );
      if (present === undefined) throw new Error('no present pupil');
      await expect(card(page, present.name).getByRole('button').count()).resolves.toBe(0);
      await expect(
        card(page, cast.absent.name).getByRole('button').allTextContents(),
      ).resolves.toEqual(['Late arrival…']);

      const teacher = await login(server.url, GROUP.teacher.username);
      const head = await login(server.url, 'head');
      const entries = await cellHistory(server.url, head, cast.absent.pupilId, WED, 'AM');
      const current = entries.find((e) => e.outcome === 'current');
      const sentAnyway = new OtherDevice(server.url, teacher);
      const [result] = await sentAnyway.push([
        sentAnyway.mark({
          pupilId: cast.absent.pupilId,
          date: WED,
          session: 'AM',
          code: '/',
          basedOn: current?.opId ?? null,
          source: 'register',
          recordedAt: new Date(Date.parse(at(WED, '09:26:00'))).toISOString(),
        }),
      ]);
      expect(result).toMatchObject({ status: 'rejected', code: 'register-closed' });
      expect(result?.reason).toMatch(/register has closed/);
      const after = await serverRegister(server.url, head, GROUP.id, WED, 'AM');
      expect(after.rows.find((r) => r.pupilId === cast.absent.pupilId)?.code).toBe('N');
    });
  });

  it('(2) offline from 08:45 to 10:00: the same register, each op on the server once', async () => {
    const thu = await tablet(at(THU, '08:40:00'));
    const { page } = thu;
    await openRegister(page, GROUP.name, 'AM');
    await waitAllSent(page);

    await moveClocks(thu, at(THU, '08:45:00'));
    await setWifi(thu, false);
    await syncLine(page)
      .filter({ hasText: /^Offline/ })
      .waitFor();

    await moveClocks(thu, at(THU, '08:52:00'));
    await waitForPhase(thu, /^Open until 09:20/);
    await takeRegister(thu, [cast.late, cast.afterClose, cast.absent]);
    await syncLine(page)
      .filter({ hasText: `Offline · ${String(cast.rows.length)} unsent` })
      .waitFor();
    await screenshot(page, 'register-offline');
    await moveClocks(thu, at(THU, '09:10:00'));
    await recordArrival(page, cast.late.name, '09:10', 'late', /^L — 20 minutes late$/);

    await moveClocks(thu, at(THU, '09:21:05'));
    await waitForPhase(thu, /^Closed at 09:20/);
    // The server closed the register without the tablet's marks: every cell is its own N.
    const head = await login(server.url, 'head');
    const whileOffline = await serverRegister(server.url, head, GROUP.id, THU, 'AM');
    expect(new Set(whileOffline.rows.map((r) => r.code))).toEqual(new Set(['N']));

    await moveClocks(thu, at(THU, '09:25:00'));
    await recordArrival(
      page,
      cast.afterClose.name,
      '09:25',
      'late arrival',
      /^U — after the register closed, 35 minutes late$/,
    );
    await syncLine(page)
      .filter({ hasText: `Offline · ${String(cast.rows.length + 2)} unsent` })
      .waitFor();
    await screenshot(page, 'register-offline-closed');

    await moveClocks(thu, at(THU, '10:00:00'));
    await setWifi(thu, true);
    await waitAllSent(page);

    const onServer = await serverRegister(server.url, head, GROUP.id, THU, 'AM');
    expect(essentials(onServer.rows)).toEqual(expectedRows(cast));
    await expectTabletMatches(thu, onServer.rows);
    await expect(page.locator('.rc-sync').textContent()).resolves.not.toMatch(/not accepted/);

    // Each op reached the server once: one entry per tap, with its own op id, judged at the time
    // it was recorded (the marks made while open are flagged as synced after the close).
    const taps = new Map([
      [cast.late.pupilId, ['N', 'L']],
      [cast.afterClose.pupilId, ['N', 'U']],
    ]);
    for (const row of cast.rows) {
      const entries = await cellHistory(server.url, head, row.pupilId, THU, 'AM');
      const fromTablet = entries.filter((e) => e.source === 'register');
      const expected = taps.get(row.pupilId) ?? [row.pupilId === cast.absent.pupilId ? 'N' : '/'];
      expect(
        fromTablet.map((e) => e.amended),
        row.name,
      ).toEqual(expected);
      expect(new Set(fromTablet.map((e) => e.opId)).size).toBe(fromTablet.length);
      expect(new Set(fromTablet.map((e) => e.deviceId)).size).toBe(1);
      expect(fromTablet[0]?.lateSync, row.name).toBe(true);
      expect(entries.filter((e) => e.source === 'system').map((e) => e.amended)).toEqual(['N']);
    }
  });

  it('(3) reception signs in at 09:12 a pupil the offline tablet marked absent: both show L, the history has both', async () => {
    const fri = await tablet(at(FRI, '08:40:00'));
    const { page } = fri;
    await openRegister(page, GROUP.name, 'AM');
    await waitAllSent(page);
    await moveClocks(fri, at(FRI, '08:45:00'));
    await setWifi(fri, false);

    await moveClocks(fri, at(FRI, '08:52:00'));
    await waitForPhase(fri, /^Open until 09:20/);
    await takeRegister(fri, [cast.signedIn]);

    await moveClocks(fri, at(FRI, '09:12:00'));
    const reception = new OtherDevice(server.url, await login(server.url, 'reception'));
    const signedInAt = at(FRI, '09:12:00');
    const results = await reception.push([
      reception.movement({
        pupilId: cast.signedIn.pupilId,
        date: FRI,
        direction: 'in',
        at: '09:12',
        recordedAt: new Date(Date.parse(signedInAt)).toISOString(),
        reason: 'Doctor’s appointment',
        accompaniedBy: 'Mother',
      }),
      reception.mark({
        pupilId: cast.signedIn.pupilId,
        date: FRI,
        session: 'AM',
        code: 'L',
        arrivedAt: '09:12',
        basedOn: null,
        source: 'reception',
        recordedAt: new Date(Date.parse(signedInAt)).toISOString(),
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    await expect(card(page, cast.signedIn.name).locator('.rc-code').textContent()).resolves.toBe(
      'N',
    );

    await moveClocks(fri, at(FRI, '09:14:00'));
    await setWifi(fri, true);
    await waitAllSent(page);
    const signedInCard = card(page, cast.signedIn.name);
    await expect.poll(() => signedInCard.locator('.rc-code').textContent(), POLL).toBe('L');
    const status = await signedInCard.locator('.rc-card-status').textContent();
    expect(status).toContain('arrived 09:12, 22 minutes late');
    expect(status).toContain('(reception) at 09:12');
    await screenshot(page, 'register-signed-in-at-reception');

    const asReception = await serverRegister(server.url, reception.token, GROUP.id, FRI, 'AM');
    expect(asReception.rows.find((r) => r.pupilId === cast.signedIn.pupilId)).toMatchObject({
      code: 'L',
      arrivedAt: '09:12',
      minutesLate: 22,
      conflict: false,
    });
    await expectTabletMatches(fri, asReception.rows);
    const entries = await cellHistory(
      server.url,
      reception.token,
      cast.signedIn.pupilId,
      FRI,
      'AM',
    );
    expect(entries.map((e) => [e.source, e.amended, e.outcome])).toEqual([
      ['reception', 'L', 'current'],
      ['register', 'N', 'superseded'],
    ]);
  });

  it('(4) shows the office’s phone-in on the open register within 2 seconds, without a reload', async () => {
    const mon = await tablet(at(MON, '08:40:00'));
    const { page } = mon;
    await openRegister(page, GROUP.name, 'AM');
    await moveClocks(mon, at(MON, '08:55:00'));
    await waitForPhase(mon, /^Open until 09:20/);
    await waitAllSent(page);
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });

    const office = new OtherDevice(server.url, await login(server.url, 'office'));
    const phonedIn = card(page, cast.phonedIn.name);
    const started = Date.now();
    const [result] = await office.push([
      office.mark({
        pupilId: cast.phonedIn.pupilId,
        date: MON,
        session: 'AM',
        code: 'I',
        basedOn: null,
        source: 'office',
        reason: 'Phoned in by Mum: sick overnight',
        recordedAt: new Date(Date.parse(at(MON, '08:55:00'))).toISOString(),
      }),
    ]);
    expect(result?.status).toBe('applied');
    await phonedIn.locator('.rc-code', { hasText: 'I' }).waitFor({ timeout: 2000 });
    const elapsed = Date.now() - started;
    console.log(`the phone-in showed on the tablet ${String(elapsed)} ms after it was sent`);
    expect(elapsed).toBeLessThan(2000);
    const status = await phonedIn.locator('.rc-card-status').textContent();
    expect(status).toContain('Illness');
    expect(status).toContain('(the office) at 08:55: “Phoned in by Mum: sick overnight”');
    await expect(
      page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument),
    ).resolves.toBe(true);
    await screenshot(page, 'register-phoned-in');
  });
});
