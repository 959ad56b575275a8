/**
 * A school's policy settings: the points docs/attendance-rules.md marks **(policy)** (§1, §5, §6,
 * §7). What the law fixes is not a setting: persistent absence at 10% and severe at 50% (§5), 10
 * and 20 continuous school days of unauthorised absence, 15 days of sickness and more than 5 days
 * of suspension (§7) are constants beside the code that uses them.
 */
import { err, ok, type DomainError, type Err, type Result } from './result.ts';
import {
  sessionTimesWarnings,
  timesFor,
  type SchoolSessionTimes,
  type SessionTimesWarning,
} from './sessionTimes.ts';
import type { AttendanceBand, AttendanceTrigger } from './statistics.ts';

/** `at-least` n: count ≥ n (seed 000, "4 or more"); `more-than` n: count > n (seed 003). */
export type ThresholdMode = 'at-least' | 'more-than';

/**
 * Penalty-notice watch (docs/attendance-rules.md §6): the National Framework's 10 in 10 school
 * weeks.
 */
export interface PenaltySettings {
  readonly threshold: number;
  readonly windowWeeks: number;
  /**
   * Also list pupils within this many sessions of the threshold (docs/attendance-rules.md §6.4).
   */
  readonly nearMargin: number;
}

/** Lateness letters per half term (docs/attendance-rules.md §7, policy). */
export interface LatenessSettings {
  readonly threshold: number;
  readonly mode: ThresholdMode;
  /** Count `U` (arrived after the register closed) as a late arrival too. */
  readonly countsU: boolean;
}

/**
 * Which absences make a run for a home visit (docs/attendance-rules.md §7): `unexplained` is `N` or
 * `O` (no reason known: seeds 000 and 003, "no contact"), `any-absence` is every absence code
 * except `U` (seed 004, "3 consecutive days of absence").
 */
export type HomeVisitCounts = 'any-absence' | 'unexplained';

/** Home-visit prompts (docs/attendance-rules.md §7, policy). */
export interface HomeVisitSettings {
  /** Prompt on this school day of a continuing absence (seeds 000, 003, 004: 3). */
  readonly afterDays: number;
  /** Prompt again every n school days after that (seed 003: 3), or never (null). */
  readonly repeatEveryDays: number | null;
  readonly counts: HomeVisitCounts;
}

/** Everything a school decides for itself (docs/architecture.md §2.1). */
export interface SchoolSettings {
  readonly sessionTimes: SchoolSessionTimes;
  /** Highest first; the last should catch everyone (`at-least` 0) (docs/attendance-rules.md §5). */
  readonly bands: readonly AttendanceBand[];
  /** The school's attendance target in tenths of a percent (seed 004: 935), or none. */
  readonly attendanceTargetTenths: number | null;
  /** Letters and meetings by attendance level (docs/attendance-rules.md §5). */
  readonly letterThresholds: readonly AttendanceTrigger[];
  readonly penalty: PenaltySettings;
  readonly lateness: LatenessSettings;
  /** Prompt for medical evidence when illness lasts more than n school days (§7), or never. */
  readonly medicalEvidenceOverDays: number | null;
  readonly homeVisit: HomeVisitSettings | null;
  /**
   * Convert overdue `N` to `O` automatically at the end of the deadline day
   * (docs/attendance-rules.md §3.5).
   */
  readonly autoConvertOverdueN: boolean;
}

/** Settings as given: any field left out takes its default. */
export type SchoolSettingsInput = { readonly [K in keyof SchoolSettings]?: SchoolSettings[K] };

/**
 * The defaults for a new school. Times follow the import example in docs/sync-protocol.md §10;
 * bands are neutral (green from 95%, amber above 90%, red at persistent absence), the one letter is
 * the PA meeting at 90% or below; other values follow the seeds' most common practice.
 */
export const DEFAULT_SETTINGS: SchoolSettings = {
  sessionTimes: {
    AM: { opens: '08:50', lateAfter: '08:50', closes: '09:20', ends: '12:00' },
    PM: { opens: '13:00', lateAfter: '13:00', closes: '13:30', ends: '15:15' },
  },
  bands: [
    { name: 'green', tenths: 950, comparison: 'at-least' },
    { name: 'amber', tenths: 900, comparison: 'above' },
    { name: 'red', tenths: 0, comparison: 'at-least' },
  ],
  attendanceTargetTenths: null,
  letterThresholds: [
    {
      id: 'pa-meeting',
      label: 'Persistent absence meeting',
      tenths: 900,
      comparison: 'at-or-below',
    },
  ],
  penalty: { threshold: 10, windowWeeks: 10, nearMargin: 2 },
  lateness: { threshold: 4, mode: 'at-least', countsU: true },
  medicalEvidenceOverDays: 5,
  homeVisit: { afterDays: 3, repeatEveryDays: null, counts: 'any-absence' },
  autoConvertOverdueN: false,
};

/** Does `count` reach a threshold under its mode? (docs/attendance-rules.md §7) */
export function meetsThreshold(count: number, threshold: number, mode: ThresholdMode): boolean {
  return mode === 'at-least' ? count >= threshold : count > threshold;
}

function isCount(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

const invalid = (message: string): Err<DomainError> => err({ code: 'invalid-settings', message });

/**
 * Both sessions' times in order (docs/attendance-rules.md §1). Each session is checked by
 * `resolveSessionTimes` (through `timesFor`, which names the session), the one rule for
 * `opens ≤ lateAfter ≤ closes ≤ ends`; the only rule added here spans the two sessions: the
 * afternoon register cannot open before the morning session ends.
 */
function checkSessionTimes(times: SchoolSessionTimes): Result<SchoolSessionTimes> {
  const am = timesFor(times, null, 'AM');
  if (!am.ok) return am;
  const pm = timesFor(times, null, 'PM');
  if (!pm.ok) return pm;
  if (pm.value.opens < am.value.ends) {
    return err({
      code: 'times-out-of-order',
      message: 'The afternoon register cannot open before the morning session ends.',
    });
  }
  return ok(times);
}

function checkBands(bands: readonly AttendanceBand[]): Result<readonly AttendanceBand[]> {
  // Order key: at equal tenths, `above` sits higher than `at-least`.
  const keys = bands.map((b) => b.tenths * 2 + (b.comparison === 'above' ? 1 : 0));
  for (const [i, band] of bands.entries()) {
    if (band.name.trim() === '') return invalid('Every attendance band needs a name.');
    if (!isCount(band.tenths, 0, 1000)) {
      return invalid(`Band "${band.name}": the threshold must be 0.0–100.0% in steps of 0.1.`);
    }
    if (i > 0 && (keys[i] ?? 0) >= (keys[i - 1] ?? 0)) {
      return invalid(`Band "${band.name}" must be lower than the band before it.`);
    }
  }
  const last = bands[bands.length - 1];
  if (last !== undefined && (last.tenths !== 0 || last.comparison !== 'at-least')) {
    return invalid(`The lowest band ("${last.name}") must start at 0% so every pupil has a band.`);
  }
  return ok(bands);
}

function checkTriggers(
  triggers: readonly AttendanceTrigger[],
): Result<readonly AttendanceTrigger[]> {
  const ids = new Set<string>();
  for (const trigger of triggers) {
    if (trigger.id.trim() === '' || ids.has(trigger.id)) {
      return invalid(`Letter threshold ids must be present and unique ("${trigger.id}").`);
    }
    ids.add(trigger.id);
    if (!isCount(trigger.tenths, 0, 1000)) {
      return invalid(
        `Letter "${trigger.label}": the threshold must be 0.0–100.0% in steps of 0.1.`,
      );
    }
  }
  return ok(triggers);
}

function checkCounts(s: SchoolSettings): Result<SchoolSettings> {
  const { penalty, lateness, homeVisit } = s;
  const orNull = (v: number | null, min: number, max?: number) =>
    v === null || isCount(v, min, max);
  const checks: readonly (readonly [boolean, string])[] = [
    [isCount(penalty.threshold, 1), 'The penalty threshold must be a whole number, at least 1.'],
    [isCount(penalty.windowWeeks, 1, 52), 'The penalty window must be 1–52 school weeks.'],
    [isCount(penalty.nearMargin, 0), 'The penalty "near" margin must be 0 or more sessions.'],
    [
      isCount(lateness.threshold, lateness.mode === 'at-least' ? 1 : 0),
      'The lateness threshold must be a whole number (at least 1 for "at least").',
    ],
    [
      orNull(s.medicalEvidenceOverDays, 1),
      'Medical evidence days must be a whole number, at least 1.',
    ],
    [orNull(homeVisit?.afterDays ?? null, 1), 'Home visits must start on day 1 or later.'],
    [
      orNull(homeVisit?.repeatEveryDays ?? null, 1),
      'Repeat home visits must be at least 1 day apart.',
    ],
    [orNull(s.attendanceTargetTenths, 0, 1000), 'The target must be 0.0–100.0% in steps of 0.1.'],
  ];
  const failed = checks.find(([passes]) => !passes);
  return failed === undefined ? ok(s) : invalid(failed[1]);
}

/**
 * Fills left-out fields from `DEFAULT_SETTINGS` and checks the rest (docs/attendance-rules.md §1,
 * §5–§7): session times in order (`malformed-time`, `times-out-of-order`, by
 * `resolveSessionTimes`), bands highest first ending at 0%, unique letter ids, whole-number
 * thresholds in range (`invalid-settings`). Compliance warnings (a late start after `opens`, an
 * open period over 30 minutes) are not errors here: `checkSettings` gives them with the settings.
 */
export function validateSettings(input: SchoolSettingsInput): Result<SchoolSettings> {
  const settings: SchoolSettings = { ...DEFAULT_SETTINGS, ...input };
  const times = checkSessionTimes(settings.sessionTimes);
  if (!times.ok) return times;
  const bands = checkBands(settings.bands);
  if (!bands.ok) return bands;
  const triggers = checkTriggers(settings.letterThresholds);
  if (!triggers.ok) return triggers;
  return checkCounts(settings);
}

/**
 * The compliance warnings for a school's settings: those of `sessionTimesWarnings` for its session
 * times (docs/attendance-rules.md §1: late marks starting after `opens`, a register open longer
 * than 30 minutes, AM and PM open periods that differ). Warnings never refuse settings. Errors:
 * those of `resolveSessionTimes`, for times that were never validated.
 */
export function settingsWarnings(settings: SchoolSettings): Result<readonly SessionTimesWarning[]> {
  return sessionTimesWarnings(settings.sessionTimes);
}

/** Validated settings with the compliance warnings to show the admin beside them. */
export interface CheckedSettings {
  readonly settings: SchoolSettings;
  readonly warnings: readonly SessionTimesWarning[];
}

/**
 * `validateSettings`, then `settingsWarnings` on the result (docs/attendance-rules.md §1): what a
 * settings form or import needs in one call. Errors: those of `validateSettings`.
 */
export function checkSettings(input: SchoolSettingsInput): Result<CheckedSettings> {
  const settings = validateSettings(input);
  if (!settings.ok) return settings;
  const warnings = settingsWarnings(settings.value);
  return warnings.ok ? ok({ settings: settings.value, warnings: warnings.value }) : warnings;
}
