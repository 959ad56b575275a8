/**
 * The fire roll call in Chromium against the real server (issue #16, acceptance 5): it opens with
 * no network on a teacher's phone and on the signing-in desk, two marshals tick different pupils
 * offline — each having started the roll call on their own device, as nobody had a network —
 * and once both are back online they show one roll call: the union of the ticks and the same
 * list of who is still missing.
 *
 * One server, on the demo school, its clock at 10:00 on Wednesday 2 December 2026 (GMT, so UTC is
 * school time): the morning registers closed at 09:20, so the demo's marks say who is here.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { signInThroughUi, waitForAllSent, waitForServiceWorker } from './app.ts';
import { launchBrowser, screenshot, startServer, type RunningServer } from './harness.ts';
import {
  demoGroup,
  openTablet,
  runAxe,
  seriousOnes,
  setWifi,
  signIn,
  type Tablet,
} from './teacher.ts';

const WED = '2026-12-02';
const GROUP = demoGroup('g-3b');
const PHONE = { width: 390, height: 844 } as const;
const DESK = { width: 1280, height: 800 } as const;
/** The reception's first sync of the demo school takes a while on a busy machine. */
const FIRST_SYNC_MS = 120_000;
/** After reconnecting: push, poke, pull, on a busy machine. */
const MEET_MS = 60_000;

/** `text` as a regular expression that matches it literally. */
const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The group's section of the roll call. */
function section(page: Page, groupName: string): Locator {
  return page.getByRole('region', { name: new RegExp(`^${literal(groupName)} `) });
}

/** The names on a group's buttons that are (or are not) ticked off, in list order. */
async function names(page: Page, groupName: string, isTicked: boolean): Promise<string[]> {
  const buttons = section(page, groupName).locator(
    `button.rollcall-pupil[aria-pressed="${String(isTicked)}"] .rollcall-name`,
  );
  return buttons.allTextContents();
}

async function openRollCall(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Fire roll call' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Fire roll call' }).waitFor();
  await section(page, GROUP.name)
    .locator('button.rollcall-pupil')
    .first()
    .waitFor({ timeout: 30_000 });
}

async function startAndTick(page: Page, pupil: string): Promise<void> {
  await page.getByRole('button', { name: 'Start the roll call' }).click();
  await page.getByText(/^Roll call started \d\d:\d\d by /).waitFor();
  const button = section(page, GROUP.name).getByRole('button', {
    name: new RegExp(`^${literal(pupil)}`),
  });
  await button.click();
  await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
}

describe('the fire roll call in Chromium against the real server', () => {
  let server: RunningServer;
  let browser: Browser;
  const devices: Tablet[] = [];

  beforeAll(async () => {
    server = await startServer({ ROLLCALL_NOW: `${WED}T10:00:00Z`, ROLLCALL_TEST_CLOCK: '1' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const device of devices) await device.close().catch(() => undefined);
    await browser.close();
    await server.stop();
  });

  async function device(name: string, size: { width: number; height: number }): Promise<Tablet> {
    const opened = await openTablet(browser, server, `${WED}T10:00:00Z`);
    devices.push(opened);
    await opened.page.setViewportSize(size);
    onTestFailed(async () => {
      console.log(`${name} problems:\n${opened.problems.join('\n') || 'none'}`);
      await screenshot(opened.page, `failed-rollcall-${name}`).catch(() => undefined);
    });
    return opened;
  }

  it('(5) opens offline on a teacher’s phone and the desk; two devices tick offline; back online both show the union and the same missing list', async () => {
    const phone = await device('phone', PHONE);
    await signIn(phone, GROUP.teacher.username, GROUP.name);
    await waitForAllSent(phone.page);
    const desk = await device('desk', DESK);
    await signInThroughUi(desk.page, 'reception');
    await waitForAllSent(desk.page, FIRST_SYNC_MS);
    await waitForServiceWorker(phone.page);
    await waitForServiceWorker(desk.page);

    // The fire alarm: nobody has a network at the assembly point.
    await setWifi(phone, false);
    await setWifi(desk, false);
    await openRollCall(phone.page);
    await openRollCall(desk.page);
    // The teacher's own group comes first on the phone.
    const firstHeading = phone.page.getByRole('heading', { level: 2 }).first();
    expect(await firstHeading.textContent()).toMatch(new RegExp(`^${literal(GROUP.name)} `));
    const onSite = await names(phone.page, GROUP.name, false);
    expect(onSite.length).toBeGreaterThan(2);
    expect(await names(desk.page, GROUP.name, false)).toEqual(onSite);
    const [deskPupil = '', phonePupil = ''] = onSite;

    await startAndTick(desk.page, deskPupil);
    await startAndTick(phone.page, phonePupil);
    expect(await names(phone.page, GROUP.name, true)).toEqual([phonePupil]);
    expect(await names(desk.page, GROUP.name, true)).toEqual([deskPupil]);
    await screenshot(phone.page, 'rollcall-phone-offline');

    await setWifi(phone, true);
    await setWifi(desk, true);
    await phone.page.evaluate(() => window.dispatchEvent(new Event('online')));
    await desk.page.evaluate(() => window.dispatchEvent(new Event('online')));
    const both = [deskPupil, phonePupil].sort();
    for (const { page } of [phone, desk])
      await expect
        .poll(async () => (await names(page, GROUP.name, true)).sort(), { timeout: MEET_MS })
        .toEqual(both);
    const missing = onSite.filter((name) => !both.includes(name));
    expect(await names(phone.page, GROUP.name, false)).toEqual(missing);
    expect(await names(desk.page, GROUP.name, false)).toEqual(missing);
    // One roll call: the first start names it on both devices.
    const started = async (page: Page) =>
      page.getByText(/^Roll call started \d\d:\d\d by /).textContent();
    expect(await started(phone.page)).toBe(await started(desk.page));
    for (const { page } of [phone, desk]) await waitForAllSent(page);

    for (const { page } of [phone, desk]) {
      await page.getByRole('button', { name: /^Still missing \(\d+\)$/ }).click();
      expect(await names(page, GROUP.name, false)).toEqual(missing);
      expect(seriousOnes(await runAxe(page))).toEqual([]);
      await page.getByRole('button', { name: /^Everyone on site/ }).click();
    }
    await screenshot(phone.page, 'rollcall-phone');
    await screenshot(desk.page, 'rollcall-desk');
  });
});
