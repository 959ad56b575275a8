/**
 * The five seed schools as named presets (docs/attendance-rules.md §11, from the policies in
 * `shared/seeds/`). A preset is a starting point a school then edits; where a policy does not
 * state a value, the choice made here is noted beside it.
 *
 * `lateAfter` is the last minute that is still on time (docs/attendance-rules.md §1: arrival ≤
 * lateAfter is present), so a policy saying "late from 09:15" gives `lateAfter: '09:14'`, and one
 * saying "a late mark if not in class by 09:20" gives `'09:20'`.
 */
import type { IsoDate } from './dates.ts';
import { err, ok, type Result } from './result.ts';
import { DEFAULT_SETTINGS, type SchoolSettings } from './settings.ts';
import type { SchoolSessionTimes } from './sessionTimes.ts';

/** The seed schools' slugs (docs/attendance-rules.md §11). */
export type PresetSlug =
  'causeway-green' | 'lady-byron' | 'reach2-template' | 'stoc-trust' | 'micklefield';

/** A seed school's settings, ready to copy into a new school (docs/attendance-rules.md §11). */
export interface SchoolPreset {
  readonly slug: PresetSlug;
  readonly name: string;
  /** The seed file's number in `shared/seeds/` (README.md there). */
  readonly seed: '000' | '001' | '002' | '003' | '004';
  /**
   * When the policy was written (the 1st of its month, or of its year when only that is known);
   * seed 002 predates the 2024 code set (docs/attendance-rules.md §2).
   */
  readonly policyDate: IsoDate;
  readonly settings: SchoolSettings;
  /**
   * Per-group overrides by a suggested group key (docs/attendance-rules.md §1, docs/architecture.md
   * §2.3).
   */
  readonly groupSessionTimes: Readonly<Record<string, Partial<SchoolSessionTimes>>>;
}

/** Seed 000: Causeway Green Primary (Sandwell), Sept 2024. */
const CAUSEWAY_GREEN: SchoolPreset = {
  slug: 'causeway-green',
  name: 'Causeway Green Primary School',
  seed: '000',
  policyDate: '2024-09-01',
  settings: {
    ...DEFAULT_SETTINGS,
    sessionTimes: {
      // AM ends: not stated, 12:00 chosen. PM register: not stated; 13:00–13:30 chosen, the same
      // 30-minute open period as the morning (the guidance wants every session alike).
      AM: { opens: '08:50', lateAfter: '08:50', closes: '09:20', ends: '12:00' },
      PM: { opens: '13:00', lateAfter: '13:00', closes: '13:30', ends: '15:15' },
    },
    letterThresholds: [
      {
        id: 'concern-letter',
        label: 'Attendance concern letter',
        tenths: 920,
        comparison: 'below',
      },
      {
        id: 'pa-meeting',
        label: 'PA meeting and action plan',
        tenths: 900,
        comparison: 'at-or-below',
      },
    ],
    lateness: { threshold: 4, mode: 'at-least', countsU: true },
    medicalEvidenceOverDays: 3,
    // "Still absent on the third day, with no contact": unexplained absence only.
    homeVisit: { afterDays: 3, repeatEveryDays: null, counts: 'unexplained' },
  },
  groupSessionTimes: {
    // KS1 and Reception end at 15:15 (the school's times); KS2 at 15:20.
    ks2: { PM: { opens: '13:00', lateAfter: '13:00', closes: '13:30', ends: '15:20' } },
    // Part-time nursery groups; their register open periods are not stated, 30 minutes chosen.
    'nursery-am': { AM: { opens: '08:30', lateAfter: '08:30', closes: '09:00', ends: '11:30' } },
    'nursery-pm': { PM: { opens: '12:15', lateAfter: '12:15', closes: '12:45', ends: '15:15' } },
  },
};

/** Seed 001: The Lady Byron School, 2024. */
const LADY_BYRON: SchoolPreset = {
  slug: 'lady-byron',
  name: 'The Lady Byron School',
  seed: '001',
  policyDate: '2024-09-01',
  settings: {
    ...DEFAULT_SETTINGS,
    sessionTimes: {
      // Late "from 09:15" / "from 13:15": 09:14 and 13:14 are the last on-time minutes. This
      // differs from `opens`, so the product shows its compliance warning (docs/attendance-rules.md
      // §1). AM ends: not stated, 12:00 chosen. The day ends at 15:00.
      AM: { opens: '09:00', lateAfter: '09:14', closes: '09:30', ends: '12:00' },
      PM: { opens: '13:00', lateAfter: '13:14', closes: '13:30', ends: '15:00' },
    },
    // "Longer than 5 days": over 5. Lateness, letters and home visits: not stated, defaults.
    medicalEvidenceOverDays: 5,
  },
  groupSessionTimes: {},
};

/** Seed 002: REAch2 Academy Trust template, Oct 2022 (local policy only: its codes are pre-2024). */
const REACH2_TEMPLATE: SchoolPreset = {
  slug: 'reach2-template',
  name: 'REAch2 Academy Trust (2022 template)',
  seed: '002',
  policyDate: '2022-10-01',
  settings: {
    ...DEFAULT_SETTINGS,
    sessionTimes: {
      // Late if not in class "by" 09:20 / 13:00, so those minutes are still on time. Lunch is
      // 12:00–13:00. PM ends: not stated; 15:30 chosen (a 09:00 start and 32.5 hours a week).
      AM: { opens: '09:00', lateAfter: '09:20', closes: '09:30', ends: '12:00' },
      PM: { opens: '13:00', lateAfter: '13:00', closes: '13:10', ends: '15:30' },
    },
    bands: [
      { name: 'purple', tenths: 970, comparison: 'at-least' },
      { name: 'green', tenths: 955, comparison: 'at-least' },
      { name: 'yellow', tenths: 940, comparison: 'at-least' },
      { name: 'amber', tenths: 925, comparison: 'at-least' },
      { name: 'red', tenths: 0, comparison: 'at-least' },
    ],
    attendanceTargetTenths: 970,
    // One action per band below purple, in the template's order.
    letterThresholds: [
      {
        id: 'green-letter',
        label: 'Lost-learning letter and chat',
        tenths: 970,
        comparison: 'below',
      },
      {
        id: 'yellow-monitoring',
        label: 'Four-week monitoring letter',
        tenths: 955,
        comparison: 'below',
      },
      { id: 'amber-meeting', label: 'Meeting on consequences', tenths: 940, comparison: 'below' },
      {
        id: 'red-formal',
        label: 'Formal support or enforcement',
        tenths: 925,
        comparison: 'below',
      },
    ],
    // Medical evidence, home visits and lateness: not stated numerically, defaults.
  },
  groupSessionTimes: {},
};

/** The staggered end of the day at seed 003 (its register times are the same for every class). */
function stocEnd(ends: string): Partial<SchoolSessionTimes> {
  return { PM: { opens: '13:15', lateAfter: '13:15', closes: '13:20', ends } };
}

/** Seed 003: a STOC Catholic Academy Trust school, 2025. */
const STOC_TRUST: SchoolPreset = {
  slug: 'stoc-trust',
  name: 'STOC Catholic Academy Trust school',
  seed: '003',
  policyDate: '2025-01-01',
  settings: {
    ...DEFAULT_SETTINGS,
    sessionTimes: {
      // PM close: not stated; 13:20 chosen, the same 5-minute open period as the morning.
      // AM ends: not stated, 12:00 chosen. PM ends 15:15 (the middle of the staggered ends).
      AM: { opens: '08:55', lateAfter: '08:55', closes: '09:00', ends: '12:00' },
      PM: { opens: '13:15', lateAfter: '13:15', closes: '13:20', ends: '15:15' },
    },
    letterThresholds: [
      {
        id: 'support-meeting',
        label: 'Attendance support meeting',
        tenths: 950,
        comparison: 'below',
      },
      // The policy writes "below 90%"; persistent absence in law includes exactly 90%.
      {
        id: 'intensive-track',
        label: 'Intensive support (PA/SA)',
        tenths: 900,
        comparison: 'at-or-below',
      },
    ],
    lateness: { threshold: 3, mode: 'more-than', countsU: true },
    // Medical evidence only when the illness is in doubt: no day count.
    medicalEvidenceOverDays: null,
    homeVisit: { afterDays: 3, repeatEveryDays: 3, counts: 'unexplained' },
  },
  groupSessionTimes: {
    // Classes start 08:40 / 08:45 / 08:50 and end 15:10 / 15:15 / 15:20; the register is at
    // 08:55 for all, so only the session end differs.
    'start-0840': stocEnd('15:10'),
    'start-0845': stocEnd('15:15'),
    'start-0850': stocEnd('15:20'),
  },
};

/** Seed 004: Micklefield CE Primary (Leeds), 2024–25. */
const MICKLEFIELD: SchoolPreset = {
  slug: 'micklefield',
  name: 'Micklefield CE Primary Academy',
  seed: '004',
  policyDate: '2024-09-01',
  settings: {
    ...DEFAULT_SETTINGS,
    sessionTimes: {
      // The policy's summary says registers close at 09:15; its lateness section says L until
      // 09:25. 09:15 chosen (the stated close); the school should confirm. Session ends: not
      // stated, 12:00 and 15:15 chosen.
      AM: { opens: '08:55', lateAfter: '08:55', closes: '09:15', ends: '12:00' },
      PM: { opens: '13:15', lateAfter: '13:15', closes: '13:45', ends: '15:15' },
    },
    attendanceTargetTenths: 935,
    letterThresholds: [
      { id: 'letter-1', label: 'Half-termly attendance letter', tenths: 900, comparison: 'below' },
      {
        id: 'penalty-warning',
        label: 'Fast-track penalty warning',
        tenths: 800,
        comparison: 'below',
      },
    ],
    // "5 days continuous absence without medical proof" prompts a visit: ask for evidence on day 5.
    medicalEvidenceOverDays: 4,
    homeVisit: { afterDays: 3, repeatEveryDays: null, counts: 'any-absence' },
  },
  groupSessionTimes: {},
};

/** The seed schools by slug (docs/attendance-rules.md §11). */
export const PRESETS: Readonly<Record<PresetSlug, SchoolPreset>> = {
  'causeway-green': CAUSEWAY_GREEN,
  'lady-byron': LADY_BYRON,
  'reach2-template': REACH2_TEMPLATE,
  'stoc-trust': STOC_TRUST,
  micklefield: MICKLEFIELD,
};

/** Is `value` the slug of a seed-school preset (docs/attendance-rules.md §11)? */
export function isPresetSlug(value: string): value is PresetSlug {
  return Object.hasOwn(PRESETS, value);
}

/** A preset's settings by slug; `invalid-settings` for a slug that is not a preset (§11). */
export function presetSettings(slug: string): Result<SchoolSettings> {
  if (!isPresetSlug(slug))
    return err({ code: 'invalid-settings', message: `"${slug}" is not a preset school.` });
  return ok(PRESETS[slug].settings);
}
