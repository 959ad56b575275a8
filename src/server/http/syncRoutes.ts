import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION } from '../../schema/op.ts';
import { SYNC_EVENTS } from '../../schema/protocol.ts';
import {
  type GapResponse,
  type PullPage,
  type PushResponse,
  type ReadyEvent,
} from '../../schema/sync.ts';
import { pullQuerySchema, pushEnvelopeSchema } from '../../schema/requests.ts';
import { encodeNotice } from '../sync/events.ts';
import { readOps } from '../sync/incoming.ts';
import { pull } from '../sync/pull.ts';
import { applyPush } from '../sync/push.ts';
import { parse, sessionOf, type AppDeps } from './context.ts';
import { HttpError, valueOf } from './errors.ts';
import { SERVER_TEXT } from './messages.ts';

const KEEPALIVE_MS = 20_000;

export function registerSyncRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post('/api/sync/push', async (request, reply) => {
    const session = await sessionOf(deps, request);
    const protocol = (request.body as { protocol?: unknown } | null)?.protocol;
    if (typeof protocol === 'number' && protocol < PROTOCOL_VERSION)
      throw new HttpError(426, 'protocol-too-old');
    const body = parse(pushEnvelopeSchema, request.body);
    if (body.protocol !== PROTOCOL_VERSION)
      throw new HttpError(
        400,
        'bad-request',
        SERVER_TEXT.otherProtocol(body.protocol, PROTOCOL_VERSION),
      );
    const items = valueOf(readOps(body.deviceId, body.ops));
    const outcome = await applyPush(deps.db, session, body.deviceId, items, deps.clock.now());
    // A call changes no register: with no group named, only those who see the whole school are
    // poked (the office and admin, who pull calls, and reception).
    if (outcome.changedGroups.size > 0 || outcome.isSchoolNews) {
      deps.hub.poke(session.school.id, outcome.changedGroups);
      await deps.store.notify(encodeNotice(session.school.id, outcome.changedGroups));
    }
    const serverTime = deps.clock.nowIso();
    if (outcome.expectedSeq !== undefined) {
      const gap: GapResponse = {
        error: 'sequence-gap',
        message: SERVER_TEXT.sequenceGap(outcome.expectedSeq),
        expectedSeq: outcome.expectedSeq,
        results: outcome.results,
        serverTime,
      };
      return reply.code(409).send(gap);
    }
    const answer: PushResponse = { results: outcome.results, serverTime };
    return answer;
  });

  app.get('/api/sync/pull', async (request): Promise<PullPage> => {
    const session = await sessionOf(deps, request);
    const query = parse(pullQuerySchema, request.query);
    const page = await pull(deps.db, session, query.cursor, query.limit);
    return { ...page, serverTime: deps.clock.nowIso() };
  });

  // Event streams are hijacked from Fastify, so closing the server would wait on them for ever:
  // end them when it closes (clients reconnect to another process or after the restart).
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', (done) => {
    for (const stream of streams) stream.end();
    done();
  });

  app.get('/api/sync/events', async (request, reply) => {
    const session = await sessionOf(deps, request);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const ready: ReadyEvent = { serverTime: deps.clock.nowIso() };
    raw.write(`event: ${SYNC_EVENTS.ready}\ndata: ${JSON.stringify(ready)}\n\n`);
    const groups = session.staff.role === 'teacher' ? new Set(session.staff.groups) : null;
    const unsubscribe = deps.hub.subscribe(session.school.id, {
      groups,
      poke: () => raw.write(`event: ${SYNC_EVENTS.poke}\ndata: {}\n\n`),
    });
    const keepalive = setInterval(() => raw.write(': keepalive\n\n'), KEEPALIVE_MS);
    streams.add(raw);
    request.raw.on('close', () => {
      streams.delete(raw);
      clearInterval(keepalive);
      unsubscribe();
    });
  });
}
