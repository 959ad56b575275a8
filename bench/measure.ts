/**
 * What every benchmark shares: progress lines on stderr, the statistics of its timings, the
 * browser's CPU throttle and the app's build.
 */
import { spawnSync } from 'node:child_process';
import type { BrowserContext, Page } from 'playwright-core';

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
