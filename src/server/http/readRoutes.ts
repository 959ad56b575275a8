import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { academicYearStart } from '../../domain/calendar.ts';
import { toSchoolTime } from '../../domain/clock.ts';
import { idSchema, isoDateSchema, sessionSchema } from '../../schema/primitives.ts';
import { readConflicts, readMissingRegisters, readUnexplained } from '../reads/office.ts';
import { readHistory, readRegister } from '../reads/registers.ts';
import { alertsReport, attendanceReport, marksCsv } from '../reads/reports.ts';
import { parse, requireGroup, requireRole, sessionOf, type AppDeps } from './context.ts';
import { HttpError } from './errors.ts';

const cellParams = z.object({ date: isoDateSchema, session: sessionSchema });
const registerParams = cellParams.extend({ groupId: idSchema });
const historyParams = cellParams.extend({ pupilId: idSchema });
const asOfQuery = z.object({ asOf: isoDateSchema.optional() });
const dateQuery = z.object({ date: isoDateSchema.optional() });
const rangeQuery = z.object({ from: isoDateSchema.optional(), to: isoDateSchema.optional() });
const reportQuery = rangeQuery.extend({
  by: z.enum(['pupil', 'group', 'year', 'cohort']).default('pupil'),
});

const OFFICE = ['office', 'admin'] as const;

export function registerReadRoutes(app: FastifyInstance, deps: AppDeps): void {
  const today = (timeZone: string) => toSchoolTime(deps.clock.now(), timeZone).date;
  const range = (q: { from?: string | undefined; to?: string | undefined }, timeZone: string) => {
    const to = q.to ?? today(timeZone);
    const from = q.from ?? academicYearStart(to);
    if (from > to)
      throw new HttpError(400, 'bad-request', `The period starts (${from}) after it ends (${to}).`);
    if (from < `${String(Number(to.slice(0, 4)) - 7)}-01-01`)
      throw new HttpError(400, 'bad-request', 'A report covers at most seven years.');
    return { from, to };
  };

  app.get('/api/registers/:groupId/:date/:session', async (request) => {
    const session = await sessionOf(deps, request);
    const p = parse(registerParams, request.params);
    requireGroup(session, p.groupId);
    return readRegister(deps.db, session.school, p.groupId, p.date, p.session, deps.clock.now());
  });

  app.get('/api/marks/:pupilId/:date/:session/history', async (request) => {
    const session = await sessionOf(deps, request);
    const p = parse(historyParams, request.params);
    const pupil = session.school.pupils.get(p.pupilId);
    if (pupil === undefined)
      throw new HttpError(404, 'not-found', 'There is no such pupil in your school.');
    requireGroup(session, pupil.groupId);
    return { entries: await readHistory(deps.db, session.school, p.pupilId, p.date, p.session) };
  });

  app.get('/api/office/unexplained', async (request) => {
    const session = await sessionOf(deps, request);
    requireRole(session, OFFICE);
    const q = parse(asOfQuery, request.query);
    return {
      rows: await readUnexplained(
        deps.db,
        session.school,
        q.asOf ?? today(session.school.timeZone),
      ),
    };
  });

  app.get('/api/office/conflicts', async (request) => {
    const session = await sessionOf(deps, request);
    requireRole(session, OFFICE);
    return { rows: await readConflicts(deps.db, session.school) };
  });

  app.get('/api/office/missing-registers', async (request) => {
    const session = await sessionOf(deps, request);
    requireRole(session, OFFICE);
    const q = parse(dateQuery, request.query);
    return {
      rows: await readMissingRegisters(
        deps.db,
        session.school,
        q.date ?? today(session.school.timeZone),
        deps.clock.now(),
      ),
    };
  });

  app.get('/api/reports/attendance', async (request) => {
    const session = await sessionOf(deps, request);
    requireRole(session, OFFICE);
    const q = parse(reportQuery, request.query);
    const { from, to } = range(q, session.school.timeZone);
    return {
      from,
      to,
      by: q.by,
      rows: await attendanceReport(deps.db, session.school, from, to, q.by),
    };
  });

  app.get('/api/reports/alerts', async (request) => {
    const session = await sessionOf(deps, request);
    requireRole(session, OFFICE);
    const q = parse(asOfQuery, request.query);
    const asOf = q.asOf ?? today(session.school.timeZone);
    return { asOf, ...(await alertsReport(deps.db, session.school, asOf)) };
  });

  app.get('/api/export/marks.csv', async (request, reply) => {
    const session = await sessionOf(deps, request);
    requireRole(session, OFFICE);
    const { from, to } = range(parse(rangeQuery, request.query), session.school.timeZone);
    const csv = await marksCsv(deps.db, session.school, from, to);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="marks-${from}-to-${to}.csv"`)
      .send(csv);
  });
}
