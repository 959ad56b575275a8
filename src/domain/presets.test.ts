import { describe, expect, it } from 'vitest';
import { isPresetSlug, PRESETS, presetSettings, type PresetSlug } from './presets.ts';
import type { Result } from './result.ts';
import { meetsThreshold, validateSettings } from './settings.ts';
import { bandFor, triggersMet, type SessionCounts } from './statistics.ts';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const SLUGS = Object.keys(PRESETS) as PresetSlug[];

const counts = (attendance: number, possible: number): SessionCounts => ({
  possible,
  attendance,
  authorised: possible - attendance,
  unauthorised: 0,
});

describe('PRESETS', () => {
  it('[presets] there are the five seed schools of docs/attendance-rules.md §11', () => {
    expect(SLUGS.map((slug) => PRESETS[slug].seed).sort()).toEqual([
      '000',
      '001',
      '002',
      '003',
      '004',
    ]);
    for (const slug of SLUGS) expect(PRESETS[slug].slug).toBe(slug);
  });

  it.each(SLUGS)('[presets] %s has valid settings', (slug) => {
    expect(unwrap(validateSettings(PRESETS[slug].settings))).toEqual(PRESETS[slug].settings);
  });

  it.each(SLUGS)('[presets] %s group overrides are valid session times', (slug) => {
    const { settings, groupSessionTimes } = PRESETS[slug];
    for (const override of Object.values(groupSessionTimes)) {
      const sessionTimes = { ...settings.sessionTimes, ...override };
      expect(validateSettings({ ...settings, sessionTimes }).ok).toBe(true);
    }
  });

  it('[seed 000] Causeway Green: register 08:50–09:20, 4 lates, visit day 3, evidence over 3 days', () => {
    const s = PRESETS['causeway-green'].settings;
    expect(s.sessionTimes.AM).toMatchObject({
      opens: '08:50',
      lateAfter: '08:50',
      closes: '09:20',
    });
    expect(s.sessionTimes.PM.ends).toBe('15:15');
    expect(PRESETS['causeway-green'].groupSessionTimes['ks2']?.PM?.ends).toBe('15:20');
    expect(meetsThreshold(4, s.lateness.threshold, s.lateness.mode)).toBe(true);
    expect(meetsThreshold(3, s.lateness.threshold, s.lateness.mode)).toBe(false);
    expect(s.medicalEvidenceOverDays).toBe(3);
    expect(s.homeVisit).toMatchObject({ afterDays: 3, counts: 'unexplained' });
  });

  it('[seed 000] letter below 92%, PA meeting at 90% or below', () => {
    const s = PRESETS['causeway-green'].settings;
    expect(triggersMet(counts(92, 100), s.letterThresholds)).toEqual([]);
    expect(triggersMet(counts(919, 1000), s.letterThresholds)).toEqual(['concern-letter']);
    expect(triggersMet(counts(90, 100), s.letterThresholds)).toEqual([
      'concern-letter',
      'pa-meeting',
    ]);
  });

  it('[seed 001] Lady Byron: late from 09:15 and 13:15, so 09:14 and 13:14 are still on time', () => {
    const { AM, PM } = PRESETS['lady-byron'].settings.sessionTimes;
    expect(AM).toEqual({ opens: '09:00', lateAfter: '09:14', closes: '09:30', ends: '12:00' });
    expect(PM).toEqual({ opens: '13:00', lateAfter: '13:14', closes: '13:30', ends: '15:00' });
    expect(PRESETS['lady-byron'].settings.medicalEvidenceOverDays).toBe(5);
  });

  it('[seed 002] REAch2: 09:00–09:30 late after 09:20, 13:00–13:10, target 97%', () => {
    const s = PRESETS['reach2-template'].settings;
    expect(s.sessionTimes.AM).toMatchObject({
      opens: '09:00',
      lateAfter: '09:20',
      closes: '09:30',
    });
    expect(s.sessionTimes.PM).toMatchObject({ opens: '13:00', closes: '13:10' });
    expect(s.attendanceTargetTenths).toBe(970);
    expect(PRESETS['reach2-template'].policyDate < '2024-08-19').toBe(true);
  });

  it('[seed 002] bands: ≥97.0 purple, ≥95.5 green, ≥94.0 yellow, ≥92.5 amber, else red', () => {
    const { bands } = PRESETS['reach2-template'].settings;
    const band = (attendance: number) => bandFor(counts(attendance, 1000), bands);
    expect([970, 969, 955, 954, 940, 939, 925, 924, 0].map(band)).toEqual([
      'purple',
      'green',
      'green',
      'yellow',
      'yellow',
      'amber',
      'amber',
      'red',
      'red',
    ]);
  });

  it('[seed 003] STOC: 08:55–09:00, PM from 13:15, more than 3 lates, visits every 3 days', () => {
    const s = PRESETS['stoc-trust'].settings;
    expect(s.sessionTimes.AM).toMatchObject({ opens: '08:55', closes: '09:00' });
    expect(s.sessionTimes.PM.opens).toBe('13:15');
    expect(meetsThreshold(3, s.lateness.threshold, s.lateness.mode)).toBe(false);
    expect(meetsThreshold(4, s.lateness.threshold, s.lateness.mode)).toBe(true);
    expect(s.homeVisit).toEqual({ afterDays: 3, repeatEveryDays: 3, counts: 'unexplained' });
    const ends = Object.values(PRESETS['stoc-trust'].groupSessionTimes).map((g) => g.PM?.ends);
    expect(ends).toEqual(['15:10', '15:15', '15:20']);
  });

  it('[seed 003] support meeting below 95%, intensive track at persistent absence', () => {
    const { letterThresholds } = PRESETS['stoc-trust'].settings;
    expect(triggersMet(counts(95, 100), letterThresholds)).toEqual([]);
    expect(triggersMet(counts(90, 100), letterThresholds)).toEqual([
      'support-meeting',
      'intensive-track',
    ]);
  });

  it('[seed 004] Micklefield: 08:55–09:15, 13:15–13:45, target 93.5%, letters below 90% and 80%', () => {
    const s = PRESETS.micklefield.settings;
    expect(s.sessionTimes.AM).toMatchObject({ opens: '08:55', closes: '09:15' });
    expect(s.sessionTimes.PM).toMatchObject({ opens: '13:15', closes: '13:45' });
    expect(s.attendanceTargetTenths).toBe(935);
    expect(triggersMet(counts(90, 100), s.letterThresholds)).toEqual([]);
    expect(triggersMet(counts(79, 100), s.letterThresholds)).toEqual([
      'letter-1',
      'penalty-warning',
    ]);
    expect(s.homeVisit).toMatchObject({ afterDays: 3, counts: 'any-absence' });
  });

  it('[presets] every preset keeps the National Framework penalty threshold', () => {
    for (const slug of SLUGS) {
      expect(PRESETS[slug].settings.penalty).toEqual({
        threshold: 10,
        windowWeeks: 10,
        nearMargin: 2,
      });
    }
  });
});

describe('presetSettings', () => {
  it('[presets] looks a preset up by slug', () => {
    expect(unwrap(presetSettings('micklefield')).attendanceTargetTenths).toBe(935);
    expect(isPresetSlug('lady-byron')).toBe(true);
  });

  it('[presets] an unknown slug is an error value', () => {
    const result = presetSettings('toString');
    expect(result.ok ? undefined : result.error.code).toBe('invalid-settings');
  });
});
