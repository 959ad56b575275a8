/**
 * What every benchmark shares: progress lines on stderr, the statistics of its timings, the
 * browser's CPU throttle and the app's build.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/server/demo/demoSchool.ts';
import { loadDemo } from '../src/server/demo/loadDemo.ts';
import { openDatabase } from '../src/server/store/open.ts';
import { launchBrowser, startServer } from '../test/e2e/harness.ts';
import { startNetwork, type Network } from '../test/e2e/network.ts';

/** A progress line writer for the bench called `name` (stdout keeps the figures alone). */
export function stepper(name: string): (text: string) => void {
  return (text) => {
    process.stderr.write(`${name} bench: ${text}\n`);
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function p95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0;
}

export function round(value: number, places = 1): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

/** Slows the page's CPU `rate` times (Chrome DevTools Protocol). */
export async function throttle(context: BrowserContext, page: Page, rate: number): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/** Builds the app into `dist/`, as the browser benchmarks measure it. */
export function buildApp(): void {
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('vite build failed');
}

/** The demo school on a server of its own, reached through a network a browser uses. */
export interface DemoRig {
  readonly url: string;
  /** Switches the browser's network (`down` drops every connection). */
  readonly network: Network;
  readonly browser: Browser;
  /** Closes the browser, the network and the server, and deletes the school's data. */
  close(): Promise<void>;
}

/**
 * Loads the demo school of `pupils` pupils (its history up to `startIso`) into a data folder of
 * its own, starts the server on it with its clock at `startIso`, and a browser.
 */
export async function demoRig(
  log: (text: string) => void,
  pupils: number,
  startIso: string,
): Promise<DemoRig> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rollcall-bench-'));
  const dbDir = path.join(dataDir, 'db');
  log('loading the demo school');
  const store = await openDatabase({ dataDir: dbDir });
  await loadDemo(store.db, Date.parse(startIso), pupils);
  await store.maintain();
  await store.close();
  log('starting the server');
  const server = await startServer({ DATA_DIR: dbDir, ROLLCALL_NOW: startIso, LOG_LEVEL: 'warn' });
  const network = await startNetwork(server.url);
  const browser = await launchBrowser();
  return {
    url: network.url,
    network,
    browser,
    async close() {
      await browser.close();
      await network.close();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs `username` in on the sign-in screen with the demo password. */
export async function signInAs(page: Page, username: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
}
