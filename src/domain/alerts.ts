/**
 * The office's alerts as of a date (docs/attendance-rules.md §6, §7; docs/sync-protocol.md §8
 * `/api/reports/alerts`).
 *
 * Built for a whole school at once: the calendar's school days are listed once per call (a
 * `SchoolDayIndex`, `schoolDayIndex.ts`) and each pupil's marks are laid into an array indexed by
 * school day, so every alert is a short scan of that array, never a walk over the calendar per
 * pupil. The input and row types, with the rule each row reports, are in `alertTypes.ts`.
 *
 * The rules common to every alert (what counts as a consecutive school day, why `U` is never a
 * day away, who is on roll) are set out at the top of `alertTypes.ts`.
 */
import type {
  Alerts,
  AlertsInput,
  FirstDayRow,
  HomeVisitRow,
  LatenessRow,
  NotBackRow,
  PenaltyRow,
  PupilAlertInput,
  RunRow,
  SicknessRow,
  SuspensionRow,
} from './alertTypes.ts';
import {
  academicYearEnd,
  academicYearStart,
  schoolWeekWindow,
  SESSIONS,
  type SchoolCalendar,
  type Session,
} from './calendar.ts';
import { isOnSite, type CodeInfo } from './codes.ts';
import { OPEN_END, OPEN_START, parseIsoDate, type IsoDate } from './dates.ts';
import { err, ok, type Result } from './result.ts';
import {
  buildSchoolDayIndex,
  dayRange,
  hasSession,
  lastSchoolDayOnOrBefore,
  type DayRange,
  type SchoolDayIndex,
} from './schoolDayIndex.ts';
import { meetsThreshold, type HomeVisitCounts, type SchoolSettings } from './settings.ts';
import { readMark } from './statistics.ts';

/** The input and row types live in `alertTypes.ts`; they are importable from here too. */
export type * from './alertTypes.ts';

/** School days of `G`/`N`/`O` to return to the local authority (docs/attendance-rules.md §7). */
export const CONTINUOUS_LA_DAYS = 10;
/** School days of `G`/`N`/`O` that prompt children-missing-education enquiries (§7). */
export const CONTINUOUS_CME_DAYS = 20;
/** School days not back after a leave of absence that prompt the same enquiries (§7). */
export const NOT_BACK_AFTER_LEAVE_DAYS = 10;
/** School days of illness in an academic year that need a sickness return (§7). */
export const SICKNESS_RETURN_DAYS = 15;
/** Alternative provision is due after more than this many consecutive days of `E` (§7). */
export const SUSPENSION_DAYS = 5;

interface Context {
  readonly days: SchoolDayIndex;
  readonly settings: SchoolSettings;
  readonly asOf: IsoDate;
  /** Position of the last school day on or before `asOf` (−1 when none). */
  readonly today: number;
  readonly window: DayRange & { readonly row: { windowStart: IsoDate; windowEnd: IsoDate } };
  readonly term:
    (DayRange & { readonly row: { term: string; termStart: IsoDate; termEnd: IsoDate } }) | null;
  readonly year: DayRange;
}

/** A pupil's cells: index 2·day for AM, 2·day + 1 for PM (see `cellOf`). */
interface Pupil {
  readonly id: string;
  readonly cells: readonly (CodeInfo | undefined)[];
  readonly roll: DayRange;
}

type Test = (info: CodeInfo) => boolean;
const MATCH = 1;
const BREAK = 0;
const SKIP = -1;

// `U` is unauthorised absence but the pupil is on site, so it is never a day away (§1).
const isAway: Test = (i) =>
  !isOnSite(i.code) && (i.treatment === 'authorised' || i.treatment === 'unauthorised');
const isUnauthorisedAway: Test = (i) => i.treatment === 'unauthorised' && !isOnSite(i.code);
const isUnexplained: Test = (i) => i.code === 'N' || i.code === 'O';
const isIll: Test = (i) => i.code === 'I';
const isSuspended: Test = (i) => i.code === 'E';
// Leave the headteacher grants (§8); `M` is left out, see `NotBackRow` in `alertTypes.ts`.
const isGrantedLeave: Test = (i) => i.category === 'leave-of-absence' && i.code !== 'M';
/** A day's sessions, the later first: a scan back from `asOf` meets PM before AM. */
const SESSIONS_LATEST_FIRST: readonly Session[] = [...SESSIONS].reverse();
const HOME_VISIT_TESTS: Record<HomeVisitCounts, Test> = {
  'any-absence': isAway,
  unexplained: isUnexplained,
};

/** The cell of one session of the school day at position `day`. */
function cellOf(day: number, session: Session): number {
  return day * 2 + (session === 'AM' ? 0 : 1);
}

/** A pupil's first and last days on roll, both inclusive; a bound not given is open. */
function enrolment(input: PupilAlertInput): readonly [IsoDate, IsoDate] {
  return [input.admissionDate ?? OPEN_START, input.leavingDate ?? OPEN_END];
}

function buildContext({ calendar, settings, asOf }: AlertsInput): Context {
  const days = buildSchoolDayIndex(calendar);
  const w = schoolWeekWindow(calendar, asOf, settings.penalty.windowWeeks);
  const t = calendar.terms.findLast((term) => term.start <= asOf);
  const term =
    t === undefined
      ? null
      : {
          ...dayRange(days, t.start, t.end),
          row: { term: t.name, termStart: t.start, termEnd: t.end },
        };
  return {
    days,
    settings,
    asOf,
    today: lastSchoolDayOnOrBefore(days, asOf),
    window: { ...dayRange(days, w.start, w.end), row: { windowStart: w.start, windowEnd: w.end } },
    term,
    year: dayRange(days, academicYearStart(asOf), academicYearEnd(asOf)),
  };
}

function loadPupil(ctx: Context, input: PupilAlertInput): Result<Pupil> {
  const cells = new Array<CodeInfo | undefined>(ctx.days.dates.length * 2);
  for (const mark of input.marks) {
    const day = ctx.days.position.get(mark.date);
    if (day === undefined || !hasSession(ctx.days, day, mark.session)) continue;
    const info = readMark(mark);
    if (!info.ok)
      return err({
        code: info.error.code,
        message: `Pupil ${input.pupilId}, ${info.error.message}`,
      });
    if (info.value !== null) cells[cellOf(day, mark.session)] = info.value;
  }
  const [admitted, left] = enrolment(input);
  return ok({ id: input.pupilId, cells, roll: dayRange(ctx.days, admitted, left) });
}

/** MATCH when every possible session recorded on the day passes, SKIP when none is recorded. */
function classify(p: Pupil, day: number, test: Test): number {
  let seen = false;
  for (const session of SESSIONS) {
    const info = p.cells[cellOf(day, session)];
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
function eachCell(p: Pupil, range: DayRange, fn: (info: CodeInfo, day: number) => void): void {
  const last = Math.min(range.to, p.roll.to);
  for (let day = Math.max(range.from, p.roll.from); day <= last; day += 1) {
    for (const session of SESSIONS) {
      const info = p.cells[cellOf(day, session)];
      if (info !== undefined) fn(info, day);
    }
  }
}

/** Penalty watch: `G`, `O`, `U` in the rolling school-week window (docs/attendance-rules.md §6). */
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

/** Late arrivals in the half term up to `asOf` (docs/attendance-rules.md §7). */
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
    // Half a day per session; the one session of a half-closure day is a whole day.
    halves += ctx.days.sessions[day]?.length === 2 ? 1 : 2;
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
  const [start, end, reached] = [run[0] ?? '', run.at(-1) ?? '', provisionFrom <= ctx.asOf];
  return { pupilId: p.id, days: run.length, start, end, provisionFrom, reached };
}

/**
 * Not back 10 school days after a leave ended (§7): scans back from `asOf` to the pupil's latest
 * leave session, counting away days after it; any session attended or on site on the way means
 * the pupil came back. The rules are on `NotBackRow`.
 */
function notBackRow(ctx: Context, p: Pupil): NotBackRow | null {
  const run: IsoDate[] = [];
  for (let day = Math.min(ctx.today, p.roll.to); day >= p.roll.from; day -= 1) {
    const date = ctx.days.dates[day] ?? '';
    for (const session of SESSIONS_LATEST_FIRST) {
      const info = p.cells[cellOf(day, session)];
      if (info === undefined || info.treatment === 'not-possible') continue;
      if (isGrantedLeave(info)) {
        if (run.length < NOT_BACK_AFTER_LEAVE_DAYS) return null;
        return { ...runRow(p, run), leaveEnded: date, leaveCode: info.code };
      }
      if (!isAway(info)) return null;
    }
    if (classify(p, day, isAway) === MATCH) run.push(date);
  }
  return null;
}

function firstDayRow(ctx: Context, p: Pupil): FirstDayRow | null {
  const day = ctx.today;
  if (ctx.days.dates[day] !== ctx.asOf || day < p.roll.from || day > p.roll.to) return null;
  const sessions = SESSIONS.filter((session) => p.cells[cellOf(day, session)]?.code === 'N');
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
  add(out.notBack10, notBackRow(ctx, p));
  add(out.sickness15, sicknessRow(ctx, p));
  add(out.suspension5, suspensionRow(ctx, p));
  add(out.firstDay, firstDayRow(ctx, p));
  add(out.homeVisit, homeVisitRow(ctx, p));
  const overDays = ctx.settings.medicalEvidenceOverDays;
  const ill = overDays === null ? [] : runBack(ctx, p, isIll);
  if (overDays !== null && ill.length > overDays) out.medicalEvidence.push(runRow(p, ill));
}

/**
 * The marks the alerts as of `asOf` read: the whole school year, future included (a planned
 * absence already recorded can reach a threshold), from the calendar's first day when that comes
 * earlier. The server's report and a device's pupil page read the same window.
 */
export function alertsWindow(
  calendar: Pick<SchoolCalendar, 'first'>,
  asOf: IsoDate,
): { readonly from: IsoDate; readonly to: IsoDate } {
  const start = academicYearStart(asOf);
  return {
    from: calendar.first !== '' && calendar.first < start ? calendar.first : start,
    to: academicYearEnd(asOf),
  };
}

/**
 * Every alert as of `asOf` for the pupils given, rows in input order (docs/attendance-rules.md §6,
 * §7). Errors: `malformed-date` for `asOf`; `unknown-code` / `code-not-valid-on-date` naming the
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
    notBack10: [],
    sickness15: [],
    suspension5: [],
    firstDay: [],
    homeVisit: [],
    medicalEvidence: [],
  };
  for (const pupil of input.pupils) {
    const [admitted, left] = enrolment(pupil);
    if (admitted > input.asOf || left < input.asOf) continue;
    const loaded = loadPupil(ctx, pupil);
    if (!loaded.ok) return loaded;
    addPupilAlerts(ctx, loaded.value, out);
  }
  return ok(out);
}
