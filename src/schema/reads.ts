/**
 * The read API's answers (docs/sync-protocol.md §8). The server's routes type their answers by
 * these; the tests read the answers with them, and so will the office screens. Each address's
 * parameters are in `requests.ts`.
 */
import { z } from 'zod';
import { outcomeSchema } from './amendment.ts';
import { callSchema } from './call.ts';
import { contactSchema } from './reference.ts';
import { sourceSchema } from './op.ts';
import { sessionSchema } from './primitives.ts';

export const reportBySchema = z.enum(['pupil', 'group', 'year', 'cohort']);
export type ReportBy = z.infer<typeof reportBySchema>;

/** One pupil's line of a register: the mark shown, and who recorded it when. */
export const registerRowSchema = z.object({
  pupilId: z.string(),
  name: z.string(),
  /** Null for a blank cell. */
  code: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  minutesLate: z.number().int().nullable(),
  conflict: z.boolean(),
  /** The head's author ("Register close" for the close job), or null for a blank cell. */
  by: z.string().nullable(),
  /** The head's `recordedAt`. */
  at: z.string().nullable(),
});
export type RegisterRow = z.infer<typeof registerRowSchema>;

export const registerResponseSchema = z.object({
  status: z.enum(['not-open', 'open', 'closed']),
  /** False on a weekend, a holiday or a closed session: no register is due. */
  schoolSession: z.boolean(),
  /** Every pupil on roll had a mark recorded before the close (`markedBeforeClose`). */
  taken: z.boolean(),
  times: z.object({
    opens: z.string(),
    lateAfter: z.string(),
    closes: z.string(),
    ends: z.string(),
  }),
  rows: z.array(registerRowSchema),
});
export type RegisterResponse = z.infer<typeof registerResponseSchema>;

/** One amendment of a cell, with the mark it found (`original`) and the one it made. */
export const historyEntrySchema = z.object({
  opId: z.string(),
  original: z.string().nullable(),
  amended: z.string().nullable(),
  reason: z.string().nullable(),
  at: z.string(),
  by: z.object({ name: z.string(), position: z.string() }),
  source: sourceSchema,
  deviceId: z.string(),
  recordedAt: z.string(),
  receivedAt: z.string(),
  outcome: outcomeSchema,
  lateSync: z.boolean(),
  seq: z.number().int(),
  arrivedAt: z.string().nullable(),
  note: z.string().nullable(),
  /** Who reported the absence, on an office mark; null when nobody was named. */
  reportedBy: z.string().nullable(),
  /**
   * Whether `reportedBy` is one of the pupil's listed contacts who may report an absence
   * (`isListedReporter`, as the pupil's contacts stand now); null when nobody was named.
   */
  reportedByListed: z.boolean().nullable(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const historyResponseSchema = z.object({ entries: z.array(historyEntrySchema) });
export type HistoryResponse = z.infer<typeof historyResponseSchema>;

/** An `N` still standing, against its five-school-day deadline. */
export const unexplainedRowSchema = z.object({
  pupilId: z.string(),
  name: z.string(),
  groupId: z.string(),
  date: z.string(),
  session: sessionSchema,
  deadline: z.string(),
  /** 0 on the deadline day, negative once overdue. */
  schoolDaysLeft: z.number().int(),
  overdue: z.boolean(),
  /** The deadline is `asOf` itself (`schoolDaysLeft` 0). */
  dueToday: z.boolean(),
  /** A pupil with a social worker, looked after, or with an EHC plan. */
  priority: z.boolean(),
  /** When the current `N` was recorded (ISO instant). */
  recordedAt: z.string().nullable(),
  /** Who recorded it (a staff id); null for the register close job. */
  authorId: z.string().nullable(),
  contacts: z.array(contactSchema),
});
export type UnexplainedRow = z.infer<typeof unexplainedRowSchema>;

export const unexplainedResponseSchema = z.object({ rows: z.array(unexplainedRowSchema) });
export type UnexplainedResponse = z.infer<typeof unexplainedResponseSchema>;

export const conflictRowSchema = z.object({
  pupilId: z.string(),
  name: z.string(),
  date: z.string(),
  session: sessionSchema,
  code: z.string().nullable(),
  entries: z.array(historyEntrySchema),
});
export type ConflictRow = z.infer<typeof conflictRowSchema>;

export const conflictsResponseSchema = z.object({ rows: z.array(conflictRowSchema) });
export type ConflictsResponse = z.infer<typeof conflictsResponseSchema>;

/** A register closed without every pupil marked by its close, with the group's teachers. */
export const missingRegisterRowSchema = z.object({
  groupId: z.string(),
  session: sessionSchema,
  teachers: z.array(z.string()),
});
export type MissingRegisterRow = z.infer<typeof missingRegisterRowSchema>;

export const missingRegistersResponseSchema = z.object({
  rows: z.array(missingRegisterRowSchema),
});
export type MissingRegistersResponse = z.infer<typeof missingRegistersResponseSchema>;

const sessionCounts = {
  possible: z.number(),
  attendance: z.number(),
  authorised: z.number(),
  unauthorised: z.number(),
  /** 0–100 at full precision; null when no session was possible. */
  attendancePct: z.number().nullable(),
  absencePct: z.number().nullable(),
  band: z.string().nullable(),
};

/** A pupil's line (`by=pupil`). */
export const pupilReportRowSchema = z.object({
  key: z.string(),
  name: z.string(),
  groupId: z.string().optional(),
  ...sessionCounts,
  persistent: z.boolean(),
  severe: z.boolean(),
});

/** A group, year or cohort's line: `persistent` and `severe` count its pupils who are. */
export const groupReportRowSchema = z.object({
  key: z.string(),
  pupils: z.number().int(),
  ...sessionCounts,
  persistent: z.number().int(),
  severe: z.number().int(),
});

export const reportRowSchema = z.union([pupilReportRowSchema, groupReportRowSchema]);
export type ReportRow = z.infer<typeof reportRowSchema>;

export const attendanceReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  by: reportBySchema,
  rows: z.array(reportRowSchema),
});
export type AttendanceReport = z.infer<typeof attendanceReportSchema>;

const pupilId = z.string();
const runRow = { pupilId, days: z.number().int(), since: z.string() };

/** `GET /api/reports/alerts` (the rows and their rules: docs/attendance-rules.md §6, §7). */
export const alertsReportSchema = z.object({
  asOf: z.string(),
  penalty: z.array(
    z.object({
      pupilId,
      count: z.number().int(),
      outstandingN: z.number().int(),
      windowStart: z.string(),
      windowEnd: z.string(),
      reached: z.boolean(),
      wouldReach: z.boolean(),
    }),
  ),
  lateness: z.array(
    z.object({
      pupilId,
      count: z.number().int(),
      late: z.number().int(),
      lateAfterClose: z.number().int(),
      term: z.string(),
      termStart: z.string(),
      termEnd: z.string(),
    }),
  ),
  continuous10: z.array(z.object(runRow)),
  continuous20: z.array(z.object(runRow)),
  notBack10: z.array(z.object({ ...runRow, leaveEnded: z.string(), leaveCode: z.string() })),
  /** Days of illness count half a day for each session of `I`, so `days` may end in .5. */
  sickness15: z.array(
    z.object({
      pupilId,
      days: z.number().multipleOf(0.5),
      daysToDate: z.number().multipleOf(0.5),
      reached: z.boolean(),
      reachesOn: z.string(),
    }),
  ),
  suspension5: z.array(
    z.object({
      pupilId,
      days: z.number().int(),
      start: z.string(),
      end: z.string(),
      provisionFrom: z.string(),
      reached: z.boolean(),
    }),
  ),
  /** With the pupil's contacts as stored, and the calls logged about them for the as-of day. */
  firstDay: z.array(
    z.object({
      pupilId,
      sessions: z.array(sessionSchema).readonly(),
      contacts: z.array(contactSchema),
      calls: z.array(callSchema),
    }),
  ),
  homeVisit: z.array(z.object({ ...runRow, visitDue: z.boolean() })),
  medicalEvidence: z.array(z.object(runRow)),
});
export type AlertsReport = z.infer<typeof alertsReportSchema>;

/** The first line of `GET /api/export/marks.csv`; every line ends in CRLF. */
export const MARKS_CSV_HEADER =
  'upn,pupil_id,surname,forename,group,date,session,code,minutes_late';
