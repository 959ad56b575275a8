/**
 * A sync engine for component tests: its status is whatever the test sets, and it remembers what
 * it was asked to do.
 */
import type { SyncEngine, SyncStatus, SyncTrigger } from '../../sync/types.ts';

/** 2026-12-02 09:05 UTC, a Wednesday morning. */
export const FAKE_NOW = Date.UTC(2026, 11, 2, 9, 5);

export const IDLE_STATUS: SyncStatus = {
  phase: 'idle',
  online: true,
  pending: 0,
  oldestPendingAt: null,
  pendingForOthers: 0,
  lastSyncAt: null,
  lastError: null,
  rejected: 0,
  nextAttemptAt: null,
  clockOffsetMs: 0,
};

export interface FakeEngine extends SyncEngine {
  /** Every `request` made, in order. */
  readonly requests: SyncTrigger[];
  readonly isStarted: boolean;
  readonly stopCount: number;
  /** Changes the status and tells subscribers. */
  setStatus(change: Partial<SyncStatus>): void;
  setNow(ms: number): void;
}

export function createFakeEngine(initial: Partial<SyncStatus> = {}): FakeEngine {
  let status: SyncStatus = { ...IDLE_STATUS, ...initial };
  let now = FAKE_NOW;
  let started = false;
  let stops = 0;
  const listeners = new Set<(status: SyncStatus) => void>();
  const requests: SyncTrigger[] = [];
  return {
    requests,
    get isStarted() {
      return started;
    },
    get stopCount() {
      return stops;
    },
    start() {
      started = true;
    },
    stop() {
      started = false;
      stops += 1;
      return Promise.resolve();
    },
    request(trigger) {
      requests.push(trigger);
    },
    settled: () => Promise.resolve(),
    getStatus: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    now: () => now,
    setStatus(change) {
      status = { ...status, ...change };
      for (const listener of listeners) listener(status);
    },
    setNow(ms) {
      now = ms;
    },
  };
}
