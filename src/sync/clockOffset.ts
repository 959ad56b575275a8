/**
 * The device clock's offset from the server's (docs/architecture.md §3.4), NTP-style: the server
 * read its clock somewhere between sending and receiving, so take the midpoint of the round trip.
 * The error is at most half the round trip, so the fastest exchange of a sync is the best.
 */

export interface ClockSample {
  /** Server time minus device time, ms. */
  readonly offsetMs: number;
  /** The round trip the sample came from, ms. */
  readonly roundTripMs: number;
}

/** A sample from one exchange, or null when `serverTime` is not a valid instant. */
export function clockSample(
  serverTime: string,
  sentAtMs: number,
  receivedAtMs: number,
): ClockSample | null {
  const server = Date.parse(serverTime);
  if (!Number.isFinite(server) || receivedAtMs < sentAtMs) return null;
  return {
    offsetMs: Math.round(server - (sentAtMs + receivedAtMs) / 2),
    roundTripMs: receivedAtMs - sentAtMs,
  };
}

/** The better of two samples: the one with the shorter round trip. */
export function betterSample(a: ClockSample | null, b: ClockSample | null): ClockSample | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.roundTripMs < a.roundTripMs ? b : a;
}
