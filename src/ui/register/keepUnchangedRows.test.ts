import { describe, expect, it } from 'vitest';
import { keepUnchangedRows, type PupilRow } from './registerData.ts';

function row(pupilId: string, fields: Partial<PupilRow> = {}): PupilRow {
  return {
    pupilId,
    name: `Pupil ${pupilId}`,
    initials: 'PP',
    code: null,
    headOpId: null,
    arrivedAt: null,
    conflict: false,
    pending: false,
    recordedBy: null,
    movements: null,
    ...fields,
  };
}

describe('keepUnchangedRows', () => {
  it('keeps the earlier object of every row that did not change', () => {
    const before = [row('a'), row('b'), row('c')];
    const after = keepUnchangedRows(before, [row('a'), row('b', { code: 'N' }), row('c')]);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1]?.code).toBe('N');
    expect(after[2]).toBe(before[2]);
  });

  it('gives back the very same list when nothing changed', () => {
    const before = [row('a'), row('b')];
    expect(keepUnchangedRows(before, [row('a'), row('b')])).toBe(before);
  });

  it('sees a change in who recorded the mark, and a pupil joining or leaving the list', () => {
    const by = {
      name: 'Olive Office',
      source: 'office' as const,
      recordedAt: '2026-12-02T08:12:00Z',
      reason: null,
      note: null,
      reportedBy: null,
    };
    const before = [row('a', { recordedBy: by }), row('b')];
    const noted = keepUnchangedRows(before, [
      row('a', { recordedBy: { ...by, note: 'GP letter' } }),
      row('b'),
    ]);
    expect(noted[0]).not.toBe(before[0]);
    expect(noted[1]).toBe(before[1]);
    const reported = keepUnchangedRows(before, [
      row('a', { recordedBy: { ...by, reportedBy: 'Mum' } }),
      row('b'),
    ]);
    expect(reported[0]).not.toBe(before[0]);
    const fewer = keepUnchangedRows(before, [row('b')]);
    expect(fewer).toHaveLength(1);
    expect(fewer[0]).toBe(before[1]);
    const more = keepUnchangedRows(before, [...before.map((r) => ({ ...r })), row('c')]);
    expect(more).not.toBe(before);
    expect(more.slice(0, 2)).toEqual(before);
    expect(more[0]).toBe(before[0]);
  });
});
