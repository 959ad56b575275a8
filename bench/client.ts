/**
 * The client's figures (docs/architecture.md §6), measured in Debian's Chromium against the real
 * server serving the built app: JS shipped for the first screen, cold offline start, mark write
 * latency against a raw IndexedDB put, opening a 30-pupil register, tap-to-paint, and how long a
 * phoned-in absence takes to reach an open register.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { uuidv7 } from '../src/schema/ids.ts';
import { DEMO_PASSWORD, demoBundle } from '../src/server/demo/demoSchool.ts';
import { launchBrowser, startServer } from '../test/e2e/harness.ts';
import { startNetwork } from '../test/e2e/network.ts';
import { buildApp, median, p95, round, stepper, throttle } from './measure.ts';

const step = stepper('client');

const DATE = '2026-12-02';
/** 08:51 on a Wednesday in term (GMT): the AM register is open until 09:20. */
const SERVER_START = `${DATE}T08:51:00Z`;
const PUPILS_PER_GROUP = 30;
const TAPS = 40;
const RUNS = 5;
const THROTTLE = 4;
/** How long a finger rests on the glass in a quick tap. */
const FINGER_DOWN_MS = 60;

/** Progress on stderr, so a slow step shows where it is. */
async function signIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
}

/** Gzipped size of every script the page loaded, read from the build the server serves. */
async function gzippedScriptsKb(scriptUrls: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const url of new Set(scriptUrls)) {
    const file = path.join('dist', new URL(url).pathname);
    bytes += gzipSync(await readFile(file)).length;
  }
  return bytes / 1024;
}

interface RawTimes {
  /** One put into one store, a transaction each. */
  readonly puts: number[];
  /**
   * The least a mark's transaction can do, by hand: read the author's last sequence number,
   * write the next and add the op to the outbox, over two stores in one transaction.
   */
  readonly markTransactions: number[];
}

/**
 * Times `TAPS` raw IndexedDB puts and as many hand-written mark transactions, taken in turn,
 * in the page's own origin.
 */
function rawIdbTimes(page: Page): Promise<RawTimes> {
  return page.evaluate(async (count) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('bench-raw-put', 2);
      open.onupgradeneeded = () => {
        const names = open.result.objectStoreNames;
        if (!names.contains('rows')) open.result.createObjectStore('rows', { keyPath: 'id' });
        if (!names.contains('meta')) open.result.createObjectStore('meta', { keyPath: 'key' });
        if (!names.contains('outbox'))
          open.result.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
      };
      open.onsuccess = () => {
        resolve(open.result);
      };
      open.onerror = () => {
        reject(new Error('could not open the raw database'));
      };
    });
    // No named helpers in here: the page runs this function's text as it is.
    const puts: number[] = [];
    const markTransactions: number[] = [];
    for (let i = 0; i < count; i++) {
      const row = {
        pupilId: `p-${String(i)}`,
        date: '2026-12-02',
        session: 'AM',
        code: '/',
        recordedAt: new Date().toISOString(),
      };
      let started = performance.now();
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('rows', 'readwrite');
        tx.objectStore('rows').put({ id: i, ...row });
        tx.oncomplete = () => {
          resolve();
        };
        tx.onerror = () => {
          reject(new Error('raw put failed'));
        };
      });
      puts.push(performance.now() - started);
      started = performance.now();
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['meta', 'outbox'], 'readwrite');
        const meta = tx.objectStore('meta');
        const last = meta.get('seq');
        last.onsuccess = () => {
          const seq = ((last.result as { value?: number } | undefined)?.value ?? 0) + 1;
          meta.put({ key: 'seq', value: seq });
          tx.objectStore('outbox').add({ authorId: 's-1', deviceSeq: seq, op: row });
        };
        tx.oncomplete = () => {
          resolve();
        };
        tx.onerror = () => {
          reject(new Error('raw mark transaction failed'));
        };
      });
      markTransactions.push(performance.now() - started);
    }
    db.close();
    return { puts, markTransactions };
  }, TAPS);
}

/**
 * A tap as a finger makes it: onto the spot, down, held a moment, lifted; then a pause. A plain
 * tap at a point, so the figure holds the page's own work, not the test driver's checks.
 */
async function tapAt(page: Page, x: number, y: number): Promise<void> {
  await page.mouse.move(x, y);
  await page.waitForTimeout(50);
  await page.mouse.down();
  await page.waitForTimeout(FINGER_DOWN_MS);
  await page.mouse.up();
  await page.waitForTimeout(250);
}

/**
 * The floor under tap-to-paint in this browser: the same taps, timed the same way, on a page that
 * holds one button changing one word, with the CPU slowed down as for the register.
 */
async function emptyPageTapTimes(context: BrowserContext): Promise<number[]> {
  const page = await context.newPage();
  await page.setContent(
    '<button id="tap" style="width:12rem;height:4rem">Tap</button> <span id="word">0</span>',
  );
  await page.evaluate(watchTapToPaint);
  await page.evaluate(() => {
    const word = document.getElementById('word');
    document.getElementById('tap')?.addEventListener('click', () => {
      if (word !== null) word.textContent = String(Number(word.textContent) + 1);
    });
  });
  await throttle(context, page, THROTTLE);
  const box = await page.locator('#tap').boundingBox();
  if (box === null) throw new Error('the empty page has no button');
  for (let i = 0; i < TAPS / 2; i++) await tapAt(page, box.x + 20 + (i % 2), box.y + 20);
  const times = await page.evaluate(() => (window as unknown as { tapTimes: number[] }).tapTimes);
  await page.close();
  return times;
}

/** Records when the Today heading first appears, as `window.firstScreenAt`. */
function watchFirstScreen(): void {
  const w = window as unknown as { firstScreenAt: number };
  w.firstScreenAt = Infinity;
  const observer = new MutationObserver(() => {
    const heading = document.querySelector('h1');
    if (heading?.textContent.startsWith('Today') !== true) return;
    w.firstScreenAt = performance.now();
    observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}

/**
 * Records, for every tap, the time from the finger lifting (pointerup: a button acts on the
 * click that follows it) to the end of the frame that shows the DOM's change: a user-blocking
 * task posted from that frame's animation callback runs as soon as the frame is done, ahead of
 * the page's ordinary tasks (the write, React's background work), which come after the paint.
 */
function watchTapToPaint(): void {
  const w = window as unknown as { tapTimes: number[] };
  w.tapTimes = [];
  let tapAt: number | null = null;
  document.addEventListener('pointerup', (event) => (tapAt = event.timeStamp), true);
  new MutationObserver(() => {
    if (tapAt === null) return;
    const started = tapAt;
    tapAt = null;
    requestAnimationFrame(() => {
      void scheduler.postTask(() => w.tapTimes.push(performance.now() - started), {
        priority: 'user-blocking',
      });
    });
  }).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
}

export async function clientFigures(): Promise<Record<string, number>> {
  buildApp();

  const bundle = demoBundle(PUPILS_PER_GROUP * 15);
  const teacher = bundle.staff.find((s) => s.role === 'teacher' && s.groups[0] === 'g-3b');
  if (teacher === undefined) throw new Error('the bench school has no teacher for 3B');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rollcall-bench-client-'));
  const bundleFile = path.join(dataDir, 'school.json');
  await writeFile(bundleFile, JSON.stringify(bundle));
  const env = { ...process.env, DATA_DIR: path.join(dataDir, 'db'), DATABASE_URL: '' };
  const imported = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/server/cli.ts', 'import', bundleFile],
    { env: { ...env, ROLLCALL_NOW: SERVER_START }, stdio: 'inherit' },
  );
  if (imported.status !== 0) throw new Error('could not import the bench school');

  step('starting the server');
  const server = await startServer({
    DATA_DIR: env.DATA_DIR,
    ROLLCALL_NOW: SERVER_START,
    LOG_LEVEL: 'warn',
  });
  const network = await startNetwork(server.url);
  const browser = await launchBrowser();
  const registerHash = `#/register/g-3b/${DATE}/AM`;
  try {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });

    // First online visit: sign in, let the service worker take over, let the first pull land.
    const first = await context.newPage();
    await first.goto(`${network.url}/`);
    await signIn(first, teacher.username);
    await first.getByRole('heading', { level: 1, name: /^Today/ }).waitFor();
    step('signed in; waiting for the service worker');
    await first.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 30_000,
    });
    await first.getByRole('link', { name: /AM/ }).first().waitFor();
    await first.close();

    step('measuring the first screen');
    // JS for the first screen: a signed-in teacher opening the app lands on Today. Counted are
    // the scripts the page asked for before the heading showed (resource timing, in the page);
    // anything after (the service worker's helper, the sync code, other screens) is not.
    const jsPage = await context.newPage();
    await jsPage.addInitScript(watchFirstScreen);
    await jsPage.goto(`${network.url}/#/today`);
    await jsPage.getByRole('heading', { level: 1, name: /^Today/ }).waitFor();
    const firstScreenScripts = await jsPage.evaluate(() => {
      const shownAt = (window as unknown as { firstScreenAt: number }).firstScreenAt;
      return performance
        .getEntriesByType('resource')
        .filter(
          (entry) => entry.startTime <= shownAt && new URL(entry.name).pathname.endsWith('.js'),
        )
        .map((entry) => entry.name);
    });
    const firstScreenJsGzipKb = await gzippedScriptsKb(firstScreenScripts);
    await jsPage.close();

    step('cold starts offline');
    // Cold start with the network off and the CPU slowed down four times.
    network.set('down');
    await context.setOffline(true);
    const coldStarts: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const page = await context.newPage();
      await page.addInitScript(watchFirstScreen);
      await throttle(context, page, THROTTLE);
      await page.goto(`${network.url}/#/today`);
      await page.getByRole('heading', { level: 1, name: /^Today/ }).waitFor();
      // From the start of the navigation to the heading on screen, timed by the page itself.
      coldStarts.push(
        await page.evaluate(() => (window as unknown as { firstScreenAt: number }).firstScreenAt),
      );
      await page.close();
    }
    await context.setOffline(false);
    network.set('up');

    step('opening the register');
    // Opening a 30-pupil register, from Today, until its cards can be tapped.
    const page = await context.newPage();
    await page.addInitScript(watchTapToPaint);
    await page.goto(`${network.url}/#/today`);
    await page.getByRole('heading', { level: 1, name: /^Today/ }).waitFor();
    const opens: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = Date.now();
      await page.evaluate((hash) => (location.hash = hash), registerHash);
      await page
        .getByRole('button', { name: /: present$/ })
        .nth(PUPILS_PER_GROUP - 1)
        .waitFor();
      opens.push(Date.now() - started);
      await page.evaluate(() => (location.hash = '#/today'));
      await page.getByRole('heading', { level: 1, name: /^Today/ }).waitFor();
    }

    step('tapping');
    // Taps at full speed (write latency), then with the CPU slowed down four times (paint):
    // absent then present for a pupil at a time, by position, as two pupils may share a name.
    const tapRound = async (first: number) => {
      for (let i = first; i < first + TAPS / 4; i++) {
        for (const action of ['absent', 'present']) {
          // Where the button is, found first; then a plain tap there, so the figure holds the
          // page's own work, not the test driver's checks around a locator's click.
          const button = page.getByRole('button', { name: new RegExp(`: ${action}$`) }).nth(i);
          await button.scrollIntoViewIfNeeded();
          await page.waitForTimeout(100);
          const box = await button.boundingBox();
          if (box === null) throw new Error(`no ${action} button for pupil ${String(i + 1)}`);
          await tapAt(page, box.x + box.width / 2, box.y + box.height / 2);
        }
      }
      await page.waitForTimeout(1000);
    };
    await page.evaluate((hash) => (location.hash = hash), registerHash);
    await page
      .getByRole('button', { name: /: present$/ })
      .nth(PUPILS_PER_GROUP - 1)
      .waitFor();
    const names = (
      await page
        .getByRole('button', { name: /: present$/ })
        .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''))
    ).map((label) => label.replace(/: present$/, ''));
    await page.evaluate(() => {
      performance.clearMeasures();
    });
    await tapRound(0);
    const durable = await page.evaluate(() =>
      performance.getEntriesByName('rollcall:mark-durable').map((entry) => entry.duration),
    );
    await throttle(context, page, THROTTLE);
    await page.evaluate(() => {
      (window as unknown as { tapTimes: number[] }).tapTimes = [];
    });
    await tapRound(TAPS / 4);
    const tapTimes = await page.evaluate(
      () => (window as unknown as { tapTimes: number[] }).tapTimes,
    );
    await throttle(context, page, 1);
    const raw = await rawIdbTimes(page);
    const emptyPageTaps = await emptyPageTapTimes(context);

    step('a phoned-in illness');
    // A phoned-in illness, pushed by the office from another device, reaching the open register.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'office', password: DEMO_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    // The last pupil, whom the taps above left blank, so the office's mark meets no teacher's.
    const target = names[PUPILS_PER_GROUP - 1] ?? '';
    const pupil = bundle.pupils.find(
      (p) => p.groupId === 'g-3b' && `${p.givenName} ${p.familyName}` === target,
    );
    const started = Date.now();
    const now = new Date(Date.parse(SERVER_START) + 60_000).toISOString();
    const officeDevice = uuidv7(Date.now(), crypto.getRandomValues(new Uint8Array(10)));
    const pushed = await fetch(`${server.url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        protocol: 1,
        deviceId: officeDevice,
        ops: [
          {
            kind: 'mark',
            opId: uuidv7(Date.now(), crypto.getRandomValues(new Uint8Array(10))),
            deviceId: officeDevice,
            deviceSeq: 1,
            pupilId: pupil?.id ?? '',
            date: DATE,
            session: 'AM',
            code: 'I',
            basedOn: null,
            recordedAt: now,
            source: 'office',
            reason: 'Mother phoned: temperature',
          },
        ],
      }),
    });
    if (!pushed.ok) throw new Error(`the office's push failed: ${await pushed.text()}`);
    await page
      .getByRole('group', { name: target, exact: true })
      .last()
      .getByText(/Illness/)
      .waitFor({ timeout: 30_000 });
    const phoneInToTabletMs = Date.now() - started;
    await context.close();

    const figures = {
      firstScreenJsGzipKb: round(firstScreenJsGzipKb),
      coldStartOfflineMs: Math.round(median(coldStarts)),
      registerInteractiveMs: Math.round(median(opens)),
      tapToPaintP95Ms: round(p95(tapTimes)),
      markDurableP95Ms: round(p95(durable)),
      rawIdbPutP95Ms: round(p95(raw.puts)),
      rawIdbMarkTransactionP95Ms: round(p95(raw.markTransactions)),
      tapToPaintEmptyPageP95Ms: round(p95(emptyPageTaps)),
      phoneInToTabletMs,
    };
    console.log(
      `client: ${String(tapTimes.length)} taps, ${String(durable.length)} marks written, ` +
        `${String(raw.puts.length)} raw puts; cold starts ${coldStarts.join(', ')} ms; ` +
        `register opens ${opens.join(', ')} ms`,
    );
    return figures;
  } finally {
    await browser.close();
    await network.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
