/**
 * JSON errors for every failure, framework errors included: `{ error, message }` with the status
 * of design.md §4. Bad input never becomes a 5xx, and nothing about pupils goes to the log.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { API_ERROR_TEXT, type ApiErrorCode } from '../../schema/errors.ts';

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

export function sendError(reply: FastifyReply, error: HttpError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply
    .code(error.status)
    .send({ error: error.code, message: error.message, ...error.extra });
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
  if (error instanceof SyntaxError)
    return new HttpError(400, 'bad-request', 'The request body is not valid JSON.');
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500)
    return new HttpError(status, status === 404 ? 'not-found' : 'bad-request');
  return undefined;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) return sendError(reply, error);
    const mapped = frameworkError(error);
    if (mapped !== undefined) return sendError(reply, mapped);
    // A fault of ours: log what happened (never the body: it may name pupils) and say so plainly.
    request.log.error(
      { err: { message: error.message, stack: error.stack }, url: request.routeOptions.url },
      'request failed',
    );
    return reply.code(500).send({
      error: 'server-error',
      message: 'Something went wrong on the server. Nothing you sent was lost; please try again.',
    });
  });
}
