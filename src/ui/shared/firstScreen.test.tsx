import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.resetModules();
});

async function freshModule() {
  vi.resetModules();
  return import('./firstScreen.tsx');
}

function isSettled(promise: Promise<void>): Promise<boolean> {
  return Promise.race([promise.then(() => true), Promise.resolve().then(() => false)]);
}

describe('firstScreenShown', () => {
  it('resolves when a screen marks itself shown', async () => {
    const { firstScreenShown, FirstScreenMark } = await freshModule();
    expect(await isSettled(firstScreenShown)).toBe(false);
    render(<FirstScreenMark />);
    await firstScreenShown;
    expect(await isSettled(firstScreenShown)).toBe(true);
  });

  it('resolves after ten seconds when no screen ever shows, so sync is never held back', async () => {
    vi.useFakeTimers();
    const { firstScreenShown } = await freshModule();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(await isSettled(firstScreenShown)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await isSettled(firstScreenShown)).toBe(true);
  });
});
