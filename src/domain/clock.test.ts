import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { correctedNow, fromSchoolTime, SCHOOL_TIME_ZONE, toSchoolTime } from './clock.ts';

const at = (iso: string): number => Date.parse(iso);

describe('toSchoolTime', () => {
  it('[clock] the school zone is Europe/London', () => {
    expect(SCHOOL_TIME_ZONE).toBe('Europe/London');
  });

  it('[clock] winter time is GMT and summer time is BST', () => {
    expect(toSchoolTime(at('2026-01-12T08:50:00Z'))).toEqual({
      date: '2026-01-12',
      time: '08:50',
      minutes: 530,
    });
    expect(toSchoolTime(at('2026-06-15T07:50:00Z'))).toEqual({
      date: '2026-06-15',
      time: '08:50',
      minutes: 530,
    });
  });

  it('[clock] truncates seconds: 09:20:59.999 reads as 09:20', () => {
    expect(toSchoolTime(at('2026-01-12T09:20:59.999Z')).time).toBe('09:20');
    expect(toSchoolTime(at('2026-01-12T09:21:00.000Z')).time).toBe('09:21');
  });

  it('[clock] the local date changes at local midnight, not at UTC midnight', () => {
    expect(toSchoolTime(at('2026-06-15T23:30:00Z'))).toEqual({
      date: '2026-06-16',
      time: '00:30',
      minutes: 30,
    });
    expect(toSchoolTime(at('2026-01-12T23:59:00Z'))).toEqual({
      date: '2026-01-12',
      time: '23:59',
      minutes: 1439,
    });
  });

  it('[dst] 2026-10-25 (clocks go back): 00:30Z is 01:30 BST', () => {
    expect(toSchoolTime(at('2026-10-25T00:30:00Z'))).toEqual({
      date: '2026-10-25',
      time: '01:30',
      minutes: 90,
    });
  });

  it('[dst] 2026-10-25 (clocks go back): 01:30Z is 01:30 GMT, the same wall time an hour later', () => {
    expect(toSchoolTime(at('2026-10-25T01:30:00Z'))).toEqual({
      date: '2026-10-25',
      time: '01:30',
      minutes: 90,
    });
  });

  it('[dst] 2026-10-25 (clocks go back): 09:00Z is 09:00 local', () => {
    expect(toSchoolTime(at('2026-10-25T09:00:00Z')).time).toBe('09:00');
  });

  it('[dst] 2027-03-28 (clocks go forward): 00:30Z is 00:30 local', () => {
    expect(toSchoolTime(at('2027-03-28T00:30:00Z')).time).toBe('00:30');
  });

  it('[dst] 2027-03-28 (clocks go forward): 00:59Z is 00:59 and 01:00Z is 02:00', () => {
    expect(toSchoolTime(at('2027-03-28T00:59:00Z')).time).toBe('00:59');
    expect(toSchoolTime(at('2027-03-28T01:00:00Z')).time).toBe('02:00');
  });

  it('[dst] 2027-03-28 (clocks go forward): 01:30Z is 02:30 local', () => {
    expect(toSchoolTime(at('2027-03-28T01:30:00Z')).time).toBe('02:30');
  });

  it('[dst] 2027-03-28 (clocks go forward): 08:20Z is 09:20 local', () => {
    expect(toSchoolTime(at('2027-03-28T08:20:00Z'))).toEqual({
      date: '2027-03-28',
      time: '09:20',
      minutes: 560,
    });
  });

  it('[clock] another zone can be asked for explicitly', () => {
    expect(toSchoolTime(at('2026-01-12T08:50:00Z'), 'Asia/Singapore').time).toBe('16:50');
  });

  it('[clock] a non-finite instant is a broken invariant and throws', () => {
    expect(() => toSchoolTime(Number.NaN)).toThrow(RangeError);
  });
});

describe('fromSchoolTime', () => {
  it('[clock] 09:20 is 09:20Z in winter and 08:20Z in summer', () => {
    expect(fromSchoolTime('2026-01-12', '09:20')).toEqual({
      ok: true,
      value: at('2026-01-12T09:20:00Z'),
    });
    expect(fromSchoolTime('2027-03-29', '09:20')).toEqual({
      ok: true,
      value: at('2027-03-29T08:20:00Z'),
    });
  });

  it('[dst] 2026-10-25 01:30 happens twice: the first (BST) occurrence, 00:30Z, is chosen', () => {
    expect(fromSchoolTime('2026-10-25', '01:30')).toEqual({
      ok: true,
      value: at('2026-10-25T00:30:00Z'),
    });
    expect(fromSchoolTime('2026-10-25', '01:00')).toEqual({
      ok: true,
      value: at('2026-10-25T00:00:00Z'),
    });
    expect(fromSchoolTime('2026-10-25', '01:59')).toEqual({
      ok: true,
      value: at('2026-10-25T00:59:00Z'),
    });
  });

  it('[dst] 2026-10-25 either side of the repeated hour is unambiguous', () => {
    expect(fromSchoolTime('2026-10-25', '00:59')).toEqual({
      ok: true,
      value: at('2026-10-24T23:59:00Z'),
    });
    expect(fromSchoolTime('2026-10-25', '02:00')).toEqual({
      ok: true,
      value: at('2026-10-25T02:00:00Z'),
    });
    expect(fromSchoolTime('2026-10-25', '09:00')).toEqual({
      ok: true,
      value: at('2026-10-25T09:00:00Z'),
    });
  });

  it('[dst] 2027-03-28 01:30 does not exist: read as GMT, it lands on 01:30Z = 02:30 BST', () => {
    const result = fromSchoolTime('2027-03-28', '01:30');
    expect(result).toEqual({ ok: true, value: at('2027-03-28T01:30:00Z') });
    if (result.ok) expect(toSchoolTime(result.value).time).toBe('02:30');
    expect(fromSchoolTime('2027-03-28', '01:00')).toEqual({
      ok: true,
      value: at('2027-03-28T01:00:00Z'),
    });
  });

  it('[dst] 2027-03-28 either side of the gap is unambiguous', () => {
    expect(fromSchoolTime('2027-03-28', '00:30')).toEqual({
      ok: true,
      value: at('2027-03-28T00:30:00Z'),
    });
    expect(fromSchoolTime('2027-03-28', '02:00')).toEqual({
      ok: true,
      value: at('2027-03-28T01:00:00Z'),
    });
    expect(fromSchoolTime('2027-03-28', '09:20')).toEqual({
      ok: true,
      value: at('2027-03-28T08:20:00Z'),
    });
  });

  it.each(['2026-02-30', '26-01-12', '2026/01/12', ''])('[clock] malformed date %j', (date) => {
    const result = fromSchoolTime(date, '09:00');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('malformed-date');
  });

  it.each(['9:00', '24:00', '12:60', 'ab:cd', ''])('[clock] malformed time %j', (time) => {
    const result = fromSchoolTime('2026-01-12', time);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('malformed-time');
  });

  it('[clock] an unknown time zone is reported, not thrown', () => {
    const result = fromSchoolTime('2026-01-12', '09:00', 'Nowhere/Atlantis');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid-settings');
  });

  it('[clock] round trip: every existing wall-clock minute converts back to itself', () => {
    const minute = fc.integer({ min: 0, max: 1439 });
    const day = fc.integer({ min: 0, max: 800 });
    fc.assert(
      fc.property(day, minute, (d, m) => {
        const date = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
        const time = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        const instant = fromSchoolTime(date, time);
        if (!instant.ok) return false;
        const back = toSchoolTime(instant.value);
        const inGap = date === '2026-03-29' || date === '2027-03-28' ? m >= 60 && m < 120 : false;
        return inGap ? back.minutes === m + 60 : back.date === date && back.time === time;
      }),
    );
  });

  it('[clock] round trip: an instant on a whole minute converts back to the earliest matching instant', () => {
    const start = Date.UTC(2026, 0, 1) / 60_000;
    fc.assert(
      fc.property(fc.integer({ min: start, max: start + 800 * 1440 }), (minuteIndex) => {
        const instant = minuteIndex * 60_000;
        const local = toSchoolTime(instant);
        const back = fromSchoolTime(local.date, local.time);
        return back.ok && (back.value === instant || back.value === instant - 3_600_000);
      }),
    );
  });
});

describe('correctedNow', () => {
  it('[offline-time] adds the offset seen at the last sync', () => {
    expect(correctedNow(1_000_000, 2_500)).toBe(1_002_500);
    expect(correctedNow(1_000_000, -2_500)).toBe(997_500);
  });

  it('[offline-time] with no offset the device clock is trusted', () => {
    expect(correctedNow(1_000_000, 0)).toBe(1_000_000);
  });
});
