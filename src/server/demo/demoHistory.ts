/**
 * A believable register history for the demo school, from the first day of term up to `untilMs`
 * (sessions whose register has closed by then): most pupils present, some late (a few often),
 * illness in runs of days phoned in by parents, appointments, a term-time holiday, a few
 * persistent and two severe absentees, `N`s converted by the office the next day — except the
 * last few days' (inside their deadline) and a handful left past it — and one conflict between
 * a teacher's tablet and the office.
 */
import { buildCalendar, isSchoolDay, sessionsOn, type Session } from '../../domain/calendar.ts';
import { fromSchoolTime } from '../../domain/clock.ts';
import { addDays, formatHhmm, type IsoDate } from '../../domain/dates.ts';
import {
  arrivalCode,
  presentCode,
  timesFor,
  type SessionTimes,
} from '../../domain/sessionTimes.ts';
import type { Amendment } from '../../schema/amendment.ts';
import type { SchoolBundle } from '../../schema/bundle.ts';
import { seededRandom } from './demoSchool.ts';

type Profile = { absence: number; late: number };

function profileOf(index: number, random: () => number): Profile {
  if (index % 160 === 11) return { absence: 0.55, late: 0.05 }; // severe absence
  if (index % 23 === 5) return { absence: 0.12 + random() * 0.1, late: 0.06 }; // persistent absence
  if (index % 37 === 3) return { absence: 0.03, late: 0.2 }; // often late
  return { absence: random() * 0.05, late: 0.02 };
}

interface Builder {
  readonly out: Amendment[];
  seq: number;
}

function add(
  b: Builder,
  a: Omit<
    Amendment,
    | 'seq'
    | 'outcome'
    | 'lateSync'
    | 'receivedAt'
    | 'deviceSeq'
    | 'minutesLate'
    | 'arrivedAt'
    | 'note'
  > &
    Partial<Amendment>,
): Amendment {
  const amendment: Amendment = {
    arrivedAt: null,
    minutesLate: null,
    note: null,
    deviceSeq: null,
    outcome: 'current',
    lateSync: false,
    receivedAt: a.recordedAt,
    seq: b.seq++,
    ...a,
  };
  b.out.push(amendment);
  return amendment;
}

function at(date: IsoDate, minutes: number): string {
  const instant = fromSchoolTime(date, formatHhmm(Math.min(minutes, 23 * 60 + 59)));
  return new Date(instant.ok ? instant.value : 0).toISOString();
}

export interface DemoHistoryOptions {
  readonly bundle: SchoolBundle;
  readonly untilMs: number;
  readonly firstSeq: number;
}

/** Generates the amendments (in server order, `seq` from `firstSeq`) for every closed register. */
export function demoHistory({ bundle, untilMs, firstSeq }: DemoHistoryOptions): Amendment[] {
  const calendar = buildCalendar(bundle.calendar);
  if (!calendar.ok) return [];
  const random = seededRandom(424242);
  const b: Builder = { out: [], seq: firstSeq };
  const teacherOf = new Map(
    bundle.staff
      .filter((s) => s.role === 'teacher')
      .map((s) => [s.groups[0] ?? '', s.username.toLowerCase()]),
  );
  const profiles = bundle.pupils.map((_, i) => profileOf(i, random));
  const timesCache = new Map<string, SessionTimes>();
  const timesOf = (groupId: string, session: Session): SessionTimes | undefined => {
    const key = `${groupId}|${session}`;
    if (!timesCache.has(key)) {
      const group = bundle.groups.find((g) => g.id === groupId);
      const t = timesFor(bundle.school.sessionTimes, group?.sessionTimes, session);
      if (t.ok) timesCache.set(key, t.value);
    }
    return timesCache.get(key);
  };
  const illUntil = new Map<string, IsoDate>();
  const lastDay = new Date(untilMs).toISOString().slice(0, 10);
  const recentDays: IsoDate[] = [];
  for (let d = lastDay; recentDays.length < 3 && d >= calendar.value.first; d = addDays(d, -1))
    if (isSchoolDay(calendar.value, d)) recentDays.push(d);
  let conflictMade = false;
  for (let date = calendar.value.first; date <= lastDay; date = addDays(date, 1)) {
    for (const session of sessionsOn(calendar.value, date)) {
      bundle.pupils.forEach((pupil, index) => {
        if (pupil.admissionDate > date) return;
        const times = timesOf(pupil.groupId, session);
        if (times === undefined || Date.parse(at(date, times.closes + 1)) > untilMs) return;
        const teacher = teacherOf.get(pupil.groupId) ?? null;
        const device = `tablet-${pupil.groupId}`;
        const profile = profiles[index] ?? { absence: 0.03, late: 0.02 };
        const base = { pupilId: pupil.id, date, session } as const;
        const ill = (illUntil.get(pupil.id) ?? '') >= date;
        if (!conflictMade && date === recentDays[1] && session === 'AM' && index === 17) {
          conflictMade = true;
          add(b, {
            ...base,
            opId: `demo-${String(b.seq)}`,
            code: 'I',
            reason: 'Phoned in by Mother: unwell',
            basedOn: null,
            source: 'office',
            authorId: 'office',
            deviceId: 'office-pc',
            recordedAt: at(date, times.opens - 35),
          });
          add(b, {
            ...base,
            opId: `demo-${String(b.seq)}`,
            code: '/',
            reason: null,
            basedOn: null,
            source: 'register',
            authorId: teacher,
            deviceId: device,
            recordedAt: at(date, times.opens + 4),
          });
          return;
        }
        const roll = random();
        if (ill || roll < profile.absence) {
          if (!ill && random() < 0.4)
            illUntil.set(pupil.id, addDays(date, Math.floor(random() * 4)));
          if (ill || random() < 0.5) {
            add(b, {
              ...base,
              opId: `demo-${String(b.seq)}`,
              code: 'I',
              reason: 'Phoned in: unwell',
              basedOn: null,
              source: 'office',
              authorId: 'office',
              deviceId: 'office-pc',
              recordedAt: at(date, times.opens - 40),
            });
            return;
          }
          const n = add(b, {
            ...base,
            opId: `demo-${String(b.seq)}`,
            code: 'N',
            reason: null,
            basedOn: null,
            source: 'register',
            authorId: teacher,
            deviceId: device,
            recordedAt: at(date, times.opens + 6),
          });
          const leaveOpen = recentDays.includes(date) || (index % 97 === 13 && random() < 0.3);
          if (!leaveOpen) {
            const code =
              profile.absence > 0.1 && random() < 0.5
                ? 'O'
                : random() < 0.2
                  ? 'M'
                  : random() < 0.1
                    ? 'G'
                    : 'I';
            const reason =
              code === 'O'
                ? 'No reason established within 5 school days'
                : code === 'G'
                  ? 'Term-time holiday, leave refused'
                  : code === 'M'
                    ? 'Dental appointment, letter seen'
                    : 'Parent called back: unwell';
            add(b, {
              ...base,
              opId: `demo-${String(b.seq)}`,
              code,
              reason,
              basedOn: n.opId,
              source: 'office',
              authorId: 'attendance',
              deviceId: 'office-pc',
              recordedAt: at(addDays(date, 1), 10 * 60 + Math.floor(random() * 120)),
            });
          }
          return;
        }
        if (random() < profile.late) {
          const arrived = times.lateAfter + 1 + Math.floor(random() * 40);
          const code = arrivalCode(times, session, formatHhmm(arrived));
          if (code.ok && code.value.code !== null) {
            const byReception = arrived > times.closes;
            add(b, {
              ...base,
              opId: `demo-${String(b.seq)}`,
              code: code.value.code,
              arrivedAt: formatHhmm(arrived),
              minutesLate: code.value.minutesLate,
              reason: byReception ? 'Signed in at reception' : null,
              basedOn: null,
              source: byReception ? 'reception' : 'register',
              authorId: byReception ? 'reception' : teacher,
              deviceId: byReception ? 'reception-desk' : device,
              recordedAt: at(date, arrived + 1),
            });
            return;
          }
        }
        add(b, {
          ...base,
          opId: `demo-${String(b.seq)}`,
          code: presentCode(session),
          reason: null,
          basedOn: null,
          source: 'register',
          authorId: teacher,
          deviceId: device,
          recordedAt: at(date, times.opens + Math.floor(random() * 8)),
        });
      });
    }
  }
  return b.out;
}
