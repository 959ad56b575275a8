/**
 * Test doubles for the sync engine's unit tests: a scripted server that keeps `deviceSeq` like
 * the real one, timers that fire only when told, and Web Locks / BroadcastChannel stand-ins
 * shared by the "tabs" of one test.
 */
import type { Op } from '../schema/op.ts';
import type { PushResult } from '../schema/sync.ts';
import type { FetchLike } from './http.ts';
import type { ChannelLike, LocksLike } from './leader.ts';
import type { Timers } from './loop.ts';

export const SERVER_TIME = '2026-11-23T08:55:00.000Z';

interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

/** A pretend server: applies pushes in `deviceSeq` order per author, answers pulls with nothing. */
export class FakeServer {
  readonly pushes: { token: string | null; ops: Op[] }[] = [];
  readonly pulls: string[] = [];
  readonly applied: string[] = [];
  readonly lastSeq = new Map<string, number>();
  /** When set, answers every push with this instead. */
  pushReply: Reply | null = null;
  pullReply: Reply | null = null;
  /** Ops the server cannot read: a push holding any of them gets 400. */
  readonly unreadable = new Set<string>();
  /** Ops refused with this reason. */
  readonly refuse = new Map<string, string>();
  /** Answers duplicates as servers before `original` did: without the original's outcome. */
  omitsOriginal = false;
  /** What each op's first receipt came to, repeated on its duplicates as the real server does. */
  readonly #firsts = new Map<string, PushResult>();
  serverTime = SERVER_TIME;
  cursor = 0;

  readonly fetch: FetchLike = (input, init) => {
    const headers = new Headers(init?.headers);
    const token = headers.get('authorization')?.replace('Bearer ', '') ?? null;
    const reply = input.includes('/api/sync/push')
      ? this.#push(
          token,
          JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { ops: Op[] },
        )
      : this.#pull(input);
    return Promise.resolve(
      new Response(JSON.stringify(reply.body), {
        status: reply.status,
        headers: { 'content-type': 'application/json', ...reply.headers },
      }),
    );
  };

  #push(token: string | null, body: { ops: Op[] }): Reply {
    this.pushes.push({ token, ops: body.ops });
    if (this.pushReply !== null) return this.pushReply;
    if (body.ops.some((op) => this.unreadable.has(op.opId)))
      return { status: 400, body: { error: 'invalid-body', message: 'ops.0.code: not a code.' } };
    const results: PushResult[] = [];
    for (const op of body.ops) {
      const key = `${op.deviceId}|${token ?? ''}`;
      const last = this.lastSeq.get(key) ?? 0;
      if (op.deviceSeq <= last) results.push(this.#duplicate(op.opId));
      else if (op.deviceSeq > last + 1) {
        const message = 'Changes are missing.';
        const gap = { error: 'sequence-gap', message, expectedSeq: last + 1, results };
        return { status: 409, body: { ...gap, serverTime: this.serverTime } };
      } else {
        this.lastSeq.set(key, op.deviceSeq);
        const reason = this.refuse.get(op.opId);
        if (reason === undefined) this.applied.push(op.opId);
        const result: PushResult =
          reason === undefined
            ? { opId: op.opId, status: 'applied' }
            : { opId: op.opId, status: 'rejected', code: 'register-closed', reason };
        this.#firsts.set(op.opId, result);
        results.push(result);
      }
    }
    return { status: 200, body: { results, serverTime: this.serverTime } };
  }

  #duplicate(opId: string): PushResult {
    const first = this.#firsts.get(opId);
    if (this.omitsOriginal || first === undefined) return { opId, status: 'duplicate' };
    const original = first.status === 'applied' ? 'applied' : 'rejected';
    return { ...first, status: 'duplicate', original };
  }

  #pull(url: string): Reply {
    this.pulls.push(url);
    if (this.pullReply !== null) return this.pullReply;
    this.cursor += 1;
    const page = { changes: [], cursor: this.cursor, hasMore: false, serverTime: this.serverTime };
    return { status: 200, body: page };
  }
}

/** Timers that fire only when a test calls `fire()`. */
export class ManualTimers implements Timers {
  readonly #due = new Map<number, { callback: () => void; ms: number }>();
  #next = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#due.set(id, { callback, ms });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#due.delete(handle as number);
  }

  /** The delays of the timers waiting now. */
  get pending(): number[] {
    return [...this.#due.values()].map((t) => t.ms);
  }

  /** Fires every timer with this delay (or all). */
  fire(ms?: number): void {
    for (const [id, timer] of [...this.#due]) {
      if (ms !== undefined && timer.ms !== ms) continue;
      this.#due.delete(id);
      timer.callback();
    }
  }
}

/** Web Locks for the tabs of one test: one holder per name, waiters in order. */
export class FakeLocks implements LocksLike {
  readonly #held = new Set<string>();
  readonly #waiting = new Map<string, (() => void)[]>();

  async request(
    name: string,
    options: { readonly ifAvailable?: boolean; readonly signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<unknown> {
    if (this.#held.has(name)) {
      if (options.ifAvailable === true) return callback(null);
      await this.#wait(name, options.signal);
    }
    this.#held.add(name);
    try {
      await callback({ name });
      return null;
    } finally {
      this.#held.delete(name);
      this.#waiting.get(name)?.shift()?.();
    }
  }

  #wait(name: string, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const queue = this.#waiting.get(name) ?? [];
      this.#waiting.set(name, queue);
      const wake = (): void => {
        resolve();
      };
      queue.push(wake);
      signal?.addEventListener('abort', () => {
        queue.splice(queue.indexOf(wake), 1);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }
}

/** BroadcastChannel for the tabs of one test: a message reaches every other channel of the name. */
export class FakeChannels {
  readonly #open = new Map<string, Set<ChannelLike>>();

  readonly open = (name: string): ChannelLike => {
    const peers = this.#open.get(name) ?? new Set<ChannelLike>();
    this.#open.set(name, peers);
    const channel: ChannelLike = {
      onmessage: null,
      postMessage(message) {
        for (const peer of peers)
          if (peer !== channel) peer.onmessage?.(new MessageEvent('message', { data: message }));
      },
      close() {
        peers.delete(channel);
      },
    };
    peers.add(channel);
    return channel;
  };
}
