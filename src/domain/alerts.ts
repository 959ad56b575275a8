/**
 * The office's alerts as of a date (domain-rules.md §6, §7; design.md §4 `/api/reports/alerts`).
 *
 * Built for a whole school at once: the calendar's school days are listed once per call and each
 * pupil's marks are laid into an array indexed by school day, so every alert is a short scan of
 * that array, never a walk over the calendar per pupil.
 *
 * Rules common to every alert (decisions where domain-rules.md leaves room):
 * - Blank cells, marks on sessions the calendar closes and marks outside a pupil's admission and
 *   leaving dates (both inclusive) are ignored; pupils not on roll on `asOf` get no alerts.
 * - "Consecutive school days" are counted back from `asOf`. A day counts when every possible
 *   session recorded on it passes the test (so a half-closure day counts in full, and today's
 *   still-blank PM does not break a run); a day with nothing possible recorded (blank, `D`, `Y1`…)
 *   neither counts nor breaks the run; any other mark breaks it.
 * - `U` is never a day of absence: the pupil was on site (domain-rules.md §1), so it breaks
 *   continuous-absence and home-visit runs. It does count for the penalty watch (§6) and, with
 *   `lateness.countsU` (the default), as a late arrival.
 */
import {
  academicYearStart,
  schoolWeekWindow,
  sessionsOn,
  type SchoolCalendar,
  type Session,
} from './calendar.ts';
import { codeOn, type CodeInfo } from './codes.ts';
import { addDays, eachDate, parseIsoDate, type IsoDate } from './dates.ts';
import { err, ok, type Result } from './result.ts';
import { meetsThreshold, type HomeVisitCounts, type SchoolSettings } from './settings.ts';
import type { SessionMark } from './statistics.ts';

/** School days of `G`/`N`/`O` to return to the local authority (domain-rules.md §7). */
export const CONTINUOUS_LA_DAYS = 10;
/** School days of `G`/`N`/`O` that prompt children-missing-education enquiries (§7). */
export const CONTINUOUS_CME_DAYS = 20;
/** School days of illness in an academic year that need a sickness return (§7). */
export const SICKNESS_RETURN_DAYS = 15;
/** Alternative provision is due after more than this many consecutive days of `E` (§7). */
export const SUSPENSION_DAYS = 5;

/** One pupil's marks and enrolment (admission and leaving dates are inclusive). */
export interface PupilAlertInput {
  readonly pupilId: string;
  readonly marks: readonly SessionMark[];
  readonly admissionDate?: IsoDate;
  readonly leavingDate?: IsoDate | null;
}

/** Everything `computeAlerts` reads; `asOf` is a parameter, never the clock (design.md §1). */
export interface AlertsInput {
  readonly calendar: SchoolCalendar;
  readonly settings: SchoolSettings;
  readonly asOf: IsoDate;
  readonly pupils: readonly PupilAlertInput[];
}

/**
 * Penalty watch (domain-rules.md §6, design.md §3): `count` is `G`+`O`+`U` in the rolling window
 * of school weeks, `outstandingN` the `N` sessions inside it, shown apart. Listed when count ≥
 * threshold − nearMargin, or when count + outstandingN reaches the threshold (`wouldReach`: the
 * office sees who tips over if the `N` sessions become `O`).
 */
export interface PenaltyRow {
  readonly pupilId: string;
  readonly count: number;
  readonly outstandingN: number;
  readonly windowStart: IsoDate;
  readonly windowEnd: IsoDate;
  readonly reached: boolean;
  readonly wouldReach: boolean;
}

/**
 * Lateness letters (domain-rules.md §7): `L` (`late`) and `U` (`lateAfterClose`) in the half term
 * holding `asOf` (in a holiday, the last one before it) up to `asOf`; `count` adds `U` only with
 * `lateness.countsU`.
 */
export interface LatenessRow {
  readonly pupilId: string;
  readonly count: number;
  readonly late: number;
  readonly lateAfterClose: number;
  readonly term: string;
  readonly termStart: IsoDate;
  readonly termEnd: IsoDate;
}

/**
 * A run of consecutive school days back from `asOf` (§7): `continuous10` (10+ days of `G`/`N`/`O`,
 * those at 20+ included: the local-authority return and the missing-education enquiries are
 * separate duties), `continuous20` (20+), `medicalEvidence` (whole days of `I`, more than the
 * setting).
 */
export interface RunRow {
  readonly pupilId: string;
  readonly days: number;
  readonly since: IsoDate;
}

/** Home visit (§7): the run reached `afterDays`; `visitDue` on that day and each repeat. */
export interface HomeVisitRow extends RunRow {
  readonly visitDue: boolean;
}

/**
 * Sickness return (§7): days of `I` in the academic year (from 1 August), recorded future `I`
 * included. A day is whole when all its sessions are `I`, half for one `I` session of two.
 * `reached` is false when only planned absence reaches 15 days; `reachesOn` is the day it does.
 */
export interface SicknessRow {
  readonly pupilId: string;
  readonly days: number;
  readonly daysToDate: number;
  readonly reached: boolean;
  readonly reachesOn: IsoDate;
}

/**
 * Suspension (§7): the run of `E` days through `asOf` carried on into recorded future `E` days,
 * when it is longer than 5. `provisionFrom` is day 6; `reached` once that day is not in the future.
 */
export interface SuspensionRow {
  readonly pupilId: string;
  readonly days: number;
  readonly start: IsoDate;
  readonly end: IsoDate;
  readonly provisionFrom: IsoDate;
  readonly reached: boolean;
}

/** First-day calling (§7): the sessions of `asOf` marked `N`. */
export interface FirstDayRow {
  readonly pupilId: string;
  readonly sessions: readonly Session[];
}

/** design.md §4 `/api/reports/alerts`, plus `homeVisit` and `medicalEvidence`. */
export interface Alerts {
  readonly penalty: PenaltyRow[];
  readonly lateness: LatenessRow[];
  readonly continuous10: RunRow[];
  readonly continuous20: RunRow[];
  readonly sickness15: SicknessRow[];
  readonly suspension5: SuspensionRow[];
  readonly firstDay: FirstDayRow[];
  readonly homeVisit: HomeVisitRow[];
  readonly medicalEvidence: RunRow[];
}

/** Inclusive index range into the school-day list; empty when `from > to`. */
interface Range {
  readonly from: number;
  readonly to: number;
}

interface Days {
  readonly dates: readonly IsoDate[];
  /** Sessions each school day has, as bits: 1 = AM, 2 = PM (one of them on a half closure). */
  readonly open: readonly number[];
  readonly position: ReadonlyMap<IsoDate, number>;
}

interface Context {
  readonly days: Days;
  readonly settings: SchoolSettings;
  readonly asOf: IsoDate;
  /** Index of the last school day on or before `asOf` (−1 when none). */
  readonly today: number;
  readonly window: Range & { readonly row: { windowStart: IsoDate; windowEnd: IsoDate } };
  readonly term:
    (Range & { readonly row: { term: string; termStart: IsoDate; termEnd: IsoDate } }) | null;
  readonly year: Range;
}

/** A pupil's cells: index 2·day for AM, 2·day + 1 for PM. */
interface Pupil {
  readonly id: string;
  readonly cells: readonly (CodeInfo | undefined)[];
  readonly roll: Range;
}

type Test = (info: CodeInfo) => boolean;
const MATCH = 1;
const BREAK = 0;
const SKIP = -1;
const SESSION_BIT: Record<Session, number> = { AM: 1, PM: 2 };
const BOTH_SESSIONS = 3;
const OPEN_START = '0000-01-01';
const OPEN_END = '9999-12-31';

const isAway = (i: CodeInfo) =>
  i.code !== 'U' && (i.treatment === 'authorised' || i.treatment === 'unauthorised');
const isUnauthorisedAway: Test = (i) => i.treatment === 'unauthorised' && i.code !== 'U';
const isUnexplained: Test = (i) => i.code === 'N' || i.code === 'O';
const isIll: Test = (i) => i.code === 'I';
const isSuspended: Test = (i) => i.code === 'E';
const HOME_VISIT_TESTS: Record<HomeVisitCounts, Test> = {
  'any-absence': isAway,
  unexplained: isUnexplained,
};

/** How many of `dates` come before `date` (or are on or before it, with `orEqual`). */
function countBefore(dates: readonly IsoDate[], date: IsoDate, orEqual = false): number {
  let [lo, hi] = [0, dates.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const d = dates[mid] ?? '';
    if (d < date || (orEqual && d === date)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function rangeOf(days: Days, from: IsoDate, to: IsoDate): Range {
  return { from: countBefore(days.dates, from), to: countBefore(days.dates, to, true) - 1 };
}

function listDays(calendar: SchoolCalendar): Days {
  const dates: IsoDate[] = [];
  const open: number[] = [];
  const position = new Map<IsoDate, number>();
  for (const date of eachDate(calendar.first, calendar.last)) {
    const sessions = sessionsOn(calendar, date);
    if (sessions.length === 0) continue;
    position.set(date, dates.length);
    dates.push(date);
    open.push(sessions.reduce((bits, session) => bits | SESSION_BIT[session], 0));
  }
  return { dates, open, position };
}

function buildContext({ calendar, settings, asOf }: AlertsInput): Context {
  const days = listDays(calendar);
  const w = schoolWeekWindow(calendar, asOf, settings.penalty.windowWeeks);
  const t = [...calendar.terms].reverse().find((term) => term.start <= asOf);
  const yearStart = academicYearStart(asOf);
  const yearEnd = addDays(`${String(Number(yearStart.slice(0, 4)) + 1)}-08-01`, -1);
  const term =
    t === undefined
      ? null
      : {
          ...rangeOf(days, t.start, t.end),
          row: { term: t.name, termStart: t.start, termEnd: t.end },
        };
  return {
    days,
    settings,
    asOf,
    today: countBefore(days.dates, asOf, true) - 1,
    window: { ...rangeOf(days, w.start, w.end), row: { windowStart: w.start, windowEnd: w.end } },
    term,
    year: rangeOf(days, yearStart, yearEnd),
  };
}

function loadPupil(ctx: Context, input: PupilAlertInput): Result<Pupil> {
  const cells = new Array<CodeInfo | undefined>(ctx.days.dates.length * 2);
  for (const mark of input.marks) {
    if (mark.code === null || mark.code === '') continue;
    const day = ctx.days.position.get(mark.date);
    if (day === undefined || ((ctx.days.open[day] ?? 0) & SESSION_BIT[mark.session]) === 0)
      continue;
    const info = codeOn(mark.code, mark.date);
    if (!info.ok)
      return err(
        info.error.code,
        `Pupil ${input.pupilId}, ${mark.date} ${mark.session}: ${info.error.message}`,
      );
    cells[day * 2 + (mark.session === 'AM' ? 0 : 1)] = info.value;
  }
  const roll = rangeOf(ctx.days, input.admissionDate ?? OPEN_START, input.leavingDate ?? OPEN_END);
  return ok({ id: input.pupilId, cells, roll });
}

/** MATCH when every possible session recorded on the day passes, SKIP when none is recorded. */
function classify(p: Pupil, day: number, test: Test): number {
  let seen = false;
  for (let k = day * 2; k <= day * 2 + 1; k += 1) {
    const info = p.cells[k];
    if (info === undefined || info.treatment === 'not-possible') continue;
    if (!test(info)) return BREAK;
    seen = true;
  }
  return seen ? MATCH : SKIP;
}

/** Matching days counted back from `asOf`; their dates are pushed to `collect`, newest first. */
function runBack(ctx: Context, p: Pupil, test: Test, collect: IsoDate[] = []): IsoDate[] {
  for (let day = Math.min(ctx.today, p.roll.to); day >= p.roll.from; day -= 1) {
    const state = classify(p, day, test);
    if (state === BREAK) break;
    if (state === MATCH) collect.push(ctx.days.dates[day] ?? '');
  }
  return collect;
}

function runRow(p: Pupil, run: readonly IsoDate[]): RunRow {
  return { pupilId: p.id, days: run.length, since: run[run.length - 1] ?? '' };
}

/** Calls `fn` for every recorded cell of the pupil's on-roll days within `range`. */
function eachCell(p: Pupil, range: Range, fn: (info: CodeInfo, day: number) => void): void {
  const last = Math.min(range.to, p.roll.to);
  for (let day = Math.max(range.from, p.roll.from); day <= last; day += 1) {
    const [am, pm] = [p.cells[day * 2], p.cells[day * 2 + 1]];
    if (am !== undefined) fn(am, day);
    if (pm !== undefined) fn(pm, day);
  }
}

/** Penalty watch: `G`, `O`, `U` in the rolling school-week window (domain-rules.md §6). */
function penaltyRow(ctx: Context, p: Pupil): PenaltyRow | null {
  const { threshold, nearMargin } = ctx.settings.penalty;
  let [count, outstandingN] = [0, 0];
  eachCell(p, ctx.window, (info) => {
    if (info.code === 'N') outstandingN += 1;
    else if (info.treatment === 'unauthorised') count += 1;
  });
  const [reached, wouldReach] = [count >= threshold, count + outstandingN >= threshold];
  const isNear = count > 0 && count >= threshold - nearMargin;
  if (!isNear && !(outstandingN > 0 && wouldReach)) return null;
  return { pupilId: p.id, count, outstandingN, ...ctx.window.row, reached, wouldReach };
}

/** Late arrivals in the half term up to `asOf` (domain-rules.md §7). */
function latenessRow(ctx: Context, p: Pupil): LatenessRow | null {
  const { term } = ctx;
  if (term === null) return null;
  const { threshold, mode, countsU } = ctx.settings.lateness;
  let [late, lateAfterClose] = [0, 0];
  eachCell(p, { from: term.from, to: Math.min(term.to, ctx.today) }, (info) => {
    if (info.code === 'L') late += 1;
    else if (info.code === 'U') lateAfterClose += 1;
  });
  const count = late + (countsU ? lateAfterClose : 0);
  if (!meetsThreshold(count, threshold, mode)) return null;
  return { pupilId: p.id, count, late, lateAfterClose, ...term.row };
}

/** Sickness return: 15 days of `I` in the academic year, recorded future days included (§7). */
function sicknessRow(ctx: Context, p: Pupil): SicknessRow | null {
  const needHalves = SICKNESS_RETURN_DAYS * 2;
  let [halves, halvesToDate] = [0, 0];
  let reachesOn: IsoDate | undefined;
  eachCell(p, ctx.year, (info, day) => {
    if (!isIll(info)) return;
    halves += ctx.days.open[day] === BOTH_SESSIONS ? 1 : 2;
    if (day <= ctx.today) halvesToDate = halves;
    if (reachesOn === undefined && halves >= needHalves) reachesOn = ctx.days.dates[day];
  });
  if (reachesOn === undefined) return null;
  const reached = halvesToDate >= needHalves;
  return { pupilId: p.id, days: halves / 2, daysToDate: halvesToDate / 2, reached, reachesOn };
}

/** More than 5 consecutive school days of `E`, recorded future days included (§7). */
function suspensionRow(ctx: Context, p: Pupil): SuspensionRow | null {
  const run = runBack(ctx, p, isSuspended).reverse();
  let day = ctx.today + 1;
  while (day <= p.roll.to && classify(p, day, isSuspended) === MATCH) {
    run.push(ctx.days.dates[day] ?? '');
    day += 1;
  }
  const provisionFrom = run[SUSPENSION_DAYS];
  if (provisionFrom === undefined) return null;
  const [start, end, reached] = [
    run[0] ?? '',
    run[run.length - 1] ?? '',
    provisionFrom <= ctx.asOf,
  ];
  return { pupilId: p.id, days: run.length, start, end, provisionFrom, reached };
}

function firstDayRow(ctx: Context, p: Pupil): FirstDayRow | null {
  const day = ctx.today;
  if (ctx.days.dates[day] !== ctx.asOf || day < p.roll.from || day > p.roll.to) return null;
  const sessions = (['AM', 'PM'] as const).filter((_, k) => p.cells[day * 2 + k]?.code === 'N');
  return sessions.length === 0 ? null : { pupilId: p.id, sessions };
}

function homeVisitRow(ctx: Context, p: Pupil): HomeVisitRow | null {
  const setting = ctx.settings.homeVisit;
  if (setting === null) return null;
  const run = runBack(ctx, p, HOME_VISIT_TESTS[setting.counts]);
  const extra = run.length - setting.afterDays;
  if (extra < 0) return null;
  const repeat = setting.repeatEveryDays;
  return { ...runRow(p, run), visitDue: extra === 0 || (repeat !== null && extra % repeat === 0) };
}

function addPupilAlerts(ctx: Context, p: Pupil, out: Alerts): void {
  const add = <T>(list: T[], row: T | null) => {
    if (row !== null) list.push(row);
  };
  add(out.penalty, penaltyRow(ctx, p));
  add(out.lateness, latenessRow(ctx, p));
  const away = runBack(ctx, p, isUnauthorisedAway);
  if (away.length >= CONTINUOUS_LA_DAYS) out.continuous10.push(runRow(p, away));
  if (away.length >= CONTINUOUS_CME_DAYS) out.continuous20.push(runRow(p, away));
  add(out.sickness15, sicknessRow(ctx, p));
  add(out.suspension5, suspensionRow(ctx, p));
  add(out.firstDay, firstDayRow(ctx, p));
  add(out.homeVisit, homeVisitRow(ctx, p));
  const overDays = ctx.settings.medicalEvidenceOverDays;
  const ill = overDays === null ? [] : runBack(ctx, p, isIll);
  if (overDays !== null && ill.length > overDays) out.medicalEvidence.push(runRow(p, ill));
}

/**
 * Every alert as of `asOf` for the pupils given, rows in input order (domain-rules.md §6, §7).
 * Errors: `malformed-date` for `asOf`; `unknown-code` / `code-not-valid-on-date` naming the
 * pupil and session, for a mark on a school session.
 */
export function computeAlerts(input: AlertsInput): Result<Alerts> {
  const asOf = parseIsoDate(input.asOf);
  if (!asOf.ok) return asOf;
  const ctx = buildContext(input);
  const out: Alerts = {
    penalty: [],
    lateness: [],
    continuous10: [],
    continuous20: [],
    sickness15: [],
    suspension5: [],
    firstDay: [],
    homeVisit: [],
    medicalEvidence: [],
  };
  for (const pupil of input.pupils) {
    const [admitted, left] = [pupil.admissionDate ?? OPEN_START, pupil.leavingDate ?? OPEN_END];
    if (admitted > input.asOf || left < input.asOf) continue;
    const loaded = loadPupil(ctx, pupil);
    if (!loaded.ok) return loaded;
    addPupilAlerts(ctx, loaded.value, out);
  }
  return ok(out);
}
