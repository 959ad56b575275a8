/**
 * The HTTP server: the JSON API under /api and the built PWA for everything else, with security
 * headers, a strict Content-Security-Policy, a body-size limit and JSON-only errors.
 */
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';
import type { HealthResponse } from '../schema/clock.ts';
import { LoginLimiter } from './auth/loginLimiter.ts';
import type { ServerClock } from './clock.ts';
import { registerAuthRoutes } from './http/authRoutes.ts';
import type { AppDeps } from './http/context.ts';
import { HttpError, installErrorHandling, sendError } from './http/errors.ts';
import { registerReadRoutes } from './http/readRoutes.ts';
import { registerSyncRoutes } from './http/syncRoutes.ts';
import { registerTestRoutes } from './http/testRoutes.ts';
import { closeDueRegisters } from './registers/closeJob.ts';
import { SchoolContexts } from './school/context.ts';
import type { OpenedDatabase } from './store/open.ts';
import { EventHub, decodeNotice, encodeNotice } from './sync/events.ts';

export interface AppOptions {
  readonly store: OpenedDatabase;
  readonly clock: ServerClock;
  /** Folder holding the built client (`vite build` output); omitted in API-only tests. */
  readonly staticDir?: string;
  readonly testClock?: boolean;
  readonly tokenTtlMs?: number;
  readonly logLevel?: string;
  /**
   * Take the client address from `X-Forwarded-For` (behind a load balancer or reverse proxy).
   * Off by default: a client reaching the server directly could otherwise name any address and
   * slip past the per-address sign-in limit.
   */
  readonly trustProxy?: boolean;
  /** How often the register close job runs (ms); 0 disables the timer (tests drive it). */
  readonly closeEveryMs?: number;
}

export interface RollcallServer {
  readonly app: FastifyInstance;
  readonly deps: AppDeps;
  close(): Promise<void>;
}

export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

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

function installSecurity(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    // Same origin only: a browser sends Origin on cross-site requests; refuse them outright.
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== 'null') {
      if (originHost(origin) !== request.headers.host) {
        done(new HttpError(403, 'forbidden', 'Requests from other sites are not accepted.'));
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
function routerError(error: FastifyError): HttpError {
  return error.code === 'FST_ERR_MAX_PARAM_LENGTH'
    ? new HttpError(404, 'not-found', 'No such address: a part of it is too long.')
    : new HttpError(400, 'bad-request', 'The address is not valid.');
}

/** Errors Node raises while reading the request itself (headers too large, timeouts). */
function clientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, text, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The address or headers sent are too long.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request took too long to arrive.']
        : [400, 'Bad Request', 'The request could not be understood.'];
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
function installStrictJson(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new HttpError(400, 'bad-request', 'The request body is not valid UTF-8.'), undefined);
      return;
    }
    void parseJson(request, text, done);
  });
}

export async function buildServer(options: AppOptions): Promise<RollcallServer> {
  const { store, clock } = options;
  const app = Fastify({
    logger: { level: options.logLevel ?? 'silent' },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: options.trustProxy ?? false,
    frameworkErrors: (error, _request, reply) => {
      void sendError(reply, routerError(error));
    },
    clientErrorHandler: clientError,
  });
  // JSON only: without this Fastify parses text/plain too, and a text body got 400, not 415.
  app.removeContentTypeParser('text/plain');
  installStrictJson(app);
  const contexts = new SchoolContexts(store.db);
  const hub = new EventHub();
  const closeRegisters = async (): Promise<void> => {
    const changed = await closeDueRegisters(store.db, contexts, clock.now());
    for (const schoolId of changed) {
      hub.poke(schoolId, null);
      await store.notify(encodeNotice(schoolId, null));
    }
  };
  const deps: AppDeps = {
    db: store.db,
    store,
    contexts,
    clock,
    hub,
    limiter: new LoginLimiter(),
    tokenTtlMs: options.tokenTtlMs ?? 12 * 3600_000,
    config: { testClock: options.testClock === true },
    closeRegisters,
  };

  installErrorHandling(app);
  installSecurity(app);
  app.get('/api/health', (): HealthResponse => ({ ok: true, serverTime: clock.nowIso() }));
  registerAuthRoutes(app, deps);
  registerSyncRoutes(app, deps);
  registerReadRoutes(app, deps);
  if (options.testClock === true) registerTestRoutes(app, deps);
  if (options.staticDir !== undefined)
    await app.register(fastifyStatic, { root: options.staticDir, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (
      request.url.startsWith('/api/') ||
      options.staticDir === undefined ||
      request.method !== 'GET'
    ) {
      return sendError(
        reply,
        new HttpError(
          404,
          'not-found',
          `No such address: ${request.method} ${request.url.split('?')[0] ?? ''}`,
        ),
      );
    }
    return reply.sendFile('index.html'); // client-side routes get the app shell
  });

  const stopListening = await store.listen((payload) => {
    const notice = decodeNotice(payload);
    hub.poke(notice.schoolId, notice.groups);
  });
  await closeRegisters();
  const every = options.closeEveryMs ?? 30_000;
  const runCloseJob = (): void => {
    closeRegisters().catch((error: unknown) => {
      app.log.error({ err: error }, 'register close failed');
    });
  };
  const timer = every > 0 ? setInterval(runCloseJob, every) : undefined;
  // Hourly housekeeping (VACUUM on PGlite, which has no autovacuum).
  const maintenance =
    every > 0
      ? setInterval(() => {
          store.maintain().catch((error: unknown) => {
            app.log.error({ err: error }, 'database maintenance failed');
          });
        }, 3600_000)
      : undefined;

  return {
    app,
    deps,
    async close() {
      if (timer !== undefined) clearInterval(timer);
      if (maintenance !== undefined) clearInterval(maintenance);
      await app.close();
      await stopListening();
    },
  };
}
