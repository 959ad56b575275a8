/** A `fetch` for component tests: answers each call from a script and records the requests. */
import type { FetchLike } from '../../sync/http.ts';

export interface FakeCall {
  readonly url: string;
  readonly method: string;
  readonly body: unknown;
  readonly authorization: string | null;
}

/** One scripted answer: JSON with a status, or `'network'` for an unreachable server. */
export type FakeAnswer = { readonly status: number; readonly body: unknown } | 'network';

export interface FakeFetch {
  readonly fetch: FetchLike;
  readonly calls: FakeCall[];
}

function headerOf(init: RequestInit | undefined, name: string): string | null {
  const headers = init?.headers;
  if (headers === undefined || headers instanceof Headers || Array.isArray(headers)) return null;
  return headers[name] ?? null;
}

/**
 * Answers requests from `answer(path, call)`; a path with no answer gets 404 `not-found`.
 */
export function createFakeFetch(
  answer: (path: string, call: FakeCall) => FakeAnswer | undefined,
): FakeFetch {
  const calls: FakeCall[] = [];
  const fetch: FetchLike = (input, init) => {
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : null;
    const call: FakeCall = {
      url: input,
      method: init?.method ?? 'GET',
      body,
      authorization: headerOf(init, 'authorization'),
    };
    calls.push(call);
    const reply = answer(new URL(input, 'http://rollcall.test').pathname, call) ?? {
      status: 404,
      body: { error: 'not-found', message: 'Not found' },
    };
    if (reply === 'network') return Promise.reject(new TypeError('Failed to fetch'));
    return Promise.resolve(
      new Response(JSON.stringify(reply.body), {
        status: reply.status,
        headers: { 'content-type': 'application/json' },
      }),
    );
  };
  return { fetch, calls };
}
