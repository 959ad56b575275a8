/**
 * When cycles run: at most one at a time, a request during a cycle causes exactly one more after
 * it, and after a failure the next attempt waits (backoff.ts). Which triggers may cut a wait short:
 * the network coming back, the tab becoming visible, a new sign-in or a person pressing "sync now"
 * — unless the server asked for the wait with Retry-After. A write, a poke or the timer during a
 * wait is covered by the attempt already scheduled.
 *
 * Writes come in bursts (a teacher taps through thirty cards), so a write asks for a cycle once
 * the writing has settled: `writeSettle.quietMs` after the last write, and never later than
 * `writeSettle.maxMs` after the first one waiting. The marks are already safe on the device; one
 * cycle sends the burst, and the tablet's CPU stays with the taps. Any other trigger runs at once
 * and takes the waiting writes with it.
 */
import { backoffDelayMs, type BackoffPolicy } from './backoff.ts';
import type { CycleResult } from './cycle.ts';
import { unexpectedFailure } from './failures.ts';
import type { SyncTrigger } from './types.ts';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type LoopPhase = 'idle' | 'syncing' | 'backing-off';

export interface LoopState {
  readonly phase: LoopPhase;
  /** Corrected epoch ms of the next attempt while backing off. */
  readonly nextAttemptAt: number | null;
  /** The server said this app is too old (426): nothing more is tried until a reload. */
  readonly isHalted: boolean;
}

/** How long writes may wait for the writing to settle; zeros send each write at once. */
export interface WriteSettle {
  readonly quietMs: number;
  readonly maxMs: number;
}

export const DEFAULT_WRITE_SETTLE: WriteSettle = { quietMs: 1000, maxMs: 5000 };

export interface LoopOptions {
  readonly runCycle: () => Promise<CycleResult>;
  readonly onState: (state: LoopState) => void;
  readonly timers: Timers;
  readonly random: () => number;
  readonly backoff: BackoffPolicy;
  /** Corrected time, epoch ms. */
  readonly now: () => number;
  /** Told of a cycle that threw (a broken invariant); the loop backs off and carries on. */
  readonly onUnexpected: (error: unknown) => Promise<void>;
  readonly writeSettle: WriteSettle;
}

const CUTS_WAIT_SHORT: ReadonlySet<SyncTrigger> = new Set(['start', 'online', 'visible', 'manual']);

export class SyncLoop {
  readonly #options: LoopOptions;
  #state: LoopState = { phase: 'idle', nextAttemptAt: null, isHalted: false };
  #isRunning = false;
  #again = false;
  #isStopped = false;
  #failures = 0;
  #retryTimer: unknown = null;
  #waitIsServers = false;
  #running: Promise<void> = Promise.resolve();
  #waiters: (() => void)[] = [];
  /** Timers of writes waiting to settle: since the last write, and since the first. */
  #quietTimer: unknown = null;
  #maxTimer: unknown = null;
  /** A write arrived during a cycle: it waits to settle once the cycle ends. */
  #writeAfterCycle = false;
  /** A trigger that cuts a wait short arrived during a cycle: a failure then retries at once. */
  #againNow = false;

  constructor(options: LoopOptions) {
    this.#options = options;
  }

  get state(): LoopState {
    return this.#state;
  }

  /** Asks for a cycle (see the module comment for what a wait lets through). */
  request(trigger: SyncTrigger): void {
    if (this.#isStopped || this.#state.isHalted) return;
    if (trigger === 'write' && this.#options.writeSettle.quietMs > 0) {
      this.#settleWrite();
      return;
    }
    this.#clearSettle();
    if (this.#isRunning) {
      this.#again = true;
      if (CUTS_WAIT_SHORT.has(trigger)) this.#againNow = true;
      return;
    }
    if (this.#retryTimer !== null) {
      if (this.#waitIsServers || !CUTS_WAIT_SHORT.has(trigger)) return;
      this.#clearRetry();
    }
    this.#running = this.#pump();
  }

  /** A write: waits for the writing to settle, unless a cycle or a retry will take it anyway. */
  #settleWrite(): void {
    if (this.#retryTimer !== null) return;
    if (this.#isRunning) {
      this.#writeAfterCycle = true;
      return;
    }
    const { timers, writeSettle } = this.#options;
    const run = () => {
      this.#clearSettle();
      this.request('timer');
    };
    if (this.#quietTimer !== null) timers.clearTimeout(this.#quietTimer);
    this.#quietTimer = timers.setTimeout(run, writeSettle.quietMs);
    this.#maxTimer ??= timers.setTimeout(run, Math.max(writeSettle.maxMs, writeSettle.quietMs));
  }

  #clearSettle(): void {
    const { timers } = this.#options;
    if (this.#quietTimer !== null) timers.clearTimeout(this.#quietTimer);
    if (this.#maxTimer !== null) timers.clearTimeout(this.#maxTimer);
    this.#quietTimer = null;
    this.#maxTimer = null;
  }

  /** Sends writes waiting to settle now (the tablet is being put away). */
  flushWrites(): void {
    if (this.#isRunning && this.#writeAfterCycle) {
      this.#writeAfterCycle = false;
      this.#again = true;
    } else if (this.#quietTimer !== null) this.request('timer');
  }

  /** Resolves once no cycle is running or due now (it may be waiting to retry). */
  settled(): Promise<void> {
    if (!this.#isRunning) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Lets a stopped loop take requests again (React may stop and restart an engine). */
  resume(): void {
    this.#isStopped = false;
  }

  /** Stops scheduling; resolves when a cycle in flight has finished. */
  async stop(): Promise<void> {
    this.#isStopped = true;
    this.#clearRetry();
    this.#clearSettle();
    this.#writeAfterCycle = false;
    await this.#running;
  }

  #setState(patch: Partial<LoopState>): void {
    this.#state = { ...this.#state, ...patch };
    this.#options.onState(this.#state);
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) this.#options.timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  async #pump(): Promise<void> {
    this.#isRunning = true;
    let keepGoing = true;
    while (keepGoing && !this.#isStopped) {
      this.#again = false;
      this.#againNow = false;
      // This cycle sends every write made so far; only writes during it wait to settle after.
      this.#writeAfterCycle = false;
      this.#setState({ phase: 'syncing', nextAttemptAt: null });
      keepGoing = this.#handle(await this.#cycle()) || this.#again;
    }
    this.#isRunning = false;
    if (this.#state.phase === 'syncing') this.#setState({ phase: 'idle' });
    if (this.#writeAfterCycle) {
      this.#writeAfterCycle = false;
      if (!this.#isStopped && !this.#state.isHalted) this.#settleWrite();
    }
    for (const resolve of this.#waiters.splice(0)) resolve();
  }

  async #cycle(): Promise<CycleResult> {
    try {
      return await this.#options.runCycle();
    } catch (error) {
      await this.#options.onUnexpected(error);
      return { kind: 'failed', failure: unexpectedFailure() };
    }
  }

  /** Applies a cycle's result; true when another cycle should follow at once. */
  #handle(result: CycleResult): boolean {
    if (result.kind !== 'failed') {
      this.#failures = 0;
      this.#setState({ phase: 'idle' });
      return result.kind === 'synced' && result.more;
    }
    const { failure } = result;
    if (failure.kind === 'halt') {
      this.#setState({ phase: 'idle', isHalted: true });
      this.#again = false;
      return false;
    }
    if (failure.kind === 'sign-in') {
      this.#setState({ phase: 'idle' });
      return false;
    }
    // The network came back (or someone pressed "sync now") while this attempt was failing:
    // try again at once rather than wait out a backoff meant for a network that was down.
    if (this.#againNow && failure.retryAfter === null) return true;
    this.#scheduleRetry(failure.retryAfter);
    this.#again = false;
    return false;
  }

  #scheduleRetry(retryAfter: number | null): void {
    this.#failures += 1;
    const { random, backoff, now, timers } = this.#options;
    const delay = backoffDelayMs(this.#failures, random, backoff, retryAfter);
    this.#waitIsServers = retryAfter !== null;
    this.#retryTimer = timers.setTimeout(() => {
      this.#retryTimer = null;
      this.request('manual');
    }, delay);
    this.#setState({ phase: 'backing-off', nextAttemptAt: now() + delay });
  }
}
