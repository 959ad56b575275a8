/**
 * Checks a school bundle (docs/sync-protocol.md §10) before anything is written: its shape with
 * zod, then its meaning with `src/domain` (calendar, session times, settings, references between
 * records). Every problem is reported with the path of the bad field, all at once, so whoever
 * prepared the file can fix it in one go.
 */
import { buildCalendar, type SchoolCalendar } from '../../domain/calendar.ts';
import { isPresetSlug, presetSettings } from '../../domain/presets.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import {
  validateSettings,
  type SchoolSettings,
  type SchoolSettingsInput,
} from '../../domain/settings.ts';
import { timesFor } from '../../domain/sessionTimes.ts';
import type { z } from 'zod';
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

/** A valid bundle, or every problem found, each at its path. */
export type BundleCheck = Result<ValidBundle, BundleProblem[]>;

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${String(key)}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}

function duplicates<T>(
  items: readonly (T | undefined)[],
  key: (item: T) => string,
  path: (i: number) => string,
  what: string,
): BundleProblem[] {
  const seen = new Map<string, number>();
  const problems: BundleProblem[] = [];
  items.forEach((item, i) => {
    if (item === undefined) return;
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

function settingsOf(
  school: SchoolBundle['school'],
  problems: BundleProblem[],
): SchoolSettings | undefined {
  const { preset, settings, sessionTimes } = school;
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

/**
 * The bundle's records, each checked on its own: a record with a shape problem is a hole
 * (`undefined`), so the checks between records still run on the rest and report every problem at
 * once. `groupIds` holds every group id given, so a pupil is not blamed for its group's typo.
 */
interface BundleParts {
  readonly school: SchoolBundle['school'] | undefined;
  readonly groups: readonly (SchoolBundle['groups'][number] | undefined)[];
  readonly pupils: readonly (SchoolBundle['pupils'][number] | undefined)[];
  readonly staff: readonly (SchoolBundle['staff'][number] | undefined)[];
  readonly groupIds: ReadonlySet<string>;
}

function partsOf(bundle: SchoolBundle): BundleParts {
  return { ...bundle, groupIds: new Set(bundle.groups.map((g) => g.id)) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parts of an input that failed the shape check as a whole. */
function looseParts(input: unknown): BundleParts {
  const raw = isRecord(input) ? input : {};
  const each = <T>(schema: z.ZodType<T>, list: unknown): (T | undefined)[] =>
    Array.isArray(list)
      ? list.map((item) => {
          const parsed = schema.safeParse(item);
          return parsed.success ? parsed.data : undefined;
        })
      : [];
  const shape = bundleSchema.shape;
  const school = shape.school.safeParse(raw['school']);
  const groupIds = Array.isArray(raw['groups'])
    ? raw['groups'].flatMap((g) => (isRecord(g) && typeof g['id'] === 'string' ? [g['id']] : []))
    : [];
  return {
    school: school.success ? school.data : undefined,
    groups: each(shape.groups.element, raw['groups']),
    pupils: each(shape.pupils.element, raw['pupils']),
    staff: each(shape.staff.element, raw['staff']),
    groupIds: new Set(groupIds),
  };
}

function referenceProblems(bundle: BundleParts): BundleProblem[] {
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
  const { groupIds } = bundle;
  bundle.pupils.forEach((pupil, i) => {
    if (pupil === undefined) return;
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
    member?.groups.forEach((groupId, j) => {
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

function groupTimeProblems(bundle: BundleParts): BundleProblem[] {
  const problems: BundleProblem[] = [];
  bundle.groups.forEach((group, i) => {
    for (const session of ['AM', 'PM'] as const) {
      const override = group?.sessionTimes?.[session];
      if (override === undefined) continue;
      // An override replaces the school's times for the session as a whole (timesFor), so it is
      // checked on its own, even when the school's times are missing or malformed.
      const times = timesFor({ AM: override, PM: override }, group?.sessionTimes, session);
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
    // Report the shape problems, and the problems between the records that are well formed.
    const problems: BundleProblem[] = parsed.error.issues.map((issue) => ({
      path: formatPath(issue.path) || '(file)',
      message: issue.message,
    }));
    const parts = looseParts(input);
    const calendar = bundleSchema.shape.calendar.safeParse(
      isRecord(input) ? input['calendar'] : undefined,
    );
    if (calendar.success) {
      const built = buildCalendar(calendar.data);
      if (!built.ok) problems.push({ path: 'calendar', message: built.error.message });
    }
    if (parts.school !== undefined) settingsOf(parts.school, problems);
    problems.push(...referenceProblems(parts), ...groupTimeProblems(parts));
    return err(problems);
  }
  const bundle = parsed.data;
  const problems: BundleProblem[] = [];
  const calendar = buildCalendar(bundle.calendar);
  if (!calendar.ok) problems.push({ path: 'calendar', message: calendar.error.message });
  const settings = settingsOf(bundle.school, problems);
  const parts = partsOf(bundle);
  problems.push(...referenceProblems(parts), ...groupTimeProblems(parts));
  if (problems.length > 0 || !calendar.ok || settings === undefined) return err(problems);
  return ok({ bundle, calendar: calendar.value, settings });
}
