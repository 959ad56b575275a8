/**
 * How long to wait before the next attempt after a failure: capped exponential backoff with full
 * jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"), so a school's worth of tablets
 * coming back onto the Wi-Fi together do not all retry in the same second.
 */

export interface BackoffPolicy {
  /** The ceiling of the first wait, ms. */
  readonly baseMs: number;
  /** No wait is longer than this, except when the server asked for longer with Retry-After. */
  readonly capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 60_000 };

/** A Retry-After longer than this is taken as this: a bad header must not stall sync for days. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * The wait before attempt `failures + 1`, after `failures` (≥ 1) failures in a row: a uniformly
 * random time in [0, min(cap, base · 2^(failures − 1))). `random` returns [0, 1). When the server
 * sent `Retry-After` (seconds), the wait is at least that, up to `MAX_RETRY_AFTER_MS`.
 */
export function backoffDelayMs(
  failures: number,
  random: () => number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  retryAfterSeconds: number | null = null,
): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const jittered = Math.floor(Math.min(Math.max(random(), 0), 1) * ceiling);
  if (retryAfterSeconds === null || !Number.isFinite(retryAfterSeconds)) return jittered;
  const asked = Math.min(Math.max(retryAfterSeconds, 0) * 1000, MAX_RETRY_AFTER_MS);
  return Math.max(jittered, asked);
}
