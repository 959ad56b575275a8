/**
 * The sync protocol's constants (docs/sync-protocol.md §4, §6, §7): its limits and the names of
 * its events, beside `PROTOCOL_VERSION` in `op.ts`. Apart from the message schemas, so code that
 * needs only a number (the sync engine's batching, its event reader) does not carry them.
 */

/** At most this many ops in one push; a device with more sends several batches. */
export const MAX_PUSH_OPS = 1000;

/** A pull page's size when the request names none, and the most it may ask for. */
export const PULL_DEFAULT_LIMIT = 500;
export const PULL_MAX_LIMIT = 5000;

/** The named events of `GET /api/sync/events`. */
export const SYNC_EVENTS = { ready: 'ready', poke: 'poke' } as const;
