/**
 * Failed sign-ins are limited per username and per address (docs/sync-protocol.md §2): after 10
 * failures in 15 minutes of real time, further attempts get 429 — even with the right password —
 * until the oldest failure leaves the window. Real time, not the test clock, so moving the clock in
 * tests cannot open a locked account. Kept in memory: each server process limits on its own.
 */
export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60 * 1000;

export class LoginLimiter {
  readonly #failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  #recent(key: string): number[] {
    const cutoff = this.now() - WINDOW_MS;
    const times = (this.#failures.get(key) ?? []).filter((t) => t > cutoff);
    if (times.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, times);
    return times;
  }

  isBlocked(username: string, address: string): boolean {
    return this.retryAfterMs(username, address) > 0;
  }

  /**
   * How long until an attempt for this username from this address is allowed again (0 when it is
   * allowed now): until enough of the oldest failures have left the window on both counts.
   */
  retryAfterMs(username: string, address: string): number {
    let waitMs = 0;
    for (const key of [`u:${username.toLowerCase()}`, `a:${address}`]) {
      const times = this.#recent(key);
      const leaving = times[times.length - MAX_FAILURES];
      if (leaving !== undefined) waitMs = Math.max(waitMs, leaving + WINDOW_MS - this.now());
    }
    return waitMs;
  }

  recordFailure(username: string, address: string): void {
    for (const key of [`u:${username.toLowerCase()}`, `a:${address}`]) {
      this.#failures.set(key, [...this.#recent(key), this.now()]);
    }
  }
}
