/**
 * JSON errors for every failure, framework errors included: `{ error, message }` with the status
 * of docs/sync-protocol.md §1. Bad input never becomes a 5xx, and nothing about pupils goes to the
 * log.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { API_ERROR_TEXT, type ApiErrorCode } from '../../schema/errors.ts';
import type { Served, ServiceFailure } from '../failures.ts';
import { SERVER_TEXT } from './messages.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message?: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    /** Response headers that go with the error, e.g. `retry-after` on a 429. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message ?? API_ERROR_TEXT[code]);
  }
}

/**
 * The one place a service's failure becomes an HTTP answer: its status code, its `error` code
 * and the sentence staff read (the code's default text unless a more precise one is known).
 */
export function httpErrorOf(failure: ServiceFailure): HttpError {
  switch (failure.code) {
    case 'wrong-credentials':
    case 'unauthorised':
    case 'session-expired':
      return new HttpError(401, failure.code);
    case 'school-required':
    case 'unknown-school':
      return new HttpError(400, failure.code);
    case 'too-many-attempts': {
      const seconds = Math.ceil(failure.retryAfterMs / 1000);
      return new HttpError(
        429,
        'too-many-attempts',
        SERVER_TEXT.tooManyAttempts(failure.retryAfterMs),
        {},
        { 'retry-after': String(seconds) },
      );
    }
    case 'invalid-body':
      return new HttpError(400, 'invalid-body', SERVER_TEXT.invalidBody(failure.problems));
    case 'foreign-op':
      return new HttpError(400, 'invalid-body', SERVER_TEXT.foreignOp(failure.opId));
    case 'uncountable':
      return new HttpError(400, 'bad-request', failure.message);
  }
}

/** A service's value, or its failure thrown as the HTTP answer (the error handler sends it). */
export function valueOf<T>(served: Served<T>): T {
  if (served.ok) return served.value;
  throw httpErrorOf(served.error);
}

export function sendError(reply: FastifyReply, error: HttpError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply
    .code(error.status)
    .send({ error: error.code, message: error.message, ...error.extra });
}

/**
 * How much of a request body refused before it was read (413, 415) is still read and thrown away
 * so that the client, which is usually still sending, can read the answer; and for how long. A
 * server that closes the connection mid-upload leaves an ordinary client (Node's fetch, a browser)
 * with a broken pipe instead of the 413. Past either limit the connection is closed.
 */
export const DISCARD_LIMIT_BYTES = 64 * 1024 * 1024;
export const DISCARD_LIMIT_MS = 30_000;

/**
 * Reads and discards the rest of `request`'s body. Resolves true once it has all arrived, false
 * when the client went away or a limit was reached.
 */
export function discardBody(
  request: IncomingMessage,
  limitBytes = DISCARD_LIMIT_BYTES,
  limitMs = DISCARD_LIMIT_MS,
): Promise<boolean> {
  if (request.complete || request.readableEnded) return Promise.resolve(true);
  if (request.destroyed) return Promise.resolve(false);
  const announced = Number(request.headers['content-length']);
  if (Number.isFinite(announced) && announced > limitBytes) return Promise.resolve(false);
  return new Promise((resolve) => {
    let discarded = 0;
    const finish = (whole: boolean): void => {
      clearTimeout(timer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onGone);
      request.off('close', onGone);
      resolve(whole);
    };
    const onData = (chunk: Buffer | string): void => {
      discarded += chunk.length;
      if (discarded > limitBytes) finish(false);
    };
    const onEnd = (): void => {
      finish(true);
    };
    const onGone = (): void => {
      finish(request.complete);
    };
    const timer = setTimeout(() => {
      finish(false);
    }, limitMs);
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onGone);
    request.on('close', onGone);
    request.resume();
  });
}

const FRAMEWORK_ERRORS: Readonly<Record<string, readonly [number, ApiErrorCode]>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload-too-large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported-media-type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad-request'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'bad-request'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'bad-request'],
  FST_ERR_VALIDATION: [400, 'invalid-body'],
};

function frameworkError(error: FastifyError): HttpError | undefined {
  const known = FRAMEWORK_ERRORS[error.code];
  if (known !== undefined) return new HttpError(known[0], known[1]);
  if (error instanceof SyntaxError) return new HttpError(400, 'bad-request', SERVER_TEXT.notJson);
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500)
    return new HttpError(status, status === 404 ? 'not-found' : 'bad-request');
  return undefined;
}

/**
 * Answers an error that came before the body was read (too large, or not JSON): the rest of the
 * body is read and thrown away first, so the client can finish sending and read the answer. The
 * connection then stays open; if the body never finished, it is closed after the answer.
 */
async function sendBeforeBody(reply: FastifyReply, error: HttpError): Promise<FastifyReply> {
  const whole = await discardBody(reply.request.raw);
  if (whole) reply.removeHeader('connection');
  else reply.header('connection', 'close');
  return sendError(reply, error);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) return sendError(reply, error);
    const mapped = frameworkError(error);
    if (mapped !== undefined && !request.raw.complete) return sendBeforeBody(reply, mapped);
    if (mapped !== undefined) return sendError(reply, mapped);
    // A fault of ours: log what happened (never the body: it may name pupils) and say so plainly.
    request.log.error(
      { err: { message: error.message, stack: error.stack }, url: request.routeOptions.url },
      'request failed',
    );
    return reply.code(500).send({
      error: 'server-error',
      message: SERVER_TEXT.serverFault,
    });
  });
}
