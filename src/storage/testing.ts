/**
 * Test helpers for src/storage (used by its tests only): a fresh database per test and valid
 * inputs to vary.
 */
import type { Amendment } from '../schema/amendment.ts';
import { RollcallDb } from './db.ts';
import type { Call } from '../schema/call.ts';
import type { CallInput, MarkInput, MovementInput } from './outbox.ts';

let counter = 0;

/** A database with a name no other test uses. */
export function freshDb(): RollcallDb {
  counter += 1;
  return new RollcallDb(`rollcall-test-${String(counter)}-${String(Math.random()).slice(2)}`);
}

/** 2026-11-23 08:52 UTC, a Monday morning register. */
export const NOW = Date.UTC(2026, 10, 23, 8, 52);

/** A teacher's first present mark for `pupilId`, with any field overridden. */
export function markInput(overrides: Partial<MarkInput> = {}): MarkInput {
  return {
    authorId: 's-teacher',
    now: NOW,
    pupilId: 'p-1',
    date: '2026-11-23',
    session: 'AM',
    code: '/',
    basedOn: null,
    source: 'register',
    ...overrides,
  };
}

/** Reception signing `pupilId` in. */
export function movementInput(overrides: Partial<MovementInput> = {}): MovementInput {
  return {
    authorId: 's-reception',
    now: NOW,
    pupilId: 'p-1',
    date: '2026-11-23',
    direction: 'in',
    at: '09:31',
    reason: 'Dentist',
    ...overrides,
  };
}

/** The office logging a first-day call to `pupilId`'s family at 09:40, with any field overridden. */
export function callInput(overrides: Partial<CallInput> = {}): CallInput {
  return {
    authorId: 's-office',
    now: Date.UTC(2026, 10, 23, 9, 45),
    pupilId: 'p-1',
    date: '2026-11-23',
    at: '09:40',
    contact: 'Jo Example',
    phone: '07700 900123',
    outcome: 'no-answer',
    ...overrides,
  };
}

/** A call as a pull delivers it: the office's first call, seq 1. */
export function call(overrides: Partial<Call> = {}): Call {
  return {
    opId: 'c-1',
    pupilId: 'p-1',
    date: '2026-11-23',
    at: '09:40',
    contact: 'Jo Example',
    phone: '07700 900123',
    outcome: 'no-answer',
    note: null,
    authorId: 's-office',
    deviceId: 'dev-office',
    recordedAt: '2026-11-23T09:41:00.000Z',
    receivedAt: '2026-11-23T09:41:02.000Z',
    seq: 1,
    ...overrides,
  };
}

/** An amendment as a pull delivers it: a teacher's present mark, seq 1. */
export function amendment(overrides: Partial<Amendment> = {}): Amendment {
  return {
    opId: 'a-1',
    pupilId: 'p-1',
    date: '2026-11-23',
    session: 'AM',
    code: '/',
    arrivedAt: null,
    minutesLate: null,
    reason: null,
    note: null,
    basedOn: null,
    source: 'register',
    authorId: 's-teacher',
    deviceId: 'dev-other',
    deviceSeq: 1,
    recordedAt: '2026-11-23T08:51:00.000Z',
    receivedAt: '2026-11-23T08:51:02.000Z',
    seq: 1,
    outcome: 'current',
    lateSync: false,
    ...overrides,
  };
}
