/**
 * Test helpers for the register screens (used by their tests only): a sync engine that does
 * nothing but keep a settable clock and record requests, a small school seeded straight into
 * Dexie, and amendments as a pull would deliver them.
 *
 * The school: Test Primary, 2026–27 calendar, Wednesday 2 December 2026 (GMT, so London time is
 * UTC). AM register opens 08:50, late after 08:50, closes 09:20, session ends 12:00; PM
 * 13:00–13:30, ends 15:15. Group 3B has four pupils; Tess Hughes teaches 3B; 4H is another
 * teacher's group.
 */
import { SINGLE_KEY, RollcallDb } from '../../storage/db.ts';
import type { Amendment } from '../../schema/amendment.ts';
import type { SignedIn } from '../../schema/auth.ts';
import type {
  GroupRecord,
  PupilRecord,
  SchoolRecord,
  StaffRecord,
} from '../../schema/reference.ts';
import type { SyncEngine, SyncStatus, SyncTrigger } from '../../sync/types.ts';
import { IDLE_STATUS } from '../testing/fakeEngine.ts';

export const TODAY = '2026-12-02';

/** An instant on the school's clock on `date` (December: London is on GMT, so UTC). */
export function at(hhmm: string, date = TODAY): number {
  return Date.parse(`${date}T${hhmm}:00.000Z`);
}

/** A sync engine with a hand-set corrected clock; it never talks to a server. */
export class FakeEngine implements SyncEngine {
  readonly requests: SyncTrigger[] = [];
  #now: number;
  #status: SyncStatus = IDLE_STATUS;
  readonly #listeners = new Set<(status: SyncStatus) => void>();

  constructor(now: number) {
    this.#now = now;
  }

  setNow(now: number): void {
    this.#now = now;
  }

  setStatus(patch: Partial<SyncStatus>): void {
    this.#status = { ...this.#status, ...patch };
    for (const listener of this.#listeners) listener(this.#status);
  }

  start(): void {}
  stop(): Promise<void> {
    return Promise.resolve();
  }
  request(trigger: SyncTrigger): void {
    this.requests.push(trigger);
  }
  settled(): Promise<void> {
    return Promise.resolve();
  }
  getStatus(): SyncStatus {
    return this.#status;
  }
  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  now(): number {
    return this.#now;
  }
}

export const TEACHER: StaffRecord = {
  id: 's-hughes',
  name: 'Tess Hughes',
  position: 'Class teacher',
  role: 'teacher',
  groups: ['g3b'],
};

export const OFFICE: StaffRecord = {
  id: 's-office',
  name: 'Olive Office',
  position: 'Office Manager',
  role: 'office',
  groups: [],
};

export const RECEPTION: StaffRecord = {
  id: 's-desk',
  name: 'Rita Reception',
  position: 'Receptionist',
  role: 'reception',
  groups: [],
};

const OTHER_TEACHER: StaffRecord = {
  id: 's-other',
  name: 'Tom Other',
  position: 'Class teacher',
  role: 'teacher',
  groups: ['g4h'],
};

export function authFor(staff: StaffRecord = TEACHER): SignedIn {
  return {
    token: 'test-token',
    staff: { ...staff, groups: [...staff.groups] },
    school: { id: 'sch-1', urn: '100001', name: 'Test Primary' },
    expiresAt: '2027-01-01T00:00:00.000Z',
  };
}

const SCHOOL: SchoolRecord = {
  id: 'sch-1',
  urn: '100001',
  name: 'Test Primary',
  timeZone: 'Europe/London',
  settings: {
    sessionTimes: {
      AM: { opens: '08:50', lateAfter: '08:50', closes: '09:20', ends: '12:00' },
      PM: { opens: '13:00', lateAfter: '13:00', closes: '13:30', ends: '15:15' },
    },
  },
  calendar: {
    terms: [
      { name: 'Autumn 1', start: '2026-09-02', end: '2026-10-23' },
      { name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' },
    ],
    closures: [{ date: '2026-11-27', sessions: ['AM', 'PM'], code: '#', note: 'INSET day' }],
  },
};

const GROUPS: GroupRecord[] = [
  { id: 'g3b', name: '3B', yearGroup: 3, sessionTimes: null },
  { id: 'g4h', name: '4H', yearGroup: 4, sessionTimes: null },
];

function pupil(id: string, givenName: string, familyName: string, groupId = 'g3b'): PupilRecord {
  return {
    id,
    upn: `A1234567890${id.slice(-2).padStart(2, '0')}`,
    givenName,
    familyName,
    preferredName: null,
    dateOfBirth: '2018-05-01',
    sex: 'F',
    groupId,
    admissionDate: '2022-09-05',
    leavingDate: null,
    flags: {},
    contacts: [],
  };
}

/** 3B in register order: Amelia Jones, Noah Khan, Eva Smith, Sam Taylor. */
export const PUPILS: PupilRecord[] = [
  pupil('p-01', 'Amelia', 'Jones'),
  pupil('p-02', 'Noah', 'Khan'),
  pupil('p-03', 'Eva', 'Smith'),
  pupil('p-04', 'Sam', 'Taylor'),
  pupil('p-05', 'Ivy', 'Moss', 'g4h'),
];

let counter = 0;

/** A database with a name no other test uses. */
export function freshDb(): RollcallDb {
  counter += 1;
  return new RollcallDb(`rollcall-register-${String(counter)}-${String(Math.random()).slice(2)}`);
}

/** Writes the school, its groups, pupils and staff as a first pull would. */
export async function seedSchool(db: RollcallDb): Promise<void> {
  await db.school.put(SCHOOL, SINGLE_KEY);
  await db.groups.bulkPut(GROUPS);
  await db.pupils.bulkPut(PUPILS);
  await db.staff.bulkPut([TEACHER, OFFICE, RECEPTION, OTHER_TEACHER]);
}

let seq = 0;

/** An amendment as a pull delivers it: by default the office recording illness, today AM. */
export function serverMark(overrides: Partial<Amendment> = {}): Amendment {
  seq += 1;
  return {
    opId: `srv-${String(seq)}`,
    pupilId: 'p-01',
    date: TODAY,
    session: 'AM',
    code: 'I',
    arrivedAt: null,
    minutesLate: null,
    reason: null,
    note: null,
    basedOn: null,
    source: 'office',
    authorId: OFFICE.id,
    deviceId: 'dev-office',
    deviceSeq: seq,
    recordedAt: new Date(at('08:12')).toISOString(),
    receivedAt: new Date(at('08:12')).toISOString(),
    seq,
    outcome: 'current',
    lateSync: false,
    ...overrides,
  };
}
