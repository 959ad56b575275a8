/**
 * The moment the first screen is on show (the signed-in person's screen, or sign-in). Work the
 * first screen does not need, the service worker's registration and the first sync with its
 * code, waits for it, so it never competes with the first screen for the network or the CPU.
 */
import { useEffect } from 'react';

/** The longest that work waits: a screen that never shows must not keep marks from syncing. */
const LATEST_MS = 10_000;

let markShown: () => void = () => undefined;

/** Resolves once the first screen has been shown, or after `LATEST_MS`; it stays resolved. */
export const firstScreenShown: Promise<void> = new Promise((resolve) => {
  markShown = resolve;
  setTimeout(resolve, LATEST_MS);
});

/** Placed beside a screen inside its `Suspense`: marks it shown once it has rendered. */
export function FirstScreenMark(): null {
  useEffect(() => {
    markShown();
  }, []);
  return null;
}
