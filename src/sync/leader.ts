/**
 * One tab syncs at a time (docs/architecture.md §3.3): the tab holding the Web Lock
 * `rollcall-sync:<db>` is the leader and runs the loop; the others are followers and pass their
 * sync requests to it over a BroadcastChannel. Browsers release a lock when its tab closes, and the
 * next waiting tab is granted it, so a follower takes over without any timeout.
 *
 * Without Web Locks (browsers before 2022) every tab leads. That is safe, only wasteful: the
 * server applies each op once whatever the number of senders (duplicates by opId and deviceSeq,
 * docs/sync-protocol.md §4.3), acknowledging or rejecting an op twice is harmless, and a 409 only
 * renumbers ops the server has never seen. A localStorage lease was considered and not built: its
 * heartbeats and expiry add failure modes for a case that modern browsers no longer have.
 */

/** The part of `LockManager` used here. */
export interface LocksLike {
  request(
    name: string,
    options: { readonly ifAvailable?: boolean; readonly signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<unknown>;
}

/** The part of `BroadcastChannel` used here. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}

export type Role = 'leader' | 'follower';

export interface Election {
  /** Gives up leadership (or stops waiting for it). */
  resign(): void;
}

/**
 * Becomes leader at once when nobody is, otherwise a follower queued for the lock. `onRole` is
 * called with each role taken; `lead` runs while this tab holds the lock and its returned
 * promise ends the leadership when it settles. Without `locks`, leads straight away.
 */
export function elect(
  locks: LocksLike | null,
  name: string,
  onRole: (role: Role) => void,
  lead: (resigned: Promise<void>) => Promise<void>,
): Election {
  const abort = new AbortController();
  let resign = (): void => undefined;
  const resigned = new Promise<void>((resolve) => {
    resign = resolve;
  });
  const hold = async (): Promise<void> => {
    if (abort.signal.aborted) return;
    onRole('leader');
    await lead(resigned);
  };
  if (locks === null) {
    void hold();
  } else {
    const queue = (): void => {
      locks.request(name, { signal: abort.signal }, hold).catch(() => undefined);
    };
    locks
      .request(name, { ifAvailable: true }, async (lock) => {
        if (lock !== null) return hold();
        if (abort.signal.aborted) return Promise.resolve();
        onRole('follower');
        queue();
        return Promise.resolve();
      })
      .catch(() => undefined);
  }
  return {
    resign() {
      abort.abort();
      resign();
    },
  };
}
