/**
 * Server pokes (docs/sync-protocol.md §7 `GET /api/sync/events`): an event stream read with
 * `fetch`, so the bearer header goes with it (EventSource cannot send one). A `poke` asks for a
 * sync; so does the `ready` of a reconnection, because pokes sent while the stream was down are
 * lost. A dropped stream reconnects after a backoff; a 401 ends it until the engine opens a new one
 * for a new sign-in. Where the body cannot be streamed, there are no pokes and the timer does the
 * work.
 *
 * This is the one request that does not go through `callApi`: its answer is a stream, not JSON.
 */
import { SYNC_EVENTS } from '../schema/protocol.ts';
import { backoffDelayMs, type BackoffPolicy } from './backoff.ts';
import type { FetchLike } from './http.ts';
import type { Timers } from './loop.ts';

export interface PokeStreamOptions {
  readonly fetch: FetchLike;
  readonly baseUrl: string;
  readonly token: string;
  readonly onPoke: () => void;
  readonly timers: Timers;
  readonly random: () => number;
  readonly backoff: BackoffPolicy;
}

export interface PokeStream {
  close(): void;
}

/** Splits complete `\n\n`-ended blocks off `buffer`; returns their event names and the rest. */
export function takeEvents(buffer: string): { readonly events: string[]; readonly rest: string } {
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  const events = blocks
    .map((block) => block.split('\n').filter((line) => line !== '' && !line.startsWith(':')))
    .filter((lines) => lines.length > 0)
    .map((lines) => {
      const named = lines.find((line) => line.startsWith('event:'));
      return named === undefined ? 'message' : named.slice('event:'.length).trim();
    });
  return { events, rest };
}

type StreamEnd = 'closed' | 'unauthorised' | 'unsupported';

async function readStream(
  options: PokeStreamOptions,
  signal: AbortSignal,
  onReady: () => void,
): Promise<StreamEnd> {
  const response = await options.fetch(`${options.baseUrl}/api/sync/events`, {
    headers: { authorization: `Bearer ${options.token}`, accept: 'text/event-stream' },
    signal,
  });
  if (response.status === 401) return 'unauthorised';
  if (!response.ok) return 'closed';
  if (response.body === null) return 'unsupported';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return 'closed';
    const taken = takeEvents(buffer + decoder.decode(value, { stream: true }));
    buffer = taken.rest;
    for (const event of taken.events) {
      if (event === SYNC_EVENTS.ready) onReady();
      else if (event === SYNC_EVENTS.poke) options.onPoke();
    }
  }
}

/** Opens the stream and keeps it open until `close()`. */
export function openPokeStream(options: PokeStreamOptions): PokeStream {
  const abort = new AbortController();
  let timer: unknown = null;
  let failures = 0;
  let hasConnected = false;
  const onReady = (): void => {
    if (hasConnected) options.onPoke();
    hasConnected = true;
    failures = 0;
  };
  const connect = (): void => {
    timer = null;
    void readStream(options, abort.signal, onReady)
      .catch((): StreamEnd => 'closed')
      .then((end) => {
        if (abort.signal.aborted || end !== 'closed') return;
        failures += 1;
        // At least the base wait: a server that ends streams at once must not be hammered.
        const delay = backoffDelayMs(failures, options.random, options.backoff);
        timer = options.timers.setTimeout(connect, Math.max(delay, options.backoff.baseMs));
      });
  };
  connect();
  return {
    close() {
      abort.abort();
      if (timer !== null) options.timers.clearTimeout(timer);
    },
  };
}
