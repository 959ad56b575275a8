/**
 * Checks a school bundle (design.md §4) before anything is written: its shape with zod, then its
 * meaning with `src/domain` (calendar, session times, settings, references between records).
 * Every problem is reported with the path of the bad field, all at once, so whoever prepared the
 * file can fix it in one go.
 */
import { buildCalendar, type SchoolCalendar } from '../../domain/calendar.ts';
import { isPresetSlug, presetSettings } from '../../domain/presets.ts';
import {
  validateSettings,
  type SchoolSettings,
  type SchoolSettingsInput,
} from '../../domain/settings.ts';
import { timesFor } from '../../domain/sessionTimes.ts';
import { bundleSchema, type SchoolBundle } from '../../schema/bundle.ts';

export interface BundleProblem {
  /** Where the problem is, e.g. `pupils[3].groupId`. */
  readonly path: string;
  readonly message: string;
}

export interface ValidBundle {
  readonly bundle: SchoolBundle;
  readonly calendar: SchoolCalendar;
  readonly settings: SchoolSettings;
}

export type BundleCheck =
  { ok: true; value: ValidBundle } | { ok: false; problems: BundleProblem[] };

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${String(key)}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}

function duplicates<T>(
  items: readonly T[],
  key: (item: T) => string,
  path: (i: number) => string,
  what: string,
): BundleProblem[] {
  const seen = new Map<string, number>();
  const problems: BundleProblem[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else
      problems.push({
        path: path(i),
        message: `${what} "${k}" is used twice (also at ${path(first)}).`,
      });
  });
  return problems;
}

function settingsOf(bundle: SchoolBundle, problems: BundleProblem[]): SchoolSettings | undefined {
  const { preset, settings, sessionTimes } = bundle.school;
  let base = {};
  if (preset !== undefined) {
    const fromPreset = isPresetSlug(preset) ? presetSettings(preset) : undefined;
    if (fromPreset?.ok === true) base = fromPreset.value;
    else problems.push({ path: 'school.preset', message: `"${preset}" is not a known preset.` });
  }
  // zod marks left-out fields `undefined`; the domain wants them absent so defaults apply.
  const given = Object.fromEntries(
    Object.entries(settings ?? {}).filter(([, value]) => value !== undefined),
  ) as SchoolSettingsInput;
  const result = validateSettings({ ...base, ...given, sessionTimes });
  if (result.ok) return result.value;
  const path = result.error.code === 'invalid-settings' ? 'school.settings' : 'school.sessionTimes';
  problems.push({ path, message: result.error.message });
  return undefined;
}

function referenceProblems(bundle: SchoolBundle): BundleProblem[] {
  const problems: BundleProblem[] = [
    ...duplicates(
      bundle.groups,
      (g) => g.id,
      (i) => `groups[${String(i)}].id`,
      'Group id',
    ),
    ...duplicates(
      bundle.pupils,
      (p) => p.id,
      (i) => `pupils[${String(i)}].id`,
      'Pupil id',
    ),
    ...duplicates(
      bundle.pupils,
      (p) => p.upn,
      (i) => `pupils[${String(i)}].upn`,
      'UPN',
    ),
    ...duplicates(
      bundle.staff,
      (s) => s.username.toLowerCase(),
      (i) => `staff[${String(i)}].username`,
      'Username',
    ),
  ];
  const groupIds = new Set(bundle.groups.map((g) => g.id));
  bundle.pupils.forEach((pupil, i) => {
    if (!groupIds.has(pupil.groupId)) {
      problems.push({
        path: `pupils[${String(i)}].groupId`,
        message: `There is no group "${pupil.groupId}".`,
      });
    }
    if (pupil.leavingDate != null && pupil.leavingDate < pupil.admissionDate) {
      problems.push({
        path: `pupils[${String(i)}].leavingDate`,
        message: 'The leaving date is before the admission date.',
      });
    }
  });
  bundle.staff.forEach((member, i) => {
    member.groups.forEach((groupId, j) => {
      if (!groupIds.has(groupId)) {
        problems.push({
          path: `staff[${String(i)}].groups[${String(j)}]`,
          message: `There is no group "${groupId}".`,
        });
      }
    });
  });
  return problems;
}

function groupTimeProblems(bundle: SchoolBundle): BundleProblem[] {
  const problems: BundleProblem[] = [];
  bundle.groups.forEach((group, i) => {
    for (const session of ['AM', 'PM'] as const) {
      if (group.sessionTimes?.[session] === undefined) continue;
      const times = timesFor(bundle.school.sessionTimes, group.sessionTimes, session);
      if (!times.ok)
        problems.push({
          path: `groups[${String(i)}].sessionTimes.${session}`,
          message: times.error.message,
        });
    }
  });
  return problems;
}

/** Validates a parsed JSON value as a school bundle; never throws. */
export function validateBundle(input: unknown): BundleCheck {
  const parsed = bundleSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        path: formatPath(issue.path) || '(file)',
        message: issue.message,
      })),
    };
  }
  const bundle = parsed.data;
  const problems: BundleProblem[] = [];
  const calendar = buildCalendar(bundle.calendar);
  if (!calendar.ok) problems.push({ path: 'calendar', message: calendar.error.message });
  const settings = settingsOf(bundle, problems);
  problems.push(...referenceProblems(bundle), ...groupTimeProblems(bundle));
  if (problems.length > 0 || !calendar.ok || settings === undefined) return { ok: false, problems };
  return { ok: true, value: { bundle, calendar: calendar.value, settings } };
}
