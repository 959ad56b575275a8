/**
 * The one way the client calls the API: JSON in and out, the bearer token when there is one, and
 * every failure turned into `{ code, message }` in staff's words — never a thrown network error.
 */
import { err, ok, type Result } from '../domain/result.ts';
import { API_ERROR_TEXT, type ApiErrorCode } from '../schema/errors.ts';
import { SYNC_ERROR_TEXT } from '../text/staffText.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpOptions {
  readonly method?: 'GET' | 'POST';
  readonly token?: string | null;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

/** A request that did not get a good answer, in staff's words. */
export interface HttpFailure {
  /** 0 when the server was not reached. */
  readonly status: number;
  /** The server's `error`, or `network` / `server-unavailable` / `bad-response`. */
  readonly code: string;
  readonly message: string;
  /** The whole error body, e.g. `{ expectedSeq }` of a 409. */
  readonly body: unknown;
  /** Seconds from a `Retry-After` header, when the server sent one. */
  readonly retryAfter: number | null;
}

/** A good answer's status and JSON body, or the failure. */
export type HttpResult = Result<{ readonly status: number; readonly body: unknown }, HttpFailure>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function textFor(code: string, fallback: string): string {
  return code in API_ERROR_TEXT ? API_ERROR_TEXT[code as ApiErrorCode] : fallback;
}

function retryAfterOf(response: Response): number | null {
  const header = response.headers.get('retry-after');
  if (header === null) return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** Calls `path` on `baseUrl` ('' for the page's own origin). */
export async function callApi(
  fetchFn: FetchLike,
  baseUrl: string,
  path: string,
  options: HttpOptions = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetchFn(`${baseUrl}${path}`, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    return err({
      status: 0,
      code: 'network',
      message: SYNC_ERROR_TEXT.network,
      body: null,
      retryAfter: null,
    });
  }
  let body: unknown = null;
  let readable = true;
  try {
    body = await response.json();
  } catch {
    readable = false;
  }
  if (response.ok && readable) return ok({ status: response.status, body });
  const retryAfter = retryAfterOf(response);
  if (isRecord(body) && typeof body['error'] === 'string') {
    const code = body['error'];
    const message =
      typeof body['message'] === 'string' && body['message'] !== ''
        ? body['message']
        : textFor(code, SYNC_ERROR_TEXT['server-unavailable']);
    return err({ status: response.status, code, message, body, retryAfter });
  }
  const code = response.status >= 500 || response.ok ? 'server-unavailable' : 'bad-response';
  return err({
    status: response.status,
    code,
    message: SYNC_ERROR_TEXT['server-unavailable'],
    body,
    retryAfter,
  });
}
