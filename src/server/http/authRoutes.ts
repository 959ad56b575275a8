import type { FastifyInstance } from 'fastify';
import type { LoginResponse, MeResponse } from '../../schema/auth.ts';
import { loginRequestSchema } from '../../schema/requests.ts';
import { login, logout } from '../auth/service.ts';
import type { Session } from '../auth/service.ts';
import { parse, sessionOf, type AppDeps } from './context.ts';
import { valueOf } from './errors.ts';

function describe(session: Session): MeResponse {
  const { staff, school } = session;
  return {
    staff: {
      id: staff.id,
      name: staff.name,
      position: staff.position,
      role: staff.role,
      groups: staff.groups,
    },
    school: { id: school.id, urn: school.urn, name: school.name },
    expiresAt: session.expiresAt,
  };
}

export function registerAuthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post('/api/auth/login', async (request): Promise<LoginResponse> => {
    const body = parse(loginRequestSchema, request.body);
    const { token, session } = valueOf(await login(deps, body, request.ip));
    // The device measures its clock against this at once, before anything shows a time.
    return { token, ...describe(session), serverTime: deps.clock.nowIso() };
  });

  app.post('/api/auth/logout', async (request): Promise<{ ok: true }> => {
    await logout(deps, await sessionOf(deps, request));
    return { ok: true };
  });

  app.get('/api/me', async (request): Promise<MeResponse> =>
    describe(await sessionOf(deps, request)),
  );
}
