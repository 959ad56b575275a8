/**
 * Conversions between stored rows (snake_case) and the shared records of src/schema (camelCase).
 */
import type { Session } from '../../domain/calendar.ts';
import type { Amendment, Movement, Outcome } from '../../schema/amendment.ts';
import type { Call, CallOutcome } from '../../schema/call.ts';
import type { Source } from '../../schema/op.ts';
import type { AmendmentsTable, CallsTable, MovementsTable } from './schema.ts';

/** A stored session column (only ever `AM` or `PM`). */
export function sessionFromRow(session: string): Session {
  return session === 'PM' ? 'PM' : 'AM';
}

export function amendmentFromRow(row: AmendmentsTable): Amendment {
  return {
    opId: row.op_id,
    pupilId: row.pupil_id,
    date: row.date,
    session: sessionFromRow(row.session),
    code: row.code,
    arrivedAt: row.arrived_at,
    minutesLate: row.minutes_late,
    reason: row.reason,
    note: row.note,
    basedOn: row.based_on,
    source: row.source as Source,
    authorId: row.author_id,
    deviceId: row.device_id,
    deviceSeq: row.device_seq,
    recordedAt: row.recorded_at,
    receivedAt: row.received_at,
    seq: row.seq,
    outcome: row.outcome as Outcome,
    lateSync: row.late_sync,
    reportedBy: row.reported_by,
  };
}

export function amendmentToRow(a: Amendment, schoolId: string, version: number): AmendmentsTable {
  return {
    school_id: schoolId,
    op_id: a.opId,
    seq: a.seq,
    pupil_id: a.pupilId,
    date: a.date,
    session: a.session,
    code: a.code,
    arrived_at: a.arrivedAt,
    minutes_late: a.minutesLate,
    reason: a.reason,
    note: a.note,
    based_on: a.basedOn,
    source: a.source,
    author_id: a.authorId,
    device_id: a.deviceId,
    device_seq: a.deviceSeq,
    recorded_at: a.recordedAt,
    received_at: a.receivedAt,
    outcome: a.outcome,
    late_sync: a.lateSync,
    version,
    reported_by: a.reportedBy ?? null,
  };
}

export function movementFromRow(row: MovementsTable): Movement {
  return {
    opId: row.op_id,
    pupilId: row.pupil_id,
    date: row.date,
    direction: row.direction === 'out' ? 'out' : 'in',
    at: row.at,
    reason: row.reason,
    accompaniedBy: row.accompanied_by,
    authorId: row.author_id,
    deviceId: row.device_id,
    recordedAt: row.recorded_at,
    receivedAt: row.received_at,
    seq: row.seq,
  };
}

/** A stored call (its outcome was written from a checked op, so it is one of `CALL_OUTCOMES`). */
export function callFromRow(row: CallsTable): Call {
  return {
    opId: row.op_id,
    pupilId: row.pupil_id,
    date: row.date,
    at: row.at,
    contact: row.contact,
    phone: row.phone,
    outcome: row.outcome as CallOutcome,
    note: row.note,
    authorId: row.author_id,
    deviceId: row.device_id,
    recordedAt: row.recorded_at,
    receivedAt: row.received_at,
    seq: row.seq,
  };
}
