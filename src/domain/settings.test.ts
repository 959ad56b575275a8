import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHhmm } from './dates.ts';
import { PRESETS } from './presets.ts';
import type { DomainErrorCode, Result } from './result.ts';
import { resolveSessionTimes } from './sessionTimes.ts';
import {
  checkSettings,
  DEFAULT_SETTINGS,
  meetsThreshold,
  settingsWarnings,
  validateSettings,
  type SchoolSettings,
  type SchoolSettingsInput,
} from './settings.ts';
import { bandFor } from './statistics.ts';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function errorOf<T>(result: Result<T>): DomainErrorCode | undefined {
  return result.ok ? undefined : result.error.code;
}

const AM = DEFAULT_SETTINGS.sessionTimes.AM;
const PM = DEFAULT_SETTINGS.sessionTimes.PM;

describe('validateSettings', () => {
  it('[settings] the defaults are valid', () => {
    expect(unwrap(validateSettings(DEFAULT_SETTINGS))).toEqual(DEFAULT_SETTINGS);
  });

  it('[settings] fields left out take their defaults', () => {
    const settings = unwrap(validateSettings({ medicalEvidenceOverDays: 3 }));
    expect(settings.medicalEvidenceOverDays).toBe(3);
    expect(settings.penalty).toEqual({ threshold: 10, windowWeeks: 10, nearMargin: 2 });
    expect(settings.autoConvertOverdueN).toBe(false);
  });

  it('[settings] default bands put exactly 90.0% (persistent absence) in red', () => {
    const at = (attendance: number, absent: number) =>
      bandFor(
        { possible: attendance + absent, attendance, authorised: absent, unauthorised: 0 },
        DEFAULT_SETTINGS.bands,
      );
    expect(at(18, 2)).toBe('red');
    expect(at(901, 99)).toBe('amber');
    expect(at(19, 1)).toBe('green');
  });

  it('[times] a malformed time is refused', () => {
    const input = { sessionTimes: { AM: { ...AM, closes: '9:20' }, PM } };
    expect(errorOf(validateSettings(input))).toBe('malformed-time');
  });

  it('[times] times out of order are refused', () => {
    const early = { sessionTimes: { AM: { ...AM, lateAfter: '08:40' }, PM } };
    expect(errorOf(validateSettings(early))).toBe('times-out-of-order');
    const shut = { sessionTimes: { AM: { ...AM, closes: AM.opens }, PM } };
    expect(errorOf(validateSettings(shut))).toBe('times-out-of-order');
    const overlap = { sessionTimes: { AM, PM: { ...PM, opens: '11:30', lateAfter: '11:30' } } };
    expect(errorOf(validateSettings(overlap))).toBe('times-out-of-order');
  });

  it('[times] a missing lateAfter means opens; a late start after opens is allowed (policy)', () => {
    const noLate = { opens: AM.opens, closes: AM.closes, ends: AM.ends };
    expect(validateSettings({ sessionTimes: { AM: noLate, PM } }).ok).toBe(true);
    const late = { sessionTimes: { AM: { ...AM, lateAfter: '09:05' }, PM } };
    expect(validateSettings(late).ok).toBe(true);
  });

  it.each<[string, SchoolSettingsInput]>([
    ['bands not highest first', { bands: [...DEFAULT_SETTINGS.bands].reverse() }],
    [
      'a lowest band that leaves pupils out',
      { bands: [{ name: 'green', tenths: 950, comparison: 'at-least' }] },
    ],
    ['a band over 100%', { bands: [{ name: 'x', tenths: 1001, comparison: 'at-least' }] }],
    ['a band in hundredths', { bands: [{ name: 'x', tenths: 95.5, comparison: 'at-least' }] }],
    ['an unnamed band', { bands: [{ name: ' ', tenths: 0, comparison: 'at-least' }] }],
    [
      'duplicate letter ids',
      {
        letterThresholds: [
          { id: 'a', label: 'A', tenths: 920, comparison: 'below' },
          { id: 'a', label: 'B', tenths: 900, comparison: 'below' },
        ],
      },
    ],
    ['a penalty threshold of 0', { penalty: { threshold: 0, windowWeeks: 10, nearMargin: 2 } }],
    ['a 53-week window', { penalty: { threshold: 10, windowWeeks: 53, nearMargin: 2 } }],
    ['a fractional margin', { penalty: { threshold: 10, windowWeeks: 10, nearMargin: 1.5 } }],
    ['at least 0 lates', { lateness: { threshold: 0, mode: 'at-least', countsU: true } }],
    ['medical evidence after 0 days', { medicalEvidenceOverDays: 0 }],
    [
      'a home visit on day 0',
      { homeVisit: { afterDays: 0, repeatEveryDays: null, counts: 'unexplained' } },
    ],
    [
      'repeat visits 0 days apart',
      { homeVisit: { afterDays: 3, repeatEveryDays: 0, counts: 'unexplained' } },
    ],
    ['a target over 100%', { attendanceTargetTenths: 1005 }],
  ])('[settings] refuses %s', (_name, input) => {
    expect(errorOf(validateSettings(input))).toBe('invalid-settings');
  });

  it('[settings] switching features off is valid', () => {
    const off: SchoolSettingsInput = {
      medicalEvidenceOverDays: null,
      homeVisit: null,
      attendanceTargetTenths: null,
      letterThresholds: [],
      lateness: { threshold: 0, mode: 'more-than', countsU: false },
    };
    const settings: SchoolSettings = unwrap(validateSettings(off));
    expect(settings.homeVisit).toBeNull();
  });

  it('[settings] equal thresholds are allowed when "above" sits over "at-least"', () => {
    const bands = [
      { name: 'clear', tenths: 900, comparison: 'above' as const },
      { name: 'on-the-line', tenths: 900, comparison: 'at-least' as const },
      { name: 'below', tenths: 0, comparison: 'at-least' as const },
    ];
    expect(validateSettings({ bands }).ok).toBe(true);
    expect(
      errorOf(
        validateSettings({ bands: [bands[1], bands[0], bands[2]].flatMap((b) => (b ? [b] : [])) }),
      ),
    ).toBe('invalid-settings');
  });
});

describe('session times in settings', () => {
  it('[times] one rule: a morning is refused by settings exactly when resolveSessionTimes refuses it', () => {
    // Morning times up to 11:59, so the afternoon (from 12:00) never overlaps it.
    const time = fc.integer({ min: 0, max: 719 }).map(formatHhmm);
    fc.assert(
      fc.property(
        fc.tuple(time, fc.option(time), time, time),
        ([opens, lateAfter, closes, ends]) => {
          const am = { opens, closes, ends, ...(lateAfter === null ? {} : { lateAfter }) };
          const pm = { opens: '12:00', closes: '12:30', ends: '15:00' };
          const resolved = resolveSessionTimes(am);
          const validated = validateSettings({ sessionTimes: { AM: am, PM: pm } });
          expect(errorOf(validated)).toBe(errorOf(resolved));
        },
      ),
    );
  });

  it('[times] an error names the session it is in', () => {
    const input = { sessionTimes: { AM, PM: { ...PM, closes: '13:9' } } };
    const result = validateSettings(input);
    expect(result.ok ? '' : result.error.message).toContain('PM session');
  });
});

describe('settingsWarnings and checkSettings', () => {
  it('[times] the defaults follow the guidance: no warnings', () => {
    expect(unwrap(settingsWarnings(DEFAULT_SETTINGS))).toEqual([]);
    expect(unwrap(checkSettings({}))).toEqual({ settings: DEFAULT_SETTINGS, warnings: [] });
  });

  it('[times] seed 001: late marks after opens warn in both sessions, and are still accepted', () => {
    const checked = unwrap(checkSettings(PRESETS['lady-byron'].settings));
    expect(checked.settings).toEqual(PRESETS['lady-byron'].settings);
    expect(checked.warnings.map((w) => [w.code, w.sessions])).toEqual([
      ['late-after-not-opens', ['AM']],
      ['late-after-not-opens', ['PM']],
    ]);
  });

  it('[times] seed 002: open periods of 30 and 10 minutes differ', () => {
    const codes = unwrap(settingsWarnings(PRESETS['reach2-template'].settings)).map((w) => w.code);
    expect(codes).toEqual(['late-after-not-opens', 'open-periods-differ']);
  });

  it('[times] checkSettings refuses what validateSettings refuses', () => {
    const input = { sessionTimes: { AM: { ...AM, closes: '9:20' }, PM } };
    expect(errorOf(checkSettings(input))).toBe('malformed-time');
    const unchecked = { ...DEFAULT_SETTINGS, sessionTimes: input.sessionTimes };
    expect(errorOf(settingsWarnings(unchecked))).toBe('malformed-time');
  });
});

describe('meetsThreshold', () => {
  it('[lateness] seed 000: at 4 lates, i.e. 4 or more', () => {
    expect(meetsThreshold(3, 4, 'at-least')).toBe(false);
    expect(meetsThreshold(4, 4, 'at-least')).toBe(true);
  });

  it('[lateness] seed 003: more than 3', () => {
    expect(meetsThreshold(3, 3, 'more-than')).toBe(false);
    expect(meetsThreshold(4, 3, 'more-than')).toBe(true);
  });
});
