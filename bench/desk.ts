/**
 * The signing-in desk's figure (docs/architecture.md §6, issue #16): `receptionSearchP95Ms`, a
 * keystroke in the desk's search box to the matching pupils painted, for a school of 1,000 pupils,
 * Chromium's CPU slowed four times, p95; and beside it its floor, `receptionSearchEmptyPageP95Ms`,
 * the same keystrokes timed the same way on a page whose one box echoes what is typed, on the same
 * browser and throttle in the same run. Target: no more than the floor + 16 ms (one frame).
 *
 * Run alone with `npx tsx bench/desk.ts` (it builds the app first; `--no-build` uses the build in
 * `dist/`). `deskFigures` is for `bench/run.ts`, after `clientFigures` has built it.
 */
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { demoBundle } from '../src/server/demo/demoSchool.ts';
import { buildApp, demoRig, p95, round, signInAs, stepper, throttle } from './measure.ts';

const step = stepper('desk');

/** 09:40 on a Wednesday in term (GMT): the morning's late arrivals come to the desk. */
const SERVER_START = '2026-12-02T09:40:00Z';
const PUPILS = 1000;
/** Pupils looked up; each is typed letter by letter (three to five letters), then cleared. */
const LOOKUPS = 16;
const THROTTLE = 4;
/** The pause between keystrokes of someone typing a name at a desk. */
const BETWEEN_KEYS_MS = 180;

/**
 * Records, for every keystroke, the time from the key going down to the end of the frame that
 * shows the DOM's change (as `window.keyTimes`): a user-blocking task posted from that frame's
 * animation callback runs as soon as the frame is done, ahead of the page's ordinary tasks.
 * The same watcher as the client bench's tap-to-paint, keyed on `keydown`; a key that changes
 * nothing on the page (a second letter still short of a search) records nothing.
 */
function watchKeyToPaint(): void {
  // No named inner functions: the script runs in the page, without the bundler's helpers.
  const w = window as unknown as { keyTimes: { key: string; ms: number }[] };
  w.keyTimes = [];
  let pending: { key: string; at: number } | null = null;
  document.addEventListener(
    'keydown',
    (event) => (pending = { key: event.key, at: event.timeStamp }),
    true,
  );
  new MutationObserver(() => {
    if (pending === null) return;
    const started = pending;
    pending = null;
    requestAnimationFrame(() => {
      void scheduler.postTask(
        () => w.keyTimes.push({ key: started.key, ms: performance.now() - started.at }),
        {
          priority: 'user-blocking',
        },
      );
    });
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

/** What reception types: the first letters of family and given names of pupils across the school. */
function queries(): string[] {
  const pupils = demoBundle(PUPILS).pupils;
  const picked: string[] = [];
  for (let i = 0; picked.length < LOOKUPS; i++) {
    const pupil = pupils[(i * 61) % pupils.length];
    if (pupil === undefined) break;
    const name = i % 2 === 0 ? pupil.familyName : pupil.givenName;
    picked.push(name.slice(0, 3 + (i % 3)).toLowerCase());
  }
  return picked;
}

async function typeQueries(page: Page, box: string, typed: readonly string[]): Promise<number[]> {
  await page.evaluate(watchKeyToPaint);
  await page.locator(box).click();
  for (const query of typed) {
    for (const letter of query) {
      await page.keyboard.press(letter);
      await page.waitForTimeout(BETWEEN_KEYS_MS);
    }
    // Cleared for the next pupil, not timed: Escape empties the box.
    await page.keyboard.press('Escape');
    await page.waitForTimeout(BETWEEN_KEYS_MS);
  }
  const times = await page.evaluate(
    () => (window as unknown as { keyTimes: { key: string; ms: number }[] }).keyTimes,
  );
  // A letter that changed the page; clearing the box for the next pupil is not timed.
  return times.filter((t) => t.key !== 'Escape').map((t) => t.ms);
}

/** The floor: the same keystrokes on a page whose one box echoes what is typed. */
async function emptyPageKeyTimes(context: BrowserContext, typed: readonly string[]) {
  const page = await context.newPage();
  await page.setContent(
    '<label>Name <input id="box" autocomplete="off"></label> <output id="echo"></output>',
  );
  await page.evaluate(() => {
    const box = document.getElementById('box') as HTMLInputElement | null;
    const echo = document.getElementById('echo');
    box?.addEventListener('input', () => {
      if (echo !== null) echo.textContent = box.value;
    });
    box?.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') box.value = '';
    });
  });
  await throttle(context, page, THROTTLE);
  const times = await typeQueries(page, '#box', typed);
  await page.close();
  return times;
}

/** Measures the desk's search on the app as built in `dist/`. */
export async function deskFigures(): Promise<Record<string, number>> {
  const rig = await demoRig(step, PUPILS, SERVER_START);
  const { browser } = rig;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${rig.url}/`);
    await signInAs(page, 'reception');
    step('signed in; waiting for the first sync');
    await page
      .getByRole('status', { name: 'Sync status' })
      .filter({ hasText: /All marks sent.*Synced just now/ })
      .waitFor({ timeout: 180_000 });
    await page.goto(`${rig.url}/#/desk`);
    const box = 'input[role="combobox"]';
    await page.locator(box).waitFor({ timeout: 60_000 });
    const typed = queries();
    await throttle(context, page, THROTTLE);
    step(`typing ${String(typed.length)} names`);
    const search = await typeQueries(page, box, typed);
    const found = await page.evaluate(() => document.querySelectorAll('[role="option"]').length);
    const floor = await emptyPageKeyTimes(context, typed);
    await context.close();
    console.log(
      `desk: ${String(search.length)} keystrokes, p95 ${round(p95(search)).toString()} ms ` +
        `(floor ${round(p95(floor)).toString()} ms over ${String(floor.length)}); ${String(found)} options left`,
    );
    return {
      receptionSearchP95Ms: round(p95(search)),
      receptionSearchEmptyPageP95Ms: round(p95(floor)),
    };
  } finally {
    await rig.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!process.argv.includes('--no-build')) buildApp();
  console.log(JSON.stringify(await deskFigures()));
}
