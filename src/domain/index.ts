/**
 * The domain's public API: the pure rules engine that the server and the client both run
 * (style.md "Layout": `src/domain` ← `src/schema` ← storage, sync, state, UI; the server uses
 * domain + schema only). Nothing here reads the clock, the network or storage; `now` and `asOf`
 * are always parameters, and expected failures are `Result` values.
 *
 * Which file holds which rule (sections of `docs/attendance-rules.md`):
 * - `result.ts`: `Result` and the kebab-case error codes every module returns.
 * - `dates.ts`: ISO dates and `HH:mm` times as strings, whole-day arithmetic with no time zone.
 * - `clock.ts`: the one place instants meet Europe/London wall-clock time (§1, clock changes).
 * - `codes.ts`: the effective-dated code set and how each code counts (§2).
 * - `calendar.ts`: terms, closures, school days, the `N` deadline (§3) and school weeks (§6).
 * - `schoolDayIndex.ts`: a calendar's school days listed once, addressed by position, for work
 *   over a whole school (the alerts, the `N`-deadline worklist) (§3, §7).
 * - `sessionTimes.ts`: session times, the arrival rule, register open/closed and the compliance
 *   warnings (§1).
 * - `resolveCell.ts`: how a cell's mark follows from its amendments (§4.3).
 * - `statistics.ts`: possible sessions, attendance %, persistent and severe absence, bands (§2, §5).
 * - `alertTypes.ts` (shapes, and the rules common to every alert) and `alerts.ts` (the computation
 *   and the statutory day counts): penalty watch (§6) and the office's other triggers (§7).
 * - `closeRule.ts`: which cells of which registers get `N` when registers close (§1.4).
 * - `people.ts`: who is on roll on a date, and how pupils and authors are named (§1.4).
 * - `rights.ts`: who may write what: each role's rights over marks, movements and calls (the
 *   server's validation and the register's taps both ask it).
 * - `roles.ts`: the roles, the sources of a mark and the rights' refusal codes, as records name them.
 * - `settings.ts`: a school's policy settings, their defaults and validation (§1, §5–§7).
 * - `presets.ts`: the five seed schools as presets (§11).
 * - `movements.ts`: whether a pupil is signed out at reception at a given time.
 * - `office.ts`: the office's worklist against the `N` deadline, first-day priority, whose report
 *   of an absence counts, and the codes the office chooses from (§3, §7).
 * - `contacts.ts`: whether the person who reported an absence is a listed contact who may (§7).
 * - `rollCall.ts`: who is on site now, and the fire roll call's steps folded and merged.
 * - `desk.ts`: the signing-in desk: what a late arrival will be marked, and who may be signed out
 *   or back in (§1).
 * - `cellHistory.ts`: a cell's history, each entry with the mark it found and who made it (§4).
 * - `arrivalTime.ts`: whether a mark's arrival time fits it (`L`, `U` need one that gives them) (§1).
 *
 * A plain re-export list: import from here, or from the module itself; both are the same objects.
 */
export {
  assertNever,
  err,
  ok,
  type DomainError,
  type DomainErrorCode,
  type Err,
  type Ok,
  type Result,
} from './result.ts';

export {
  addDays,
  daysBetween,
  eachDate,
  formatHhmm,
  fromEpochDay,
  isHhmm,
  isIsoDate,
  isoWeekday,
  isWeekday,
  maxDate,
  minDate,
  mondayOf,
  MS_PER_DAY,
  OPEN_END,
  OPEN_START,
  parseHhmm,
  parseIsoDate,
  toEpochDay,
  type Hhmm,
  type IsoDate,
  type Minutes,
} from './dates.ts';

export {
  correctedNow,
  fromSchoolTime,
  SCHOOL_TIME_ZONE,
  toSchoolTime,
  type SchoolTime,
} from './clock.ts';

export {
  CODE_N,
  CODE_SET_2024_FROM,
  codeOn,
  codeSetOn,
  codesOn,
  isAttendanceCode,
  isKnownMark,
  isOnSite,
  wasPresentThisMorning,
  type ArrivalCode,
  type AttendanceCode,
  type Category,
  type CodeInfo,
  type Treatment,
} from './codes.ts';

export {
  academicYearEnd,
  academicYearStart,
  addSchoolDays,
  buildCalendar,
  closureOf,
  isInCalendar,
  isSchoolDay,
  isSchoolSession,
  isSchoolWeek,
  isSession,
  N_DEADLINE_SCHOOL_DAYS,
  nDeadline,
  schoolDaysBetween,
  schoolDaysFromTo,
  schoolDaysLeft,
  schoolWeekWindow,
  SESSIONS,
  sessionsOn,
  termOf,
  type CalendarInput,
  type Closure,
  type SchoolCalendar,
  type SchoolWeekWindow,
  type Session,
  type Term,
} from './calendar.ts';

export {
  buildSchoolDayIndex,
  dayRange,
  hasSession,
  lastSchoolDayOnOrBefore,
  type DayRange,
  type SchoolDayIndex,
} from './schoolDayIndex.ts';

export {
  arrivalCode,
  MAX_OPEN_MINUTES,
  presentCode,
  registerStatus,
  registerStatusAt,
  resolveSessionTimes,
  sessionTimesWarnings,
  timesFor,
  type ArrivalOutcome,
  type RegisterStatus,
  type SchoolSessionTimes,
  type SessionTimes,
  type SessionTimesInput,
  type SessionTimesWarning,
  type SessionTimesWarningCode,
} from './sessionTimes.ts';

export {
  foldPending,
  resolveCell,
  resolveCellInServerOrder,
  sortByServerOrder,
  type CellAmendment,
  type CellOutcome,
  type CellResolution,
} from './resolveCell.ts';

export {
  bandFor,
  compareAttendance,
  countSessions,
  describeCounts,
  formatPct,
  groupStatistics,
  isPersistentAbsence,
  isSevereAbsence,
  pupilStatistics,
  readMark,
  triggersMet,
  yearToDate,
  type AttendanceBand,
  type AttendanceTrigger,
  type GroupStatistics,
  type Period,
  type PupilStatistics,
  type SessionCounts,
  type SessionMark,
  type StatisticsOptions,
} from './statistics.ts';

export type {
  Alerts,
  AlertsInput,
  FirstDayRow,
  HomeVisitRow,
  LatenessRow,
  PenaltyRow,
  PupilAlertInput,
  RunRow,
  SicknessRow,
  SuspensionRow,
} from './alertTypes.ts';

export {
  alertsWindow,
  computeAlerts,
  CONTINUOUS_CME_DAYS,
  CONTINUOUS_LA_DAYS,
  NOT_BACK_AFTER_LEAVE_DAYS,
  SICKNESS_RETURN_DAYS,
  SUSPENSION_DAYS,
} from './alerts.ts';

export {
  checkSettings,
  DEFAULT_SETTINGS,
  meetsThreshold,
  settingsWarnings,
  validateSettings,
  type CheckedSettings,
  type HomeVisitCounts,
  type HomeVisitSettings,
  type LatenessSettings,
  type PenaltySettings,
  type SchoolSettings,
  type SchoolSettingsInput,
  type ThresholdMode,
} from './settings.ts';

export {
  isPresetSlug,
  presetSettings,
  PRESETS,
  type PresetSlug,
  type SchoolPreset,
} from './presets.ts';

export { isSignedOutAt, type MovementAt } from './movements.ts';

export { isListedReporter, type ListedContact } from './contacts.ts';

export {
  absenceSessions,
  COMMON_REASONS,
  isPriorityPupil,
  MAX_ABSENCE_SCHOOL_DAYS,
  officeCodeGroups,
  OVERDUE_N_REASON,
  reasonsFor,
  unexplainedAbsences,
  type CodeGroup,
  type PupilFlags,
  type SessionPoint,
  type UnexplainedCell,
  type UnexplainedRow,
  type WorklistPupil,
} from './office.ts';

export {
  CLOSE_REASON,
  closeOpId,
  markedBeforeClose,
  planClose,
  registersClosedBetween,
  type BlankCell,
  type CellHead,
  type ClosedRegister,
  type ClosePlan,
  type ClosingSchool,
  type DueRegister,
  type RecordedAmendment,
  type RollPupil,
} from './closeRule.ts';

export {
  authorName,
  CLOSE_JOB_AUTHOR,
  compareByName,
  FORMER_STAFF_AUTHOR,
  isOnRoll,
  pupilName,
  takesRegister,
  type Author,
  type Enrolment,
  type PupilNames,
} from './people.ts';

export {
  callRights,
  isRegisterBound,
  markRights,
  movementRights,
  movementRole,
  registerRights,
  rollCallRights,
  type CallMoment,
  type CallWrite,
  type MarkMoment,
  type MarkWrite,
  type RegisterRefusalCode,
  type RegisterRights,
  type Rights,
  type RightsRefusal,
  type WriteMoment,
} from './rights.ts';

export {
  RIGHTS_REFUSAL_CODES,
  ROLES,
  SOURCES,
  type RightsRefusalCode,
  type Role,
  type Source,
} from './roles.ts';

export {
  missingRegisters,
  type DayMarks,
  type MissingRegister,
  type NamedAuthor,
  type RegisterSchool,
} from './missingRegisters.ts';

export {
  checkRollCallStep,
  currentSession,
  foldRollCallSteps,
  mergeRollCalls,
  onSiteNow,
  ROLL_CALL_ACTIONS,
  RollCallLog,
  ROLL_CALL_REFUSAL_CODES,
  rollCallSheet,
  stillMissing,
  type OnSite,
  type RollCall,
  type RollCallAction,
  type RollCallGroup,
  type RollCallLine,
  type RollCallMoment,
  type RollCallPart,
  type RollCallRefusal,
  type RollCallRefusalCode,
  type RollCallStep,
  type SiteDay,
  type SitePupil,
} from './rollCall.ts';

export {
  arrivalSession,
  checkDeskMovement,
  isListedContact,
  LATE_REASONS,
  planArrival,
  SIGN_OUT_REASONS,
  type ArrivalCase,
  type ArrivalPlan,
  type CollectingContact,
  type DayTimes,
  type DeskRefusal,
  type DeskRefusalCode,
  type MovementCase,
  type SignOutReason,
} from './desk.ts';

export {
  bylineOf,
  cellHistory,
  CLOSE_JOB_POSITION,
  type Byline,
  type CellHistoryLines,
  type HistoryPeople,
  type HistoryStep,
  type StoredEntry,
  type UnsentEntry,
} from './cellHistory.ts';

export {
  checkArrivalTime,
  needsArrivalTime,
  type ArrivalTimeRefusal,
  type ArrivalTimeRefusalCode,
  type TimedMark,
} from './arrivalTime.ts';
