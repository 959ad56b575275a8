/**
 * The demo school loaded by `npm start` into an empty database (docs/architecture.md §4): Larkspur
 * Primary, fictional, with 15 groups, about 400 pupils, staff of every role, the 2026–27 calendar
 * with its real half terms and an INSET day, and a register history from September to now with
 * believable patterns. Generation is seeded, so the same day always gives the same school.
 */
import type { SchoolBundle } from '../../schema/bundle.ts';
import { FAMILY_NAMES, GIVEN_NAMES, STAFF_NAMES } from './names.ts';

export const DEMO_URN = '149999';
export const DEMO_PASSWORD = 'larkspur-demo';

/** Mulberry32: a small, fast, seeded generator, so the demo is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEMO_CALENDAR: SchoolBundle['calendar'] = {
  terms: [
    { name: 'Autumn 1', start: '2026-09-02', end: '2026-10-23' },
    { name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' },
    { name: 'Spring 1', start: '2027-01-04', end: '2027-02-12' },
    { name: 'Spring 2', start: '2027-02-22', end: '2027-03-26' },
    { name: 'Summer 1', start: '2027-04-12', end: '2027-05-28' },
    { name: 'Summer 2', start: '2027-06-07', end: '2027-07-21' },
  ],
  closures: [
    { date: '2026-11-27', sessions: ['AM', 'PM'], code: '#', note: 'INSET day' },
    { date: '2027-01-04', sessions: ['AM', 'PM'], code: '#', note: 'INSET day' },
    { date: '2027-05-03', sessions: ['AM', 'PM'], code: '#', note: 'Early May bank holiday' },
    {
      date: '2027-07-21',
      sessions: ['PM'],
      code: '#',
      note: 'Last day of term: school closes at noon',
    },
  ],
};

const CLASSES = ['Reception', 'Year 1', 'Year 2', 'Year 3', 'Year 4', 'Year 5', 'Year 6'];

function groupsOf(): SchoolBundle['groups'] {
  const groups: SchoolBundle['groups'] = [
    {
      id: 'g-nursery',
      name: 'Nursery',
      yearGroup: -1,
      sessionTimes: {
        AM: { opens: '08:45', closes: '09:15', ends: '11:45' },
        PM: { opens: '12:30', closes: '13:00', ends: '15:00' },
      },
    },
  ];
  CLASSES.forEach((label, year) => {
    for (const suffix of ['Birch', 'Hazel']) {
      const short = year === 0 ? 'R' : String(year);
      groups.push({
        id: `g-${short.toLowerCase()}${suffix[0]?.toLowerCase() ?? ''}`,
        name: `${short}${suffix[0] ?? ''} (${label} ${suffix})`,
        yearGroup: year,
        sessionTimes: null,
      });
    }
  });
  return groups;
}

/**
 * The first contact: Mrs (a mother) or Mr (a father) of the family. Two draws, as the demo has
 * always made, so every later pupil stays the same.
 */
function parentOf(family: string, random: () => number): { name: string; relationship: string } {
  const isMrs = random() < 0.6;
  random();
  return { name: `${isMrs ? 'Mrs' : 'Mr'} ${family}`, relationship: isMrs ? 'Mother' : 'Father' };
}

function upn(n: number): string {
  return `L${String(880000000000 + n).slice(-11)}${String.fromCharCode(65 + (n % 26))}`;
}

function pupilsOf(
  groups: SchoolBundle['groups'],
  count: number,
  random: () => number,
): SchoolBundle['pupils'] {
  const pupils: SchoolBundle['pupils'] = [];
  for (let i = 0; i < count; i += 1) {
    const group = groups[i % groups.length];
    if (group === undefined) continue;
    const year = 2026 - 5 - group.yearGroup;
    const given = GIVEN_NAMES[Math.floor(random() * GIVEN_NAMES.length)] ?? 'Sam';
    const family = FAMILY_NAMES[Math.floor(random() * FAMILY_NAMES.length)] ?? 'Smith';
    const month = 1 + Math.floor(random() * 12);
    pupils.push({
      id: `p-${String(i + 1).padStart(4, '0')}`,
      upn: upn(i + 1),
      givenName: given,
      familyName: family,
      dateOfBirth: `${String(month >= 9 ? year - 1 : year)}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
      sex: random() < 0.5 ? 'F' : 'M',
      groupId: group.id,
      admissionDate:
        i % 53 === 7 ? '2026-10-05' : group.yearGroup <= 0 ? '2026-09-02' : '2022-09-05',
      flags: {
        fsm: random() < 0.22,
        pupilPremium: random() < 0.25,
        eal: random() < 0.18,
        senSupport: random() < 0.12,
        ehcPlan: random() < 0.02,
        socialWorker: random() < 0.03,
        lookedAfter: random() < 0.01,
        youngCarer: random() < 0.02,
      },
      contacts: [
        {
          ...parentOf(family, random),
          phone: `07700 9${String(Math.floor(random() * 100000)).padStart(5, '0')}`,
          mayReportAbsence: true,
        },
        {
          name: `${GIVEN_NAMES[Math.floor(random() * GIVEN_NAMES.length)] ?? 'Pat'} ${FAMILY_NAMES[Math.floor(random() * FAMILY_NAMES.length)] ?? 'Jones'}`,
          relationship: 'Grandparent',
          phone: `07700 9${String(Math.floor(random() * 100000)).padStart(5, '0')}`,
          mayReportAbsence: random() < 0.5,
        },
      ],
    });
  }
  return pupils;
}

function staffOf(groups: SchoolBundle['groups']): SchoolBundle['staff'] {
  const teachers = groups.map((group, i) => {
    const name = STAFF_NAMES[i % STAFF_NAMES.length] ?? `Teacher ${String(i)}`;
    const [first = 'x', last = 'teacher'] = name.split(' ');
    return {
      username: `${first[0]?.toLowerCase() ?? 't'}.${last.toLowerCase()}`,
      password: DEMO_PASSWORD,
      name,
      position: 'Class teacher',
      role: 'teacher' as const,
      groups: [group.id],
    };
  });
  return [
    ...teachers,
    {
      username: 'office',
      password: DEMO_PASSWORD,
      name: 'Karen Mitchell',
      position: 'Office Manager',
      role: 'office',
      groups: [],
    },
    {
      username: 'attendance',
      password: DEMO_PASSWORD,
      name: 'Priya Desai',
      position: 'Attendance Officer',
      role: 'office',
      groups: [],
    },
    {
      username: 'reception',
      password: DEMO_PASSWORD,
      name: 'Sue Barraclough',
      position: 'Receptionist',
      role: 'reception',
      groups: [],
    },
    {
      username: 'head',
      password: DEMO_PASSWORD,
      name: 'Dr Helen Forsyth',
      position: 'Headteacher',
      role: 'admin',
      groups: [],
    },
  ];
}

/** The demo school's bundle: `pupilCount` pupils spread over 15 groups. */
export function demoBundle(pupilCount = 400, liveFrom?: string): SchoolBundle {
  const random = seededRandom(20260902);
  const groups = groupsOf();
  return {
    school: {
      name: 'Larkspur Primary School',
      urn: DEMO_URN,
      timeZone: 'Europe/London',
      ...(liveFrom === undefined ? {} : { liveFrom }),
      sessionTimes: {
        AM: { opens: '08:50', lateAfter: '08:50', closes: '09:20', ends: '12:00' },
        PM: { opens: '13:00', lateAfter: '13:00', closes: '13:30', ends: '15:15' },
      },
      preset: 'causeway-green',
    },
    calendar: DEMO_CALENDAR,
    groups,
    pupils: pupilsOf(groups, pupilCount, random),
    staff: staffOf(groups),
  };
}
