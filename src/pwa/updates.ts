/**
 * Service-worker registration and the "new version" state (docs/architecture.md §5: updates are
 * prompted, never forced mid-register). The worker waits until someone presses Update;
 * `UpdatePrompt` decides when that is allowed.
 */
import { create } from 'zustand';

export interface UpdateState {
  /** A new version is installed and waiting to take over. */
  readonly isWaiting: boolean;
  /** Switches to the waiting version and reloads; null when there is none. */
  readonly apply: (() => void) | null;
}

export const useUpdate = create<UpdateState>(() => ({ isWaiting: false, apply: null }));

const CHECK_EVERY_MS = 60 * 60_000;

/** Registers `/sw.js` in production builds; a no-op in development and tests. */
export async function registerServiceWorker(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const { Workbox } = await import('workbox-window');
  const workbox = new Workbox('/sw.js');
  workbox.addEventListener('waiting', () => {
    useUpdate.setState({
      isWaiting: true,
      apply: () => {
        workbox.addEventListener('controlling', () => {
          window.location.reload();
        });
        workbox.messageSkipWaiting();
      },
    });
  });
  await workbox.register();
  // Tablets stay open all day: look for a new version now and then, not only at start.
  setInterval(() => {
    void workbox.update();
  }, CHECK_EVERY_MS);
}
