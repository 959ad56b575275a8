/**
 * The fire roll call's figure (docs/architecture.md §6, issue #16): `rollCallOfflineMs`, opening
 * the roll call on a device with the network off until the whole list is on screen, for a school
 * of 1,000 pupils, Chromium's CPU slowed four times; and beside it its floor,
 * `rollCallEmptyPageMs`, an empty page loading on the same device and throttle in the same run.
 * Both are medians, timed by the page itself from the start of its navigation.
 *
 * Run alone with `npx tsx bench/rollcall.ts` (it builds the app first; `--no-build` uses the
 * build in `dist/`). `rollCallFigures` is for `bench/run.ts`, after `clientFigures` has built it.
 */
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { buildApp, demoRig, median, signInAs, stepper, throttle } from './measure.ts';

const step = stepper('rollcall');

/** 10:00 on a Wednesday in term (GMT): the morning's registers have closed, so marks say who is here. */
const SERVER_START = '2026-12-02T10:00:00Z';
const PUPILS = 1000;
const RUNS = 5;
const THROTTLE = 4;

/**
 * Notes (as `window.listShownAt`, ms since the navigation began) the first moment the page holds
 * `expected` pupils on the roll call's list.
 */
function watchList(expected: number): void {
  // No named inner functions: the script runs in the page, without the bundler's helpers.
  new MutationObserver(() => {
    const record = window as unknown as { listShownAt?: number };
    if (record.listShownAt !== undefined) return;
    if (document.querySelectorAll('button.rollcall-pupil').length >= expected)
      record.listShownAt = performance.now();
  }).observe(document, { childList: true, subtree: true });
}

async function listShownAt(page: Page, expected: number): Promise<number> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('button.rollcall-pupil').length >= n,
    expected,
    { timeout: 120_000 },
  );
  return page.evaluate(() => (window as unknown as { listShownAt: number }).listShownAt);
}

/** Measures the roll call on the app as built in `dist/`. */
export async function rollCallFigures(): Promise<Record<string, number>> {
  const rig = await demoRig(step, PUPILS, SERVER_START);
  const { browser } = rig;
  try {
    // The signing-in desk: it holds the whole school.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const first = await context.newPage();
    await first.goto(`${rig.url}/`);
    await signInAs(first, 'reception');
    step('signed in; waiting for the first sync and the service worker');
    await first.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 60_000,
    });
    await first
      .getByRole('status', { name: 'Sync status' })
      .filter({ hasText: /All marks sent.*Synced just now/ })
      .waitFor({ timeout: 180_000 });
    await first.goto(`${rig.url}/#/rollcall`);
    await first.locator('button.rollcall-pupil').first().waitFor({ timeout: 60_000 });
    const expected = await first.locator('button.rollcall-pupil').count();
    await first.close();
    step(`${String(expected)} pupils on site; opening the roll call offline`);

    rig.network.set('down');
    await context.setOffline(true);
    const opens: number[] = [];
    const floors: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const page = await context.newPage();
      await page.addInitScript(watchList, expected);
      await throttle(context, page, THROTTLE);
      await page.goto(`${rig.url}/#/rollcall`);
      opens.push(await listShownAt(page, expected));
      await page.close();

      const empty = await context.newPage();
      await throttle(context, empty, THROTTLE);
      await empty.goto('data:text/html,<!doctype html><title>Empty</title><p>Empty</p>');
      floors.push(
        await empty.evaluate(() => {
          const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
          return nav?.loadEventEnd ?? performance.now();
        }),
      );
      await empty.close();
    }
    await context.close();
    console.log(
      `rollcall: ${String(expected)} pupils listed; offline opens ${opens.map(Math.round).join(', ')} ms; ` +
        `empty pages ${floors.map(Math.round).join(', ')} ms`,
    );
    return {
      rollCallOfflineMs: Math.round(median(opens)),
      rollCallEmptyPageMs: Math.round(median(floors)),
    };
  } finally {
    await rig.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!process.argv.includes('--no-build')) buildApp();
  console.log(JSON.stringify(await rollCallFigures()));
}
