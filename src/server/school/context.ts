/**
 * A school's reference data, loaded once and kept while its `ref_version` is unchanged: the rules
 * for every op and every read need the calendar, session times, settings, groups, pupils and
 * staff. Another server process may re-import a school, so each use checks the version (one
 * indexed row) and reloads when it moved.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  buildCalendar,
  sessionsOn,
  type SchoolCalendar,
  type Session,
} from '../../domain/calendar.ts';
import type { IsoDate } from '../../domain/dates.ts';
import type { Result } from '../../domain/result.ts';
import type { SchoolSettings } from '../../domain/settings.ts';
import { timesFor, type SessionTimes } from '../../domain/sessionTimes.ts';
import {
  calendarInputSchema,
  groupRecordSchema,
  pupilRecordSchema,
  roleSchema,
  staffRecordSchema,
  type GroupRecord,
  type PupilRecord,
  type StaffRecord,
} from '../../schema/reference.ts';
import { schoolSettingsSchema } from '../../schema/settings.ts';
import type { Database } from '../store/schema.ts';

/** A group as the rules need it: the shared record (`src/schema/reference.ts`). */
export type GroupInfo = GroupRecord;

/** A pupil: the shared record, as a pull sends it. */
export type PupilInfo = PupilRecord;

/** A member of staff: the shared record, with the username they sign in with. */
export interface StaffInfo extends StaffRecord {
  readonly username: string;
}

export interface SchoolContext {
  readonly id: string;
  readonly urn: string;
  readonly name: string;
  readonly timeZone: string;
  readonly liveFrom: IsoDate;
  readonly refVersion: number;
  readonly settings: SchoolSettings;
  readonly calendar: SchoolCalendar;
  readonly groups: ReadonlyMap<string, GroupInfo>;
  readonly pupils: ReadonlyMap<string, PupilInfo>;
  readonly staff: ReadonlyMap<string, StaffInfo>;
  /** Each group's resolved session times, worked out on first use (every op needs them). */
  readonly timesCache: Map<string, Result<SessionTimes>>;
  /** The school sessions of each date inside the calendar, worked out on first use. */
  readonly sessionsCache: Map<IsoDate, readonly Session[]>;
}

/** The session times that apply to a group (its override, else the school's). */
export function groupTimes(
  school: SchoolContext,
  groupId: string,
  session: Session,
): Result<SessionTimes> {
  const key = `${groupId}|${session}`;
  let times = school.timesCache.get(key);
  if (times === undefined) {
    times = timesFor(
      school.settings.sessionTimes,
      school.groups.get(groupId)?.sessionTimes,
      session,
    );
    if (school.groups.has(groupId)) school.timesCache.set(key, times);
  }
  return times;
}

/**
 * Is `date` `session` a school session? Dates inside the calendar are remembered (a school year is
 * a few hundred of them); any other date is worked out each time, so the cache cannot grow with
 * whatever dates a device sends.
 */
export function isSchoolSessionOf(school: SchoolContext, date: IsoDate, session: Session): boolean {
  const { calendar } = school;
  if (date < calendar.first || date > calendar.last)
    return sessionsOn(calendar, date).includes(session);
  let sessions = school.sessionsCache.get(date);
  if (sessions === undefined) {
    sessions = sessionsOn(calendar, date);
    school.sessionsCache.set(date, sessions);
  }
  return sessions.includes(session);
}

/**
 * A stored column read back with the shared schema the device checks the same data with. The
 * server wrote it through the same schemas, so a value that fails is a broken invariant: thrown.
 */
function stored<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(
    `stored ${where} is invalid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
  );
}

/** A JSON column read back with its schema. */
function storedJson<S extends z.ZodType>(schema: S, text: string, where: string): z.output<S> {
  return stored(schema, JSON.parse(text), where);
}

async function load(db: Kysely<Database>, schoolId: string): Promise<SchoolContext | undefined> {
  const school = await db
    .selectFrom('schools')
    .selectAll()
    .where('id', '=', schoolId)
    .executeTakeFirst();
  if (school === undefined) return undefined;
  const [groups, pupils, staff] = await Promise.all([
    db.selectFrom('groups').selectAll().where('school_id', '=', schoolId).execute(),
    db.selectFrom('pupils').selectAll().where('school_id', '=', schoolId).execute(),
    db
      .selectFrom('staff')
      .select(['id', 'username', 'name', 'position', 'role', 'groups'])
      .where('school_id', '=', schoolId)
      .where('active', '=', true)
      .execute(),
  ]);
  const calendar = buildCalendar(
    storedJson(calendarInputSchema, school.calendar, `calendar of ${schoolId}`),
  );
  if (!calendar.ok)
    throw new Error(`stored calendar of ${schoolId} is invalid: ${calendar.error.message}`);
  return {
    id: school.id,
    urn: school.urn,
    name: school.name,
    timeZone: school.time_zone,
    liveFrom: school.live_from,
    refVersion: school.ref_version,
    settings: storedJson(schoolSettingsSchema, school.settings, `settings of ${schoolId}`),
    calendar: calendar.value,
    groups: new Map(
      groups.map((g) => [
        g.id,
        {
          id: g.id,
          name: g.name,
          yearGroup: g.year_group,
          sessionTimes:
            g.session_times === null
              ? null
              : storedJson(
                  groupRecordSchema.shape.sessionTimes,
                  g.session_times,
                  `session times of group ${g.id}`,
                ),
        },
      ]),
    ),
    pupils: new Map(
      pupils.map((p) => [
        p.id,
        {
          id: p.id,
          upn: p.upn,
          givenName: p.given_name,
          familyName: p.family_name,
          preferredName: p.preferred_name,
          dateOfBirth: p.date_of_birth,
          sex: p.sex,
          groupId: p.group_id,
          admissionDate: p.admission_date,
          leavingDate: p.leaving_date,
          flags: storedJson(pupilRecordSchema.shape.flags, p.flags, `flags of pupil ${p.id}`),
          contacts: storedJson(
            pupilRecordSchema.shape.contacts,
            p.contacts,
            `contacts of pupil ${p.id}`,
          ),
        },
      ]),
    ),
    timesCache: new Map(),
    sessionsCache: new Map(),
    staff: new Map(
      staff.map((s) => [
        s.id,
        {
          id: s.id,
          username: s.username,
          name: s.name,
          position: s.position,
          role: stored(roleSchema, s.role, `role of staff ${s.id}`),
          groups: storedJson(staffRecordSchema.shape.groups, s.groups, `groups of staff ${s.id}`),
        },
      ]),
    ),
  };
}

/** Caches contexts per school, reloading when the school's reference data changes. */
export class SchoolContexts {
  readonly #cache = new Map<string, SchoolContext>();

  constructor(private readonly db: Kysely<Database>) {}

  async get(schoolId: string): Promise<SchoolContext | undefined> {
    const cached = this.#cache.get(schoolId);
    if (cached !== undefined) {
      const row = await this.db
        .selectFrom('schools')
        .select('ref_version')
        .where('id', '=', schoolId)
        .executeTakeFirst();
      if (row?.ref_version === cached.refVersion) return cached;
    }
    const fresh = await load(this.db, schoolId);
    if (fresh === undefined) this.#cache.delete(schoolId);
    else this.#cache.set(schoolId, fresh);
    return fresh;
  }
}
