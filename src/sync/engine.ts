/**
 * The client sync engine (docs/architecture.md §5): push then pull, on every trigger — start, after
 * a write, the network coming back, the tab becoming visible, a timer and a server poke — in one
 * tab at a time (leader.ts), with capped, jittered backoff (loop.ts) and the device clock corrected
 * by the offset seen at the last sync. Nothing queued is ever deleted by age, error or sign-out:
 * ops leave the outbox only when the server holds them (cycle.ts).
 *
 * The status every tab shows is read from Dexie with `liveQuery`, so a follower tab sees the
 * leader's progress: counts, last sync, last error, and whether the person must sign in again.
 */
import { liveQuery, type Subscription } from 'dexie';
import { z } from 'zod';
import { MAX_PUSH_OPS } from '../schema/protocol.ts';
import type { RollcallDb } from '../storage/db.ts';
import { readSyncState, recordSyncError, type SyncState } from '../storage/syncState.ts';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import type { CycleDeps } from './cycle.ts';
import { openPokeStream, type PokeStream } from './events.ts';
import { SYNC_ERROR_TEXT } from '../text/staffText.ts';
import type { FetchLike } from './http.ts';
import { elect, type ChannelLike, type Election, type LocksLike, type Role } from './leader.ts';
import {
  DEFAULT_WRITE_SETTLE,
  SyncLoop,
  type LoopState,
  type Timers,
  type WriteSettle,
} from './loop.ts';
import type { SyncEngine, SyncStatus, SyncTrigger } from './types.ts';

/** Something `online`, `offline` or `visibilitychange` can be heard on. */
export interface EventSourceLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

export interface DocumentLike extends EventSourceLike {
  readonly visibilityState: string;
}

export interface SyncEngineOptions {
  readonly db: RollcallDb;
  /** Default: the global `fetch`. */
  readonly fetch?: FetchLike;
  /** The API's origin; '' (the default) for the page's own. */
  readonly baseUrl?: string;
  /** The device's own clock, epoch ms. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * Server time minus device time as last measured (`readDeviceSession`), so `now()` is on the
   * school's time from the first reading, before the engine's own read of the database lands.
   * Default 0.
   */
  readonly clockOffsetMs?: number;
  /** [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  readonly timers?: Timers;
  readonly backoff?: BackoffPolicy;
  /** How often to sync when nothing else asks, ms. Default 30 s. */
  readonly intervalMs?: number;
  /** How long writes wait for a burst of writing to settle (loop.ts). Default 1 s, at most 5 s. */
  readonly writeSettle?: WriteSettle;
  /** Where `online`/`offline` fire. Default `window`, when there is one. */
  readonly window?: EventSourceLike | null;
  /** Where `visibilitychange` fires. Default `document`, when there is one. */
  readonly document?: DocumentLike | null;
  /** Does the browser report a network? Default `navigator.onLine`. */
  readonly isBrowserOnline?: () => boolean;
  /** Default `navigator.locks`; null when missing (then every tab syncs: see leader.ts). */
  readonly locks?: LocksLike | null;
  /** Opens the channel followers reach the leader on. Default `BroadcastChannel`. */
  readonly openChannel?: ((name: string) => ChannelLike) | null;
  /** Listen for server pokes. Default true. */
  readonly serverEvents?: boolean;
  /** Pull page size. Default the server's default. */
  readonly pullLimit?: number;
  /** Ops per push. Default (and at most) `MAX_PUSH_OPS`. */
  readonly pushBatchSize?: number;
  /** Told of anything a cycle threw (a bug, not an expected failure). Default `console.error`. */
  readonly reportError?: (error: unknown) => void;
  /**
   * The leader's first sync waits for this (the app passes "the first screen is on show"), so
   * the first screen never waits behind the network or the sync code. Default: no wait.
   */
  readonly firstCycleAfter?: Promise<void>;
}

export const DEFAULT_INTERVAL_MS = 30_000;

const TRIGGERS = ['start', 'write', 'online', 'visible', 'timer', 'poke', 'manual'] as const;
const requestMessageSchema = z.object({
  type: z.literal('rollcall-sync-request'),
  trigger: z.enum(TRIGGERS),
});

const EMPTY_STATE: SyncState = {
  staffId: null,
  token: null,
  pending: 0,
  oldestPendingAt: null,
  pendingForOthers: 0,
  rejected: 0,
  lastSyncAt: null,
  lastError: null,
  isPaused: false,
  clockOffsetMs: 0,
};

type BatchSizes = Pick<CycleDeps, 'pullLimit' | 'pushBatchSize'>;

interface Resolved {
  readonly fetch: FetchLike;
  readonly baseUrl: string;
  readonly now: () => number;
  readonly random: () => number;
  readonly timers: Timers;
  readonly backoff: BackoffPolicy;
  readonly intervalMs: number;
  readonly writeSettle: WriteSettle;
  readonly window: EventSourceLike | null;
  readonly document: DocumentLike | null;
  readonly isBrowserOnline: () => boolean;
  readonly locks: LocksLike | null;
  readonly openChannel: ((name: string) => ChannelLike) | null;
  readonly serverEvents: boolean;
  readonly reportError: (error: unknown) => void;
  readonly firstCycleAfter: Promise<void> | null;
}

function defaultLocks(): LocksLike | null {
  if (typeof navigator === 'undefined' || !('locks' in navigator)) return null;
  const locks = navigator.locks;
  return { request: (name, options, callback) => locks.request(name, options, callback) };
}

function defaultChannel(): ((name: string) => ChannelLike) | null {
  return typeof BroadcastChannel === 'undefined' ? null : (name) => new BroadcastChannel(name);
}

function resolveOptions(options: SyncEngineOptions): Resolved {
  return {
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    baseUrl: options.baseUrl ?? '',
    now: options.now ?? (() => Date.now()),
    random: options.random ?? Math.random,
    timers: options.timers ?? {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => {
        clearTimeout(handle as ReturnType<typeof setTimeout>);
      },
    },
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
    writeSettle: options.writeSettle ?? DEFAULT_WRITE_SETTLE,
    window:
      options.window !== undefined ? options.window : typeof window === 'undefined' ? null : window,
    document:
      options.document !== undefined
        ? options.document
        : typeof document === 'undefined'
          ? null
          : document,
    isBrowserOnline:
      options.isBrowserOnline ?? (() => typeof navigator === 'undefined' || navigator.onLine),
    locks: options.locks !== undefined ? options.locks : defaultLocks(),
    openChannel: options.openChannel !== undefined ? options.openChannel : defaultChannel(),
    serverEvents: options.serverEvents ?? true,
    firstCycleAfter: options.firstCycleAfter ?? null,
    reportError:
      options.reportError ??
      ((error) => {
        console.error(error);
      }),
  };
}

/** Creates the engine; nothing happens until `start()`. */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const sizes = {
    ...(options.pullLimit === undefined ? {} : { pullLimit: options.pullLimit }),
    ...(options.pushBatchSize === undefined
      ? {}
      : { pushBatchSize: Math.min(Math.max(1, options.pushBatchSize), MAX_PUSH_OPS) }),
  };
  const offset = options.clockOffsetMs ?? 0;
  return new Engine(
    options.db,
    resolveOptions(options),
    sizes,
    Number.isFinite(offset) ? offset : 0,
  );
}

class Engine implements SyncEngine {
  readonly #db: RollcallDb;
  readonly #o: Resolved;
  readonly #loop: SyncLoop;
  readonly #name: string;
  #role: Role | 'stopped' = 'stopped';
  #shared: SyncState = EMPTY_STATE;
  #offsetMs = 0;
  #status: SyncStatus;
  readonly #listeners = new Set<(status: SyncStatus) => void>();
  #isStarted = false;
  #teardown: (() => void)[] = [];
  #election: Election | null = null;
  #channel: ChannelLike | null = null;
  #stream: PokeStream | null = null;
  #streamToken: string | null = null;
  #interval: unknown = null;

  constructor(db: RollcallDb, options: Resolved, sizes: BatchSizes, clockOffsetMs: number) {
    this.#db = db;
    this.#o = options;
    this.#offsetMs = clockOffsetMs;
    this.#name = `rollcall-sync:${db.name}`;
    this.#loop = new SyncLoop({
      // The cycle (push, pull and their checks) loads with the first sync, not with the app.
      runCycle: async () =>
        (await import('./cycle.ts')).runCycle({
          db,
          fetch: options.fetch,
          baseUrl: options.baseUrl,
          deviceClock: options.now,
          nowIso: () => new Date(this.now()).toISOString(),
          onClockOffset: (offsetMs) => {
            this.#offsetMs = offsetMs;
            this.#emit(this.#loop.state);
          },
          ...sizes,
        }),
      onState: (state) => {
        this.#emit(state);
      },
      timers: options.timers,
      random: options.random,
      backoff: options.backoff,
      now: () => this.now(),
      onUnexpected: (error) => this.#recordUnexpected(error),
      writeSettle: options.writeSettle,
    });
    this.#status = this.#compute(this.#loop.state);
  }

  now(): number {
    return this.#o.now() + this.#offsetMs;
  }

  getStatus(): SyncStatus {
    return this.#status;
  }

  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  start(): void {
    if (this.#isStarted) return;
    this.#isStarted = true;
    this.#loop.resume();
    this.#watchSharedState();
    this.#listenToBrowser();
    this.#openChannel();
    this.#election = elect(
      this.#o.locks,
      this.#name,
      (role) => {
        this.#role = role;
        this.#emit(this.#loop.state);
      },
      (resigned) => this.#lead(resigned),
    );
  }

  request(trigger: SyncTrigger): void {
    if (this.#role === 'leader') this.#loop.request(trigger);
    else if (this.#role === 'follower')
      this.#channel?.postMessage({ type: 'rollcall-sync-request', trigger });
  }

  async settled(): Promise<void> {
    if (this.#role === 'leader') await this.#loop.settled();
    await this.#refreshShared();
  }

  async stop(): Promise<void> {
    if (!this.#isStarted) return;
    this.#isStarted = false;
    this.#election?.resign();
    this.#election = null;
    for (const undo of this.#teardown.splice(0)) undo();
    this.#channel?.close();
    this.#channel = null;
    this.#stopLeading();
    this.#role = 'stopped';
    this.#emit(this.#loop.state);
    await this.#loop.stop();
  }

  /** Runs while this tab holds the lock; `stop()` ends it (and tidies up) by resigning. */
  async #lead(resigned: Promise<void>): Promise<void> {
    if (this.#o.firstCycleAfter !== null) await this.#o.firstCycleAfter;
    if (!this.#isStarted) return;
    this.#armInterval();
    this.#syncStream();
    this.#loop.request('start');
    await resigned;
  }

  #stopLeading(): void {
    if (this.#interval !== null) this.#o.timers.clearTimeout(this.#interval);
    this.#interval = null;
    this.#stream?.close();
    this.#stream = null;
    this.#streamToken = null;
  }

  #armInterval(): void {
    this.#interval = this.#o.timers.setTimeout(() => {
      if (this.#role !== 'leader' || !this.#isStarted) return;
      this.#loop.request('timer');
      this.#armInterval();
    }, this.#o.intervalMs);
  }

  /** Keeps one poke stream open for the signed-in token while leading. */
  #syncStream(): void {
    const token = this.#shared.isPaused ? null : this.#shared.token;
    const wanted = this.#o.serverEvents && this.#role === 'leader' && this.#isStarted;
    if (wanted && token === this.#streamToken && this.#stream !== null) return;
    this.#stream?.close();
    this.#stream = null;
    this.#streamToken = null;
    if (!wanted || token === null) return;
    this.#streamToken = token;
    this.#stream = openPokeStream({
      fetch: this.#o.fetch,
      baseUrl: this.#o.baseUrl,
      token,
      onPoke: () => {
        this.request('poke');
      },
      timers: this.#o.timers,
      random: this.#o.random,
      backoff: this.#o.backoff,
    });
  }

  #openChannel(): void {
    if (this.#o.locks === null || this.#o.openChannel === null) return;
    const channel = this.#o.openChannel(this.#name);
    channel.onmessage = (event) => {
      const message = requestMessageSchema.safeParse(event.data);
      if (message.success && this.#role === 'leader') this.#loop.request(message.data.trigger);
    };
    this.#channel = channel;
  }

  #listenToBrowser(): void {
    const on = (target: EventSourceLike | null, type: string, listener: () => void): void => {
      if (target === null) return;
      target.addEventListener(type, listener);
      this.#teardown.push(() => {
        target.removeEventListener(type, listener);
      });
    };
    on(this.#o.window, 'online', () => {
      this.#emit(this.#loop.state);
      this.request('online');
    });
    on(this.#o.window, 'offline', () => {
      this.#emit(this.#loop.state);
    });
    const doc = this.#o.document;
    on(doc, 'visibilitychange', () => {
      if (doc?.visibilityState === 'visible') this.request('visible');
      // Put away straight after the last tap: send it now, not when the tablet wakes.
      else if (this.#role === 'leader') this.#loop.flushWrites();
    });
  }

  #watchSharedState(): void {
    const subscription: Subscription = liveQuery(() => readSyncState(this.#db)).subscribe({
      next: (state) => {
        if (state.ok) this.#applyShared(state.value);
      },
      error: (error: unknown) => {
        this.#o.reportError(error);
      },
    });
    this.#teardown.push(() => {
      subscription.unsubscribe();
    });
  }

  async #refreshShared(): Promise<void> {
    const state = await readSyncState(this.#db);
    if (state.ok) this.#applyShared(state.value);
  }

  /** A new sign-in (a different token, or the pause lifted) resumes sync straight away. */
  #applyShared(state: SyncState): void {
    const before = this.#shared;
    this.#shared = state;
    this.#offsetMs = state.clockOffsetMs;
    const isNewSignIn =
      state.token !== null && !state.isPaused && (state.token !== before.token || before.isPaused);
    if (this.#role === 'leader') {
      this.#syncStream();
      if (isNewSignIn && before !== EMPTY_STATE) this.#loop.request('manual');
    }
    this.#emit(this.#loop.state);
  }

  async #recordUnexpected(error: unknown): Promise<void> {
    this.#o.reportError(error);
    const at = new Date(this.now()).toISOString();
    await recordSyncError(this.#db, {
      code: 'unexpected',
      message: SYNC_ERROR_TEXT.unexpected,
      at,
    }).catch(() => undefined);
  }

  #compute(loop: LoopState): SyncStatus {
    const s = this.#shared;
    const phase = s.isPaused
      ? 'needs-sign-in'
      : this.#role === 'follower'
        ? 'follower'
        : loop.phase;
    return {
      phase,
      online: this.#o.isBrowserOnline() && s.lastError?.code !== 'network',
      pending: s.pending,
      oldestPendingAt: s.oldestPendingAt,
      pendingForOthers: s.pendingForOthers,
      lastSyncAt: s.lastSyncAt,
      lastError: s.lastError,
      rejected: s.rejected,
      nextAttemptAt:
        phase === 'backing-off' && loop.nextAttemptAt !== null
          ? new Date(loop.nextAttemptAt).toISOString()
          : null,
      clockOffsetMs: this.#offsetMs,
    };
  }

  #emit(loop: LoopState): void {
    const next = this.#compute(loop);
    if (sameStatus(next, this.#status)) return;
    this.#status = next;
    for (const listener of this.#listeners) listener(next);
  }
}

function sameStatus(a: SyncStatus, b: SyncStatus): boolean {
  const keys = Object.keys(a) as (keyof SyncStatus)[];
  return keys.every((key) =>
    key === 'lastError'
      ? JSON.stringify(a.lastError) === JSON.stringify(b.lastError)
      : a[key] === b[key],
  );
}
