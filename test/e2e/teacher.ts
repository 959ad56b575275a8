/**
 * Helpers for the teacher's register in Chromium: one tablet (its own browser context, clock and
 * Wi-Fi), the other devices of the school as API callers (reception, the office), and the two
 * clocks — the server's test clock and Playwright's — moved together.
 *
 * The tablet's clock is the device clock corrected by the offset it saw at its last sync, so both
 * clocks move in one step: the page's clock pauses at the new instant, the server's clock is set
 * (which also runs the close job), then the page's clock resumes. A sync that happened to sample
 * the clocks half-way is corrected by asking for another one.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PROTOCOL_VERSION, type MarkOp, type MovementOp } from '../../src/schema/op.ts';
import {
  historyResponseSchema,
  registerResponseSchema,
  type HistoryEntry,
  type RegisterResponse,
  type RegisterRow,
} from '../../src/schema/reads.ts';
import { pushResponseSchema, type PushResult } from '../../src/schema/sync.ts';
import { uuidv7 } from '../../src/schema/ids.ts';
import { DEMO_PASSWORD, demoBundle } from '../../src/server/demo/demoSchool.ts';
import { freePort, type RunningServer } from './harness.ts';
import { startNetwork, type Network } from './network.ts';

export const LANDSCAPE = { width: 1024, height: 768 } as const;
export const PORTRAIT = { width: 768, height: 1024 } as const;

const AXE_PATH = 'node_modules/axe-core/axe.min.js';

// ---------------------------------------------------------------------------------------------
// The demo school

/** A group of the demo school with its one teacher. */
export interface DemoGroup {
  readonly id: string;
  readonly name: string;
  readonly teacher: { readonly username: string; readonly name: string };
}

export function demoGroup(groupId: string): DemoGroup {
  const bundle = demoBundle();
  const group = bundle.groups.find((g) => g.id === groupId);
  const teacher = bundle.staff.find((s) => s.role === 'teacher' && s.groups.includes(groupId));
  if (group === undefined || teacher === undefined) throw new Error(`no demo group ${groupId}`);
  return { id: group.id, name: group.name, teacher: teacher };
}

// ---------------------------------------------------------------------------------------------
// The API, as the other devices and the checks use it

export interface ApiAnswer<T> {
  readonly status: number;
  readonly body: T;
}

export async function api<T>(
  baseUrl: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = {};
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export async function login(baseUrl: string, username: string): Promise<string> {
  const answer = await api<{ token?: string }>(baseUrl, null, 'POST', '/api/auth/login', {
    username,
    password: DEMO_PASSWORD,
  });
  if (answer.body.token === undefined)
    throw new Error(`login failed for ${username}: ${JSON.stringify(answer.body)}`);
  return answer.body.token;
}

/** One pupil's line of the server's register (`registerRowSchema`). */
export type ServerRow = RegisterRow;

export async function serverRegister(
  baseUrl: string,
  token: string,
  groupId: string,
  date: string,
  session: 'AM' | 'PM',
): Promise<RegisterResponse> {
  const answer = await api<unknown>(
    baseUrl,
    token,
    'GET',
    `/api/registers/${groupId}/${date}/${session}`,
  );
  if (answer.status !== 200) throw new Error(`register read failed: ${String(answer.status)}`);
  return registerResponseSchema.parse(answer.body);
}

export async function cellHistory(
  baseUrl: string,
  token: string,
  pupilId: string,
  date: string,
  session: 'AM' | 'PM',
): Promise<HistoryEntry[]> {
  const answer = await api<unknown>(
    baseUrl,
    token,
    'GET',
    `/api/marks/${pupilId}/${date}/${session}/history`,
  );
  if (answer.status !== 200) throw new Error(`history read failed: ${String(answer.status)}`);
  return historyResponseSchema.parse(answer.body).entries;
}

type MarkFields = Omit<MarkOp, 'kind' | 'opId' | 'deviceId' | 'deviceSeq'>;
type MovementFields = Omit<MovementOp, 'kind' | 'opId' | 'deviceId' | 'deviceSeq'>;

/** Another device of the school (reception's desk, the office PC), talking to the API. */
export class OtherDevice {
  readonly deviceId = uuidv7(Date.now(), randomBytes(10));
  #seq = 0;

  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  mark(fields: MarkFields): MarkOp {
    return { kind: 'mark', ...this.#ids(), ...fields };
  }

  movement(fields: MovementFields): MovementOp {
    return { kind: 'movement', ...this.#ids(), ...fields };
  }

  async push(ops: readonly (MarkOp | MovementOp)[]): Promise<PushResult[]> {
    const answer = await api<unknown>(this.baseUrl, this.token, 'POST', '/api/sync/push', {
      protocol: PROTOCOL_VERSION,
      deviceId: this.deviceId,
      ops,
    });
    const body = pushResponseSchema.safeParse(answer.body);
    if (answer.status !== 200 || !body.success)
      throw new Error(`push failed (${String(answer.status)}): ${JSON.stringify(answer.body)}`);
    return body.data.results;
  }

  #ids() {
    this.#seq += 1;
    return {
      opId: uuidv7(Date.now(), randomBytes(10)),
      deviceId: this.deviceId,
      deviceSeq: this.#seq,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The tablet

/**
 * A TCP relay between the tablet's network (network.ts) and the server, whose `close()` cuts every
 * connection through it at both ends. The proxy leaves a stream it forwarded open towards the
 * server after the browser's end has gone, and the server's shutdown waits for open event streams,
 * so without this the server would not stop after the tests.
 */
async function startRelay(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const relay = createServer((incoming) => {
    const outgoing = connect(Number(upstream.port), upstream.hostname);
    track(incoming);
    track(outgoing);
    incoming.pipe(outgoing);
    outgoing.pipe(incoming);
    incoming.on('close', () => outgoing.destroy());
    outgoing.on('close', () => incoming.destroy());
  });
  const port = await freePort();
  await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${String(port)}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => {
        relay.close(() => {
          resolve();
        });
      });
    },
  };
}

export interface Tablet {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly network: Network;
  readonly server: RunningServer;
  /** For the server's test clock. */
  readonly adminToken: string;
  isOnline: boolean;
  /** Signed in, so the tablet has a database and syncs. */
  isSignedIn: boolean;
  /** Errors the page logged or threw, and requests that failed, for a failed test's report. */
  readonly problems: string[];
  close(): Promise<void>;
}

/** A fresh tablet (empty storage) at tablet size, its clock and the server's set to `startIso`. */
export async function openTablet(
  browser: Browser,
  server: RunningServer,
  startIso: string,
): Promise<Tablet> {
  const relay = await startRelay(server.url);
  const network = await startNetwork(relay.url);
  // A school tablet in England: British English (24-hour time fields) and London time.
  const context = await browser.newContext({
    viewport: LANDSCAPE,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const page = await context.newPage();
  // Tokens follow the server's clock, so each tablet's day gets a fresh admin login.
  const adminToken = await login(server.url, 'head');
  await page.clock.install({ time: Date.parse(startIso) - 60_000 });
  const tablet: Tablet = {
    context,
    page,
    network,
    server,
    adminToken,
    isOnline: true,
    isSignedIn: false,
    problems: [],
    async close() {
      await context.close();
      await network.close();
      await relay.close();
    },
  };
  page.on('pageerror', (error) => tablet.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') tablet.problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400)
      tablet.problems.push(`${String(response.status())} ${response.url()}`);
  });
  await moveClocks(tablet, startIso);
  await page.goto(network.url);
  return tablet;
}

async function setServerClock(tablet: Tablet, iso: string): Promise<void> {
  const answer = await api(tablet.server.url, tablet.adminToken, 'POST', '/api/test/clock', {
    now: iso,
  });
  if (answer.status !== 200) throw new Error(`test clock refused: ${JSON.stringify(answer.body)}`);
}

/** Server time minus device time as the tablet last measured it (from its database). */
export function tabletClockOffset(page: Page): Promise<number | null> {
  return page.evaluate(
    () =>
      new Promise<number | null>((resolve) => {
        const open = indexedDB.open('rollcall');
        open.onerror = () => {
          resolve(null);
        };
        open.onsuccess = () => {
          const db = open.result;
          try {
            const read = db
              .transaction('meta', 'readonly')
              .objectStore('meta')
              .get('clockOffsetMs');
            read.onsuccess = () => {
              const row = read.result as { value?: unknown } | undefined;
              db.close();
              resolve(typeof row?.value === 'number' ? row.value : null);
            };
            read.onerror = () => {
              db.close();
              resolve(null);
            };
          } catch {
            db.close();
            resolve(null);
          }
        };
      }),
  );
}

/** Waits until a sync has measured the clocks as in step (within 1.5 s), asking for syncs. */
async function settleOffset(page: Page): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const offset = await tabletClockOffset(page);
    if (offset !== null && Math.abs(offset) < 1500) return;
    if (Date.now() > deadline) throw new Error(`tablet clock offset stuck at ${String(offset)}`);
    // An `online` event asks the engine for a sync (any trigger does).
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Moves the tablet's clock and the server's to `iso` (forward only), together. */
export async function moveClocks(tablet: Tablet, iso: string, settle = true): Promise<void> {
  await tablet.page.clock.pauseAt(Date.parse(iso));
  await setServerClock(tablet, iso);
  await tablet.page.clock.resume();
  if (settle && tablet.isOnline && tablet.isSignedIn) await settleOffset(tablet.page);
}

/** The school Wi-Fi off (the proxy drops everything, the browser reports offline) or back on. */
export async function setWifi(tablet: Tablet, isOn: boolean): Promise<void> {
  tablet.network.set(isOn ? 'up' : 'down');
  await tablet.context.setOffline(!isOn);
  tablet.isOnline = isOn;
}

// ---------------------------------------------------------------------------------------------
// The screens

/** Signs in through the sign-in screen and waits for the Today screen with the group on it. */
export async function signIn(tablet: Tablet, username: string, groupName: string): Promise<void> {
  const { page } = tablet;
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: /^Today · / }).waitFor();
  await page.getByRole('heading', { level: 2, name: groupName }).waitFor({ timeout: 30_000 });
  tablet.isSignedIn = true;
}

export async function openRegister(page: Page, groupName: string, session: 'AM' | 'PM') {
  await page.getByRole('link', { name: `${groupName} ${session} register` }).click();
  await page
    .getByRole('heading', { level: 1, name: `${groupName} · ${session} register`, exact: false })
    .waitFor();
  await page.locator('li.rc-card').first().waitFor();
}

/** The register's sync line ("Online · all sent", "Offline · 27 unsent"). */
export function syncLine(page: Page) {
  return page.locator('.rc-sync');
}

export async function waitAllSent(page: Page): Promise<void> {
  // A tap is painted before its write commits, so the status line may still say "all sent"
  // then: first every card saved and sent, then the line.
  await page
    .locator('li.rc-card')
    .filter({ hasText: /Saving…|not sent yet/ })
    .first()
    .waitFor({ state: 'detached', timeout: 20_000 });
  await page.locator('li.rc-card[data-saving]').first().waitFor({ state: 'detached' });
  await syncLine(page)
    .filter({ hasText: /^Online · all sent/ })
    .waitFor({ timeout: 20_000 });
}

/** One card as the teacher sees it. */
export interface CardView {
  readonly name: string;
  /** The code on the card; '' for a blank cell. */
  readonly code: string;
  readonly status: string;
}

export async function readCards(page: Page): Promise<CardView[]> {
  return page.locator('li.rc-card').evaluateAll((cards) =>
    cards.map((card) => ({
      name: card.querySelector('.rc-card-name')?.textContent ?? '',
      code: card.querySelector('.rc-code')?.textContent ?? '',
      status: card.querySelector('.rc-card-status')?.textContent ?? '',
    })),
  );
}

export function card(page: Page, name: string) {
  return page.getByRole('group', { name, exact: true });
}

/** Records a late arrival through the card's Late button and the dialog. */
export async function recordArrival(
  page: Page,
  name: string,
  arrivedAt: string,
  button: 'late' | 'late arrival',
  preview: RegExp,
  whileOpen?: () => Promise<void>,
): Promise<void> {
  await page.getByRole('button', { name: `${name}: ${button}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `${name} arrived late` });
  await dialog.getByLabel('Arrival time').fill(arrivedAt);
  await dialog.locator('output').filter({ hasText: preview }).waitFor();
  await whileOpen?.();
  await dialog.getByRole('button', { name: 'Record arrival' }).click();
  await dialog.waitFor({ state: 'detached' });
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** Runs axe-core in the page; returns every violation (the caller filters by impact). */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const isLoaded = await page.evaluate(() => 'axe' in window);
  // The app's Content-Security-Policy (script-src 'self') refuses an injected <script> tag, and
  // the tablet under test should keep it; evaluating the source goes round it.
  if (!isLoaded) await page.evaluate(await readFile(AXE_PATH, 'utf8'));
  return page.evaluate(async () => {
    interface AxeResult {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[] }[];
      }[];
    }
    const axe = (window as unknown as { axe: { run: () => Promise<AxeResult> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

export function seriousOnes(violations: readonly AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
