import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, startServer, type RunningServer } from './harness.ts';

describe('the app shell in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // The demo school's history runs up to the server's clock: set it, whatever today is.
    server = await startServer({ ROLLCALL_NOW: '2026-12-02T08:30:00Z' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it('loads the page from the server and opens on the sign-in screen', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    const response = await page.goto(server.url);
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toBe('Rollcall');
    // Nobody has signed in on this browser yet: the product name, then the sign-in form.
    await page.getByRole('heading', { level: 2, name: 'Sign in' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Rollcall');
    await page.getByLabel('Username').waitFor();
    await page.getByLabel('Password').waitFor();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await screenshot(page, 'shell');
    await page.close();
  });

  it('answers unknown API addresses with a JSON error, not the app shell', async () => {
    const response = await fetch(`${server.url}/api/no-such-thing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not-found' });
  });
});
