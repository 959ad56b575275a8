/**
 * Page helpers for the e2e tests: what a member of staff does (sign in, open a register, tap a
 * card) and what they see (the status bar, a card's status), found by role and accessible name
 * as the unit tests do. Waits poll the page rather than sleep.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD, deviceClockStart, screenshot, type ServerRegister } from './harness.ts';
import type { Network } from './network.ts';

/** Long enough for a sync after the backoff a short outage builds up (capped at 60 s). */
export const SYNC_TIMEOUT_MS = 45_000;

export interface Device {
  readonly context: BrowserContext;
  readonly page: Page;
}

/**
 * A fresh tablet in England: its own profile (IndexedDB, service worker), talking through
 * `network`, its own clock set to `deviceClockStart()` (harness.ts) and running on from there.
 */
export async function newDevice(browser: Browser, network: Network): Promise<Device> {
  const context = await browser.newContext({
    viewport: { width: 1024, height: 768 },
    baseURL: network.url,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  await context.clock.install({ time: deviceClockStart() });
  const page = await context.newPage();
  return { context, page };
}

/** Network off as a tablet sees it: `navigator.onLine` false and every connection dropped. */
export async function networkOff(context: BrowserContext, network: Network): Promise<void> {
  network.set('down');
  await context.setOffline(true);
}

/** Network back: the browser fires `online`, which cuts the engine's backoff short. */
export async function networkOn(context: BrowserContext, network: Network): Promise<void> {
  network.set('up');
  await context.setOffline(false);
}

/** The always-visible status bar under the header. */
export function statusBar(page: Page): Locator {
  return page.getByRole('status', { name: 'Sync status' });
}

export async function statusText(page: Page): Promise<string> {
  return (await statusBar(page).textContent()) ?? '';
}

/** Waits until the status bar's text matches `pattern`. */
export async function waitForStatus(
  page: Page,
  pattern: RegExp,
  timeout = SYNC_TIMEOUT_MS,
): Promise<string> {
  await expect.poll(() => statusText(page), { timeout, interval: 200 }).toMatch(pattern);
  return statusText(page);
}

/** Waits until everything is sent and a sync has finished since (not merely "nothing queued"). */
export async function waitForAllSent(page: Page, timeout = SYNC_TIMEOUT_MS): Promise<string> {
  return waitForStatus(page, /^Online.*All marks sent.*Synced just now(?!.*Syncing)/, timeout);
}

/** Signs in on the sign-in screen and waits for the first sync to finish. */
export async function signInThroughUi(
  page: Page,
  username: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await statusBar(page).waitFor();
  await waitForAllSent(page);
}

/** Waits until the service worker has installed, precached the app and controls this page. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** Follows the Today screen's link to the teacher's (only) register for `session`. */
export async function openRegisterFromToday(page: Page, session: 'AM' | 'PM'): Promise<void> {
  await page.getByRole('link', { name: 'Today', exact: true }).click();
  await page.getByRole('link', { name: new RegExp(` ${session} register$`) }).click();
  await page.getByRole('list', { name: 'Pupils' }).waitFor();
}

/** A pupil's card (named by the pupil). */
export function card(page: Page, name: string): Locator {
  return page.getByRole('group', { name, exact: true });
}

export async function cardText(page: Page, name: string): Promise<string> {
  return (await card(page, name).locator('.rc-card-status').textContent()) ?? '';
}

/** Taps present or absent on a card and waits until the card says the mark is saved. */
export async function mark(
  page: Page,
  name: string,
  action: 'present' | 'absent',
  shows: RegExp,
): Promise<void> {
  await page.getByRole('button', { name: `${name}: ${action}`, exact: true }).click();
  await expect.poll(() => cardText(page, name), { timeout: 10_000 }).toMatch(shows);
}

/** What a card says once a mark is stored on the tablet but not yet on the server. */
export const SAVED_NOT_SENT = /Saved, not sent yet/;

/** `count` pupils of a register whose names nobody else in the group shares. */
export function pupilsWithUniqueNames(
  register: ServerRegister,
  count: number,
): ServerRegister['rows'] {
  const seen = new Map<string, number>();
  for (const row of register.rows) seen.set(row.name, (seen.get(row.name) ?? 0) + 1);
  const unique = register.rows.filter((row) => seen.get(row.name) === 1 && row.code === null);
  if (unique.length < count) throw new Error(`only ${String(unique.length)} pupils to mark`);
  return unique.slice(0, count);
}

/** Saves screenshots of `pages` that are still open, named `name-1`, `name-2`… */
export async function screenshotAll(pages: readonly Page[], name: string): Promise<void> {
  for (const [index, page] of pages.entries())
    if (!page.isClosed())
      await screenshot(page, `${name}-${String(index + 1)}`).catch(() => undefined);
}
