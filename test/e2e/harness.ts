import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loginResponseSchema, type LoginResponse } from '../../src/schema/auth.ts';
import { healthResponseSchema } from '../../src/schema/clock.ts';
import {
  historyResponseSchema,
  registerResponseSchema,
  type HistoryResponse,
  type RegisterResponse,
} from '../../src/schema/reads.ts';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve('test-results');

/** Asks the OS for a port nobody is listening on. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

export interface RunningServer {
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** Starts the real server (as `npm start` does, minus the build) on a free port and a temp DATA_DIR. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rollcall-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    // Always PGlite in a fresh directory, whatever DATABASE_URL the test run has.
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  // Loading the demo school takes half a minute on a quiet machine; allow for a busy one.
  const deadline = Date.now() + 110_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        // A stream still open must not hold the test run up: give it a few seconds, no more.
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The browser's own wall clock for the tests' devices: no test may depend on the day or the hour
 * it runs, so every device starts its clock at a set instant, far from the server's, and the app
 * must live on the clock it corrects against the server's. `E2E_DEVICE_CLOCK` picks one of these
 * by name (or gives an ISO instant); `npm run e2e:clocks` runs the suite at each.
 */
export const DEVICE_CLOCKS = {
  /** Sunday 6 December 2026, 22:40 GMT: not a school day, late at night. */
  'sunday-night': '2026-12-06T22:40:00Z',
  /** Tuesday 8 December 2026, 03:00 GMT: a school day, hours before any register opens. */
  'weekday-3am': '2026-12-08T03:00:00Z',
  /** Wednesday 14 July 2027, 15:30 BST: a summer afternoon, the clocks an hour on from GMT. */
  'summer-afternoon': '2027-07-14T14:30:00Z',
} as const;

/** The instant devices start their clocks at (epoch ms). */
export function deviceClockStart(): number {
  const chosen = process.env['E2E_DEVICE_CLOCK'] ?? 'sunday-night';
  const iso =
    chosen in DEVICE_CLOCKS ? DEVICE_CLOCKS[chosen as keyof typeof DEVICE_CLOCKS] : chosen;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms))
    throw new Error(
      `E2E_DEVICE_CLOCK must be ${Object.keys(DEVICE_CLOCKS).join(', ')} or an ISO instant`,
    );
  return ms;
}

/** Launches Debian's Chromium headless with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a screenshot under test-results/ so people can look at what the test saw. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Every demo login's password (src/server/demo/demoSchool.ts). */
export const DEMO_PASSWORD = 'larkspur-demo';

export type ApiLogin = LoginResponse;

/** Signs in through the API (not the page), for setting up and checking what the server holds. */
export async function apiLogin(
  server: RunningServer,
  username: string,
  password = DEMO_PASSWORD,
): Promise<ApiLogin> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login as ${username}: ${String(response.status)}`);
  return loginResponseSchema.parse(await response.json());
}

/** GETs an API address with a bearer token; throws on anything but 200. */
export async function apiGet(server: RunningServer, path: string, token: string): Promise<unknown> {
  const response = await fetch(`${server.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`GET ${path}: ${String(response.status)}`);
  return response.json();
}

/** The server's clock now, epoch ms. */
export async function serverNow(server: RunningServer): Promise<number> {
  const response = await fetch(`${server.url}/api/health`);
  return Date.parse(healthResponseSchema.parse(await response.json()).serverTime);
}

/**
 * Moves the server's clock (needs `ROLLCALL_TEST_CLOCK=1`) as the head teacher; the server runs
 * its register close job at the new time.
 */
export async function setServerClock(server: RunningServer, now: number): Promise<void> {
  const { token } = await apiLogin(server, 'head');
  const response = await fetch(`${server.url}/api/test/clock`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ now: new Date(now).toISOString() }),
  });
  if (!response.ok) throw new Error(`moving the server clock: ${String(response.status)}`);
}

export type ServerRegister = RegisterResponse;

/** `GET /api/registers/:groupId/:date/:session`. */
export async function readRegister(
  server: RunningServer,
  token: string,
  groupId: string,
  date: string,
  session: 'AM' | 'PM',
): Promise<ServerRegister> {
  return registerResponseSchema.parse(
    await apiGet(server, `/api/registers/${groupId}/${date}/${session}`, token),
  );
}

export type CellHistory = HistoryResponse['entries'];

/** `GET /api/marks/:pupilId/:date/:session/history`: every amendment the server applied. */
export async function readHistory(
  server: RunningServer,
  token: string,
  pupilId: string,
  date: string,
  session: 'AM' | 'PM',
): Promise<CellHistory> {
  const body = await apiGet(server, `/api/marks/${pupilId}/${date}/${session}/history`, token);
  return historyResponseSchema.parse(body).entries;
}
