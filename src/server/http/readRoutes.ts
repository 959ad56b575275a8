import type { FastifyInstance } from 'fastify';
import { academicYearStart } from '../../domain/calendar.ts';
import { toSchoolTime } from '../../domain/clock.ts';
import {
  type AlertsReport,
  type AttendanceReport,
  type ConflictsResponse,
  type HistoryResponse,
  type MissingRegistersResponse,
  type RegisterResponse,
  type UnexplainedResponse,
} from '../../schema/reads.ts';
import {
  asOfQuerySchema,
  dateQuerySchema,
  historyParamsSchema,
  rangeQuerySchema,
  registerParamsSchema,
  reportQuerySchema,
} from '../../schema/requests.ts';
import { readConflicts, readMissingRegisters, readUnexplained } from '../reads/office.ts';
import { readHistory, readRegister } from '../reads/registers.ts';
import { alertsReport, attendanceReport, marksCsv } from '../reads/reports.ts';
import { parse, requireGroup, requireRole, sessionOf, type AppDeps } from './context.ts';
import { HttpError, valueOf } from './errors.ts';
import { SERVER_TEXT } from './messages.ts';

const OFFICE = ['office', 'admin'] as const;

export function registerReadRoutes(app: FastifyInstance, deps: AppDeps): void {
  const today = (timeZone: string) => toSchoolTime(deps.clock.now(), timeZone).date;
  const range = (q: { from?: string | undefined; to?: string | undefined }, timeZone: string) => {
    const to = q.to ?? today(timeZone);
    const from = q.from ?? academicYearStart(to);
    if (from > to) throw new HttpError(400, 'bad-request', SERVER_TEXT.periodBackwards(from, to));
    if (from < `${String(Number(to.slice(0, 4)) - 7)}-01-01`)
      throw new HttpError(400, 'bad-request', SERVER_TEXT.periodTooLong);
    return { from, to };
  };

  app.get('/api/registers/:groupId/:date/:session', async (request): Promise<RegisterResponse> => {
    const session = await sessionOf(deps, request);
    const p = parse(registerParamsSchema, request.params);
    requireGroup(session, p.groupId);
    return readRegister(deps.db, session.school, p.groupId, p.date, p.session, deps.clock.now());
  });

  app.get(
    '/api/marks/:pupilId/:date/:session/history',
    async (request): Promise<HistoryResponse> => {
      const session = await sessionOf(deps, request);
      const p = parse(historyParamsSchema, request.params);
      const pupil = session.school.pupils.get(p.pupilId);
      if (pupil === undefined) throw new HttpError(404, 'not-found', SERVER_TEXT.noSuchPupil);
      requireGroup(session, pupil.groupId);
      return { entries: await readHistory(deps.db, session.school, p.pupilId, p.date, p.session) };
    },
  );

  app.get('/api/office/unexplained', async (request): Promise<UnexplainedResponse> => {
    const session = await sessionOf(deps, request);
    requireRole(session, OFFICE);
    const q = parse(asOfQuerySchema, request.query);
    return {
      rows: await readUnexplained(
        deps.db,
        session.school,
        q.asOf ?? today(session.school.timeZone),
      ),
    };
  });

  app.get('/api/office/conflicts', async (request): Promise<ConflictsResponse> => {
    const session = await sessionOf(deps, request);
    requireRole(session, OFFICE);
    return { rows: await readConflicts(deps.db, session.school) };
  });

  app.get('/api/office/missing-registers', async (request): Promise<MissingRegistersResponse> => {
    const session = await sessionOf(deps, request);
    requireRole(session, OFFICE);
    const q = parse(dateQuerySchema, request.query);
    return {
      rows: await readMissingRegisters(
        deps.db,
        session.school,
        q.date ?? today(session.school.timeZone),
        deps.clock.now(),
      ),
    };
  });

  app.get('/api/reports/attendance', async (request): Promise<AttendanceReport> => {
    const session = await sessionOf(deps, request);
    requireRole(session, OFFICE);
    const q = parse(reportQuerySchema, request.query);
    const { from, to } = range(q, session.school.timeZone);
    return {
      from,
      to,
      by: q.by,
      rows: valueOf(await attendanceReport(deps.db, session.school, from, to, q.by)),
    };
  });

  app.get('/api/reports/alerts', async (request): Promise<AlertsReport> => {
    const session = await sessionOf(deps, request);
    requireRole(session, OFFICE);
    const q = parse(asOfQuerySchema, request.query);
    const asOf = q.asOf ?? today(session.school.timeZone);
    return { asOf, ...valueOf(await alertsReport(deps.db, session.school, asOf)) };
  });

  app.get('/api/export/marks.csv', async (request, reply) => {
    const session = await sessionOf(deps, request);
    requireRole(session, OFFICE);
    const { from, to } = range(parse(rangeQuerySchema, request.query), session.school.timeZone);
    const csv = await marksCsv(deps.db, session.school, from, to);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="marks-${from}-to-${to}.csv"`)
      .send(csv);
  });
}
