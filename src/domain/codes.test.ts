import { describe, expect, it } from 'vitest';
import {
  CODE_N,
  CODE_SET_2024_FROM,
  codeOn,
  codeSetOn,
  codesOn,
  isAttendanceCode,
  isKnownMark,
  isOnSite,
  wasPresentThisMorning,
  type Category,
  type Treatment,
} from './codes.ts';

const FROM = '2024-08-19';
const DAY_BEFORE = '2024-08-18';

/** docs/attendance-rules.md §2, the table as written there. */
const TABLE_2024: readonly (readonly [Category, Treatment, readonly string[]])[] = [
  ['present', 'attendance', ['/', '\\', 'L']],
  ['approved-activity', 'attendance', ['K', 'V', 'P', 'W', 'B']],
  ['leave-of-absence', 'authorised', ['C1', 'M', 'J1', 'S', 'C2', 'C']],
  ['authorised-other', 'authorised', ['T', 'R', 'I', 'E']],
  ['unauthorised', 'unauthorised', ['G', 'N', 'O', 'U']],
  [
    'not-possible',
    'not-possible',
    ['D', 'X', 'Q', 'Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7', 'Z', '#'],
  ],
];

const ALL_2024 = TABLE_2024.flatMap(([, , codes]) => codes);
const ONLY_2024 = ['K', 'Q', 'C1', 'C2', 'J1', 'Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7'];
const RETIRED = ['H', 'F', 'J', 'Y'];

/**
 * Treatments of the codes in use before 19 Aug 2024 (docs/attendance-rules.md §2 "old meanings").
 */
const BEFORE_2024: Record<string, Treatment> = {
  '/': 'attendance',
  '\\': 'attendance',
  L: 'attendance',
  B: 'attendance',
  J: 'attendance',
  P: 'attendance',
  V: 'attendance',
  W: 'attendance',
  C: 'authorised',
  E: 'authorised',
  H: 'authorised',
  F: 'authorised',
  I: 'authorised',
  M: 'authorised',
  R: 'authorised',
  S: 'authorised',
  T: 'authorised',
  G: 'unauthorised',
  N: 'unauthorised',
  O: 'unauthorised',
  U: 'unauthorised',
  D: 'not-possible',
  X: 'not-possible',
  Y: 'not-possible',
  Z: 'not-possible',
  '#': 'not-possible',
};

function errorCode(code: string, date: string): string | undefined {
  const result = codeOn(code, date);
  return result.ok ? undefined : result.error.code;
}

describe('the 2024 code set', () => {
  it('[codes] starts on 2024-08-19', () => {
    expect(CODE_SET_2024_FROM).toBe(FROM);
  });

  it.each(ALL_2024)('[codes] %s is valid on 2024-08-19', (code) => {
    const result = codeOn(code, FROM);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.code).toBe(code);
  });

  it('[codes] codesOn 2024-08-19 is exactly the domain-rules §2 table, in the law’s order', () => {
    expect(codesOn(FROM).map((info) => info.code)).toEqual(ALL_2024);
    expect(codesOn('2027-07-21').map((info) => info.code)).toEqual(ALL_2024);
  });

  describe.each(TABLE_2024)('[codes] category %s counts as %s', (category, treatment, codes) => {
    it.each(codes)(`[codes] %s is ${category}, counted as ${treatment}`, (code) => {
      const result = codeOn(code, FROM);
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect(result.value.category).toBe(category);
        expect(result.value.treatment).toBe(treatment);
        expect(result.value.meaning).not.toBe('');
      }
    });
  });

  it.each(ONLY_2024)('[codes] %s is refused on 2024-08-18 (code-not-valid-on-date)', (code) => {
    expect(errorCode(code, DAY_BEFORE)).toBe('code-not-valid-on-date');
  });

  it('[codes] K is refused before 2024-08-19', () => {
    expect(errorCode('K', '2023-10-02')).toBe('code-not-valid-on-date');
    expect(codeOn('K', FROM).ok).toBe(true);
  });

  it.each(RETIRED)(
    '[codes] retired %s is refused from 2024-08-19 and accepted the day before',
    (code) => {
      expect(errorCode(code, FROM)).toBe('code-not-valid-on-date');
      expect(errorCode(code, '2026-09-02')).toBe('code-not-valid-on-date');
      expect(codeOn(code, DAY_BEFORE).ok).toBe(true);
    },
  );

  it('[codes] the refusal message says whether the code is withdrawn or not yet in force', () => {
    const retired = codeOn('H', FROM);
    const early = codeOn('J1', DAY_BEFORE);
    expect(!retired.ok && retired.error.message).toMatch(/withdrawn/);
    expect(!early.ok && early.error.message).toMatch(/only exists from 2024-08-19/);
  });

  it.each(['A', '', 'l', 'n', 'N1', 'Y8', 'C3', ' N', 'N ', '//', 'present'])(
    '[codes] %j is an unknown-code on either side of the change',
    (code) => {
      expect(errorCode(code, FROM)).toBe('unknown-code');
      expect(errorCode(code, DAY_BEFORE)).toBe('unknown-code');
      expect(isAttendanceCode(code)).toBe(false);
    },
  );
});

describe('the code set before 19 August 2024', () => {
  it('[codes] codesOn 2024-08-18 holds exactly the old codes', () => {
    expect(new Set(codesOn(DAY_BEFORE).map((info) => info.code))).toEqual(
      new Set(Object.keys(BEFORE_2024)),
    );
    expect(codesOn(DAY_BEFORE)).toHaveLength(Object.keys(BEFORE_2024).length);
  });

  it.each(Object.entries(BEFORE_2024))('[codes] an old %s counts as %s', (code, treatment) => {
    const result = codeOn(code, DAY_BEFORE);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.treatment).toBe(treatment);
  });

  it('[codes] a 2023 J counts as attendance (never remapped to J1)', () => {
    const result = codeOn('J', '2023-11-14');
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.code).toBe('J');
      expect(result.value.treatment).toBe('attendance');
      expect(result.value.category).toBe('approved-activity');
    }
    expect(errorCode('J1', '2023-11-14')).toBe('code-not-valid-on-date');
  });

  it('[codes] an old H is authorised absence', () => {
    const result = codeOn('H', '2022-06-10');
    expect(result.ok && result.value.treatment).toBe('authorised');
  });

  it('[codes] an old F is authorised absence', () => {
    const result = codeOn('F', '2012-06-10');
    expect(result.ok && result.value.treatment).toBe('authorised');
  });

  it('[codes] an old Y is not a possible session', () => {
    const result = codeOn('Y', '2020-03-23');
    expect(result.ok && result.value.treatment).toBe('not-possible');
  });

  it('[codes] a letter that changed meaning is read with the meaning on its date', () => {
    const old = codeOn('C', DAY_BEFORE);
    const current = codeOn('C', FROM);
    expect(old.ok && old.value.category).toBe('authorised-other');
    expect(current.ok && current.value.category).toBe('leave-of-absence');
    expect(old.ok && current.ok && old.value.meaning !== current.value.meaning).toBe(true);
  });

  it('[codes] codeSetOn switches exactly at 2024-08-19', () => {
    expect(codeSetOn(DAY_BEFORE).has('H')).toBe(true);
    expect(codeSetOn(DAY_BEFORE).has('K')).toBe(false);
    expect(codeSetOn(FROM).has('H')).toBe(false);
    expect(codeSetOn(FROM).has('K')).toBe(true);
  });
});

describe('code helpers', () => {
  it('[codes] isAttendanceCode knows codes of either set', () => {
    for (const code of [...ALL_2024, ...RETIRED]) expect(isAttendanceCode(code)).toBe(true);
  });

  it('[N-deadline] CODE_N is N', () => {
    expect(CODE_N).toBe('N');
  });

  it('[conflicts] every mark except N and a clear is a known mark', () => {
    expect(isKnownMark('N')).toBe(false);
    expect(isKnownMark(null)).toBe(false);
    for (const code of ['/', '\\', 'L', 'U', 'O', 'I', 'G', '#'])
      expect(isKnownMark(code)).toBe(true);
  });

  it('[pm-shortcut] only a morning present or late-before-close carries to the afternoon', () => {
    expect(wasPresentThisMorning('/')).toBe(true);
    expect(wasPresentThisMorning('L')).toBe(true);
    for (const code of [null, 'U', 'N', 'I', 'M', 'O', '\\', 'V', 'K', '#'])
      expect(wasPresentThisMorning(code)).toBe(false);
  });

  it('[fire-roll] present, late and late-after-close pupils are on site; absentees are not', () => {
    for (const code of ['/', '\\', 'L', 'U']) expect(isOnSite(code)).toBe(true);
    for (const code of ['N', 'O', 'I', 'G', 'V', 'K', 'B', 'D', '#'])
      expect(isOnSite(code)).toBe(false);
  });
});
