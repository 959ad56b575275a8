import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../sync/types.ts';
import { createFakeEngine, FAKE_NOW, IDLE_STATUS } from '../testing/fakeEngine.ts';
import { StatusBar } from './StatusBar.tsx';

afterEach(cleanup);

function ago(ms: number): string {
  return new Date(FAKE_NOW - ms).toISOString();
}

function showStatus(change: Partial<SyncStatus>): HTMLElement {
  const engine = createFakeEngine(change);
  render(<StatusBar engine={engine} />);
  return screen.getByRole('status', { name: 'Sync status' });
}

describe('StatusBar', () => {
  it('says online, all sent and never synced on a fresh device', () => {
    const bar = showStatus({});
    expect(bar.textContent).toContain('Online');
    expect(bar.textContent).toContain('All marks sent');
    expect(bar.textContent).toContain('Never synced');
    expect(bar.getAttribute('aria-live')).toBe('polite');
  });

  it('says offline with the unsent count and the age of the oldest', () => {
    const bar = showStatus({ online: false, pending: 9, oldestPendingAt: ago(12 * 60_000) });
    expect(bar.textContent).toContain('Offline');
    expect(bar.textContent).toContain('9 unsent marks · oldest 12 min');
  });

  it('[clock] says when the device clock is more than 2 minutes from the school’s', () => {
    expect(showStatus({ clockOffsetMs: 119_000 }).textContent).not.toContain('clock');
    cleanup();
    expect(showStatus({ clockOffsetMs: -120_000 }).textContent).not.toContain('clock');
    cleanup();
    expect(showStatus({ clockOffsetMs: 3 * 60_000 }).textContent).toContain(
      'This device’s clock is 3 min behind the school’s. Rollcall uses the school’s time',
    );
    cleanup();
    expect(showStatus({ clockOffsetMs: -(2 * 86_400_000 + 3_600_000) }).textContent).toContain(
      'This device’s clock is 2 days ahead of the school’s.',
    );
  });

  it('counts one unsent mark in the singular', () => {
    const bar = showStatus({ pending: 1, oldestPendingAt: ago(30_000) });
    expect(bar.textContent).toContain('1 unsent mark · oldest under a minute');
  });

  it('shows how long ago the last sync was', () => {
    expect(showStatus({ lastSyncAt: ago(2 * 60_000 + 5000) }).textContent).toContain(
      'Synced 2 min ago',
    );
    cleanup();
    expect(showStatus({ lastSyncAt: ago(10_000) }).textContent).toContain('Synced just now');
    cleanup();
    expect(showStatus({ lastSyncAt: ago(3 * 3600_000) }).textContent).toContain('Synced 3 h ago');
  });

  it('shows the last error in words', () => {
    const bar = showStatus({
      phase: 'backing-off',
      lastError: {
        code: 'network',
        message: 'The server cannot be reached. Your work is kept on this device.',
        at: ago(5000),
      },
      nextAttemptAt: new Date(FAKE_NOW + 20_000).toISOString(),
    });
    expect(bar.textContent).toContain('The server cannot be reached.');
    expect(bar.textContent).toContain('Retrying in 20 s');
  });

  it('links refused marks to the sync page', () => {
    showStatus({ rejected: 3 });
    const link = screen.getByRole('link', { name: '3 marks refused — see why' });
    expect(link.getAttribute('href')).toBe('#/sync');
  });

  it('has no refused link when nothing was refused', () => {
    showStatus({});
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('asks for sign-in when the session has ended', () => {
    const bar = showStatus({
      phase: 'needs-sign-in',
      pending: 4,
      oldestPendingAt: ago(60_000),
      lastError: { code: 'unauthorised', message: 'Please sign in.', at: ago(1000) },
    });
    expect(within(bar).getByText('Sign in again to send')).toBeDefined();
    expect(within(bar).queryByText('Please sign in.')).toBeNull();
    expect(bar.textContent).toContain('4 unsent marks');
  });

  it('says when it is syncing, and when another tab does it', () => {
    expect(showStatus({ phase: 'syncing' }).textContent).toContain('Syncing…');
    cleanup();
    expect(showStatus({ phase: 'follower' }).textContent).toContain(
      'Another Rollcall tab is syncing',
    );
  });

  it('follows the engine as its status changes', () => {
    const engine = createFakeEngine({ ...IDLE_STATUS });
    render(<StatusBar engine={engine} />);
    act(() => {
      engine.setStatus({ online: false, pending: 2, oldestPendingAt: ago(60_000) });
    });
    const bar = screen.getByRole('status');
    expect(bar.textContent).toContain('Offline');
    expect(bar.textContent).toContain('2 unsent marks · oldest 1 min');
  });
});
