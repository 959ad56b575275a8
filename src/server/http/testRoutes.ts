import type { FastifyInstance } from 'fastify';
import type { TestClockResponse } from '../../schema/clock.ts';
import { testClockRequestSchema } from '../../schema/requests.ts';
import { parse, requireRole, sessionOf, type AppDeps } from './context.ts';

/**
 * `POST /api/test/clock { now }` (admin only) moves the server's clock, for tests. Registered only
 * when `ROLLCALL_TEST_CLOCK=1`; otherwise the address does not exist.
 */
export function registerTestRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post('/api/test/clock', async (request): Promise<TestClockResponse> => {
    const session = await sessionOf(deps, request);
    requireRole(session, ['admin']);
    const { now } = parse(testClockRequestSchema, request.body);
    deps.clock.set(Date.parse(now));
    await deps.closeRegisters();
    return { now: deps.clock.nowIso() };
  });
}
