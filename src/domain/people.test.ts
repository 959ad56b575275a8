import { describe, expect, it } from 'vitest';
import { authorName, compareByName, isOnRoll, pupilName } from './people.ts';

describe('isOnRoll', () => {
  const pupil = { admissionDate: '2026-09-02', leavingDate: '2027-02-12' };

  it('[roll] on roll from the admission date to the leaving date, both inclusive', () => {
    expect(isOnRoll(pupil, '2026-09-01')).toBe(false);
    expect(isOnRoll(pupil, '2026-09-02')).toBe(true);
    expect(isOnRoll(pupil, '2027-02-12')).toBe(true);
    expect(isOnRoll(pupil, '2027-02-13')).toBe(false);
  });

  it('[roll] with no leaving date, on roll for ever after admission', () => {
    const staying = { admissionDate: '2026-09-02', leavingDate: null };
    expect(isOnRoll(staying, '2026-09-01')).toBe(false);
    expect(isOnRoll(staying, '2040-07-31')).toBe(true);
  });

  it('[roll] admitted and leaving on the same day: on roll that day only', () => {
    const day = { admissionDate: '2026-11-23', leavingDate: '2026-11-23' };
    expect(isOnRoll(day, '2026-11-22')).toBe(false);
    expect(isOnRoll(day, '2026-11-23')).toBe(true);
    expect(isOnRoll(day, '2026-11-24')).toBe(false);
  });
});

describe('pupilName and compareByName', () => {
  it('[names] the preferred name stands for the given name when there is one', () => {
    expect(pupilName({ givenName: 'Samuel', familyName: 'Example', preferredName: null })).toBe(
      'Samuel Example',
    );
    expect(pupilName({ givenName: 'Samuel', familyName: 'Example', preferredName: 'Sam' })).toBe(
      'Sam Example',
    );
  });

  it('[names] register order is family name, then given name (not the preferred name)', () => {
    const pupils = [
      { givenName: 'Zara', familyName: 'Adams', preferredName: null },
      { givenName: 'Ben', familyName: 'Cole', preferredName: 'Ali' },
      { givenName: 'Amy', familyName: 'Cole', preferredName: null },
    ];
    expect([...pupils].sort(compareByName).map(pupilName)).toEqual([
      'Zara Adams',
      'Amy Cole',
      'Ali Cole',
    ]);
  });
});

describe('authorName', () => {
  const staff = new Map([['r.hughes', { name: 'Rhian Hughes' }]]);

  it('[names] a member of staff by name, the close job for no author, else a former colleague', () => {
    expect(authorName(staff, 'r.hughes')).toBe('Rhian Hughes');
    expect(authorName(staff, null)).toBe('Register close');
    expect(authorName(staff, 'gone')).toBe('Former member of staff');
  });
});
