/**
 * What the screens see of the sync engine (docs/architecture.md §5). The engine (`createSyncEngine`
 * in `engine.ts`) implements `SyncEngine`; screens read `SyncStatus` and never talk to the network
 * themselves, except to sign in and out (`src/ui/signin/session.ts`).
 */

/** Where the engine is in its loop. */
export type SyncPhase =
  /** Nothing to do, or waiting for the next trigger. */
  | 'idle'
  /** A push or pull is in flight. */
  | 'syncing'
  /** The last attempt failed (network, 5xx, 429); the next is scheduled at `nextAttemptAt`. */
  | 'backing-off'
  /** The server said 401: nothing is sent until the same person signs in again. */
  | 'needs-sign-in'
  /** Another tab of this app holds the sync lock and syncs for this one. */
  | 'follower';

export interface SyncError {
  /** Kebab-case code: the server's `error`, or `network`, `server-unavailable`, `storage-full`… */
  readonly code: string;
  /** A sentence school staff can read. */
  readonly message: string;
  /** ISO instant (corrected device clock). */
  readonly at: string;
}

/** Everything the always-visible status bar shows. */
export interface SyncStatus {
  readonly phase: SyncPhase;
  /** The browser reports a network and the last request reached the server (or none was tried). */
  readonly online: boolean;
  /** Ops of the signed-in person still in the outbox. */
  readonly pending: number;
  /** `createdAt` of the oldest of them, ISO; null when none. */
  readonly oldestPendingAt: string | null;
  /** Other people's ops waiting on this device for their next sign-in. */
  readonly pendingForOthers: number;
  /** Last time a push and pull both completed, ISO; null before the first. */
  readonly lastSyncAt: string | null;
  /** The last failure; cleared by the next full success. */
  readonly lastError: SyncError | null;
  /** Ops of the signed-in person the server refused, kept with their reasons. */
  readonly rejected: number;
  /** When the next attempt is due while backing off, ISO; null otherwise. */
  readonly nextAttemptAt: string | null;
  /** Server time minus device time (ms) the clock is corrected by; 0 before any measurement. */
  readonly clockOffsetMs: number;
}

export type SyncTrigger = 'start' | 'write' | 'online' | 'visible' | 'timer' | 'poke' | 'manual';

export interface SyncEngine {
  /** Starts the loop: listeners, timer, leader election, server pokes. Idempotent. */
  start(): void;
  /** Stops everything it started; queued ops stay where they are. */
  stop(): Promise<void>;
  /** Asks for a sync soon (coalesced with one already running or due). */
  request(trigger: SyncTrigger): void;
  /** Resolves when the engine is idle with nothing more to do or it has backed off. For tests. */
  settled(): Promise<void>;
  getStatus(): SyncStatus;
  /** Calls `listener` on every status change; returns the unsubscribe function. */
  subscribe(listener: (status: SyncStatus) => void): () => void;
  /**
   * Device time corrected by the offset seen at the last sync, epoch ms (docs/architecture.md
   * §3.4).
   */
  now(): number;
}
