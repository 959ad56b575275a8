/**
 * The HTTP layer's own answers, before and around the routes: same-origin only, security headers
 * and a strict Content-Security-Policy, JSON bodies that must be valid UTF-8, and JSON errors for
 * what the router and Node refuse before a route runs (docs/sync-protocol.md §1).
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';
import { HttpError, sendError } from './errors.ts';
import { SERVER_TEXT } from './messages.ts';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function originHost(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return '';
  }
}

export function installSecurity(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    // Same origin only: a browser sends Origin on cross-site requests; refuse them outright.
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== 'null') {
      if (originHost(origin) !== request.headers.host) {
        done(new HttpError(403, 'forbidden', SERVER_TEXT.otherSite));
        return;
      }
    }
    done();
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if (reply.request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

/**
 * Errors raised before routing (an address that is not valid percent-encoding, an over-long path
 * segment) get the same `{ error, message }` body as every other error.
 */
export function routerError(error: FastifyError): HttpError {
  return error.code === 'FST_ERR_MAX_PARAM_LENGTH'
    ? new HttpError(404, 'not-found', SERVER_TEXT.addressPartTooLong)
    : new HttpError(400, 'bad-request', SERVER_TEXT.addressNotValid);
}

/** Errors Node raises while reading the request itself (headers too large, timeouts). */
export function clientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, text, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', SERVER_TEXT.headersTooLong]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', SERVER_TEXT.requestTimeout]
        : [400, 'Bad Request', SERVER_TEXT.notUnderstood];
  const body = JSON.stringify({ error: 'bad-request', message });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${String(status)} ${text}\r\nContent-Length: ${String(Buffer.byteLength(body))}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}

/**
 * JSON bodies must be valid UTF-8. Fastify's own parser decodes bad bytes as U+FFFD, which would
 * store text that is not what was sent; here they are refused with 400. The JSON itself is parsed
 * by Fastify's parser as before (`__proto__` and `constructor.prototype` keys refused).
 */
export function installStrictJson(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new HttpError(400, 'bad-request', SERVER_TEXT.notUtf8), undefined);
      return;
    }
    void parseJson(request, text, done);
  });
}

/**
 * Unknown addresses: the API's get a JSON 404; any other `GET`, when the built client is served,
 * gets the app shell, so the PWA's own routes resolve in the browser.
 */
export function installNotFound(app: FastifyInstance, servesClient: boolean): void {
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !servesClient || request.method !== 'GET') {
      return sendError(
        reply,
        new HttpError(
          404,
          'not-found',
          SERVER_TEXT.noSuchAddress(request.method, request.url.split('?')[0] ?? ''),
        ),
      );
    }
    return reply.sendFile('index.html'); // client-side routes get the app shell
  });
}
