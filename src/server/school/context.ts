/**
 * A school's reference data, loaded once and kept while its `ref_version` is unchanged: the rules
 * for every op and every read need the calendar, session times, settings, groups, pupils and
 * staff. Another server process may re-import a school, so each use checks the version (one
 * indexed row) and reloads when it moved.
 */
import type { Kysely } from 'kysely';
import {
  buildCalendar,
  sessionsOn,
  type SchoolCalendar,
  type Session,
} from '../../domain/calendar.ts';
import type { IsoDate } from '../../domain/dates.ts';
import type { Result } from '../../domain/result.ts';
import type { SchoolSettings } from '../../domain/settings.ts';
import { timesFor, type SchoolSessionTimes, type SessionTimes } from '../../domain/sessionTimes.ts';
import type { Contact, Role } from '../../schema/bundle.ts';
import type { Database } from '../store/schema.ts';

export interface GroupInfo {
  readonly id: string;
  readonly name: string;
  readonly yearGroup: number;
  readonly sessionTimes: Partial<SchoolSessionTimes> | null;
}

export interface PupilInfo {
  readonly id: string;
  readonly upn: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly preferredName: string | null;
  readonly dateOfBirth: IsoDate;
  readonly sex: string;
  readonly groupId: string;
  readonly admissionDate: IsoDate;
  readonly leavingDate: IsoDate | null;
  readonly flags: Readonly<Record<string, boolean>>;
  readonly contacts: readonly Contact[];
}

export interface StaffInfo {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly position: string;
  readonly role: Role;
  readonly groups: readonly string[];
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
    JSON.parse(school.calendar) as Parameters<typeof buildCalendar>[0],
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
    settings: JSON.parse(school.settings) as SchoolSettings,
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
              : (JSON.parse(g.session_times) as Partial<SchoolSessionTimes>),
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
          flags: JSON.parse(p.flags) as Record<string, boolean>,
          contacts: JSON.parse(p.contacts) as Contact[],
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
          role: s.role as Role,
          groups: JSON.parse(s.groups) as string[],
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
