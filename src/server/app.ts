/**
 * The HTTP server: the JSON API under /api and the built PWA for everything else, with security
 * headers, a strict Content-Security-Policy, a body-size limit and JSON-only errors.
 */
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { HealthResponse } from '../schema/clock.ts';
import { LoginLimiter } from './auth/loginLimiter.ts';
import type { ServerClock } from './clock.ts';
import { registerAuthRoutes } from './http/authRoutes.ts';
import type { AppDeps } from './http/context.ts';
import { installErrorHandling, sendError } from './http/errors.ts';
import {
  clientError,
  installNotFound,
  installSecurity,
  installStrictJson,
  routerError,
} from './http/hooks.ts';
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
  installNotFound(app, options.staticDir !== undefined);

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
