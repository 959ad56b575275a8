/**
 * When cycles run: at most one at a time, a request during a cycle causes exactly one more after
 * it, and after a failure the next attempt waits (backoff.ts). Which triggers may cut a wait short:
 * the network coming back, the tab becoming visible, a new sign-in or a person pressing "sync now"
 * — unless the server asked for the wait with Retry-After. A write, a poke or the timer during a
 * wait is covered by the attempt already scheduled.
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

  constructor(options: LoopOptions) {
    this.#options = options;
  }

  get state(): LoopState {
    return this.#state;
  }

  /** Asks for a cycle (see the module comment for what a wait lets through). */
  request(trigger: SyncTrigger): void {
    if (this.#isStopped || this.#state.isHalted) return;
    if (this.#isRunning) {
      this.#again = true;
      return;
    }
    if (this.#retryTimer !== null) {
      if (this.#waitIsServers || !CUTS_WAIT_SHORT.has(trigger)) return;
      this.#clearRetry();
    }
    this.#running = this.#pump();
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
      this.#setState({ phase: 'syncing', nextAttemptAt: null });
      keepGoing = this.#handle(await this.#cycle()) || this.#again;
    }
    this.#isRunning = false;
    if (this.#state.phase === 'syncing') this.#setState({ phase: 'idle' });
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
