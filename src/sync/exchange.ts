/**
 * What one sync cycle carries to every request it makes: the database, the API, the clocks, and
 * the best clock sample seen so far (every answer with `serverTime` gives one).
 */
import type { RollcallDb } from '../storage/db.ts';
import { betterSample, clockSample, type ClockSample } from './clockOffset.ts';
import { callApi, type FetchLike, type HttpOptions, type HttpResult } from './http.ts';

export interface CycleContext {
  readonly db: RollcallDb;
  readonly fetch: FetchLike;
  readonly baseUrl: string;
  /** The signed-in person's bearer token. */
  readonly token: string;
  readonly staffId: string;
  /** The device's own clock, epoch ms (uncorrected). */
  readonly deviceClock: () => number;
  /** Corrected time as an ISO instant, for the times staff see. */
  readonly nowIso: () => string;
  /** The shortest round trip's sample so far in this cycle. */
  bestSample: ClockSample | null;
}

function serverTimeOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('serverTime' in body)) return null;
  const value = body.serverTime;
  return typeof value === 'string' ? value : null;
}

/** `callApi` with the token, keeping a clock sample from the answer. */
export async function exchange(
  ctx: CycleContext,
  path: string,
  options: Omit<HttpOptions, 'token'> = {},
): Promise<HttpResult> {
  const sentAt = ctx.deviceClock();
  const result = await callApi(ctx.fetch, ctx.baseUrl, path, { ...options, token: ctx.token });
  const serverTime = serverTimeOf(result.ok ? result.value.body : result.error.body);
  if (serverTime !== null)
    ctx.bestSample = betterSample(
      ctx.bestSample,
      clockSample(serverTime, sentAt, ctx.deviceClock()),
    );
  return result;
}
