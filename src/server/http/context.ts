/**
 * What every route handler needs, and the checks they share: the signed-in session and the read
 * rights of docs/sync-protocol.md §8.
 */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Role } from '../../schema/reference.ts';
import type { AuthDeps, Session } from '../auth/service.ts';
import { authenticate } from '../auth/service.ts';
import type { ServerConfig } from '../config.ts';
import type { OpenedDatabase } from '../store/open.ts';
import type { EventHub } from '../sync/events.ts';
import { HttpError, httpErrorOf, valueOf } from './errors.ts';
import { SERVER_TEXT } from './messages.ts';

export interface AppDeps extends AuthDeps {
  readonly store: OpenedDatabase;
  readonly hub: EventHub;
  readonly config: Pick<ServerConfig, 'testClock'>;
  /** Runs the register close job now (after the test clock moves, and on a timer). */
  readonly closeRegisters: () => Promise<void>;
}

/** The request's signed-in session, or the 401 that says why there is none. */
export async function sessionOf(deps: AppDeps, request: FastifyRequest): Promise<Session> {
  return valueOf(await authenticate(deps, request.headers.authorization));
}

export function requireRole(session: Session, roles: readonly Role[]): void {
  if (!roles.includes(session.staff.role)) throw new HttpError(403, 'forbidden');
}

/** Teachers see their own groups; reception, office and admin the whole school. */
export function requireGroup(session: Session, groupId: string): void {
  if (!session.school.groups.has(groupId))
    throw new HttpError(404, 'not-found', SERVER_TEXT.noSuchGroup);
  if (session.staff.role === 'teacher' && !session.staff.groups.includes(groupId)) {
    throw new HttpError(403, 'forbidden', SERVER_TEXT.notYourGroup);
  }
}

/** Parses input with zod, turning problems into one 400 that names each bad field. */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 10).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  throw httpErrorOf({ code: 'invalid-body', problems });
}
