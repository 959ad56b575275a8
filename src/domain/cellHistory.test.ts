import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bylineOf,
  CLOSE_JOB_POSITION,
  cellHistory,
  type Byline,
  type HistoryPeople,
  type StoredEntry,
  type UnsentEntry,
} from './cellHistory.ts';
import { CLOSE_JOB_AUTHOR, FORMER_STAFF_AUTHOR } from './people.ts';
import { resolveCell } from './resolveCell.ts';

interface Stored extends StoredEntry {
  readonly reportedBy?: string | null;
}

const HUGHES: Byline = { name: 'Tess Hughes', position: 'Class teacher' };
const OFFICE: Byline = { name: 'Olive Office', position: 'Office Manager' };
const ME: Byline = { name: 'Rita Reception', position: 'Receptionist' };

const PEOPLE: HistoryPeople = {
  staff: new Map([
    ['s-hughes', HUGHES],
    ['s-office', OFFICE],
  ]),
  contacts: [
    { name: 'Mrs Jones', mayReportAbsence: true },
    { name: 'Grandad Jones', mayReportAbsence: false },
  ],
};

function stored(
  opId: string,
  seq: number,
  code: string | null,
  basedOn: string | null,
  more: Partial<Stored> = {},
): Stored {
  return { opId, seq, code, basedOn, authorId: 's-hughes', outcome: 'superseded', ...more };
}

function unsent(opId: string, code: string | null, basedOn: string | null): UnsentEntry {
  return { opId, code, basedOn };
}

const befores = (steps: readonly { readonly before: string | null }[]) =>
  steps.map((s) => s.before);

describe('cellHistory: a cell\u2019s entries with the mark each found (attendance-rules §4)', () => {
  it('[history] an empty cell has no history', () => {
    expect(cellHistory(PEOPLE, [])).toEqual({ stored: [], unsent: [] });
  });

  it('[history] a first mark found a blank cell; each amendment found the mark before it', () => {
    const log = [
      stored('a', 1, '/', null),
      stored('b', 2, 'N', 'a'),
      stored('c', 3, 'I', 'b', { authorId: 's-office', outcome: 'current' }),
    ];
    const history = cellHistory(PEOPLE, log);
    expect(befores(history.stored)).toEqual([null, '/', 'N']);
    expect(history.stored.map((s) => s.entry)).toEqual(log);
    expect(history.stored[2]?.by).toEqual(OFFICE);
  });

  it('[history] entries arriving in any order are listed in server order (seq)', () => {
    const a = stored('a', 1, 'N', null);
    const b = stored('b', 2, 'I', 'a');
    const history = cellHistory(PEOPLE, [b, a]);
    expect(history.stored.map((s) => s.entry.opId)).toEqual(['a', 'b']);
    expect(befores(history.stored)).toEqual([null, 'N']);
  });

  it('[history] a concurrent N kept aside leaves the mark the next entry found', () => {
    // Reception's L, then a teacher's offline N that never saw it: the cell still shows L.
    const history = cellHistory(PEOPLE, [
      stored('l', 1, 'L', null),
      stored('n', 2, 'N', null),
      stored('u', 3, 'U', 'l'),
    ]);
    expect(befores(history.stored)).toEqual([null, 'L', 'L']);
  });

  it('[history] a rejected entry is listed with the mark it found, and folded by nobody', () => {
    const history = cellHistory(PEOPLE, [
      stored('a', 1, '/', null),
      stored('x', 2, 'B', null, { outcome: 'rejected' }),
      stored('b', 3, 'I', 'a'),
    ]);
    expect(befores(history.stored)).toEqual([null, '/', '/']);
  });

  it('[history] unsent marks come after the server\u2019s, by the person signed in, folded on top', () => {
    const history = cellHistory(PEOPLE, [stored('a', 1, 'N', null)], {
      ops: [unsent('m1', 'I', 'a'), unsent('m2', 'M', 'm1')],
      by: ME,
    });
    expect(history.unsent.map((s) => [s.entry.opId, s.before, s.by])).toEqual([
      ['m1', 'N', ME],
      ['m2', 'I', ME],
    ]);
  });

  it('[history] an unsent mark the server already holds is listed once, where the server put it', () => {
    const history = cellHistory(
      PEOPLE,
      [stored('a', 1, 'N', null), stored('m1', 2, 'I', 'a', { authorId: 's-office' })],
      { ops: [unsent('m1', 'I', 'a')], by: ME },
    );
    expect(history.stored.map((s) => s.entry.opId)).toEqual(['a', 'm1']);
    expect(history.stored[1]?.by).toEqual(OFFICE);
    expect(history.unsent).toEqual([]);
  });

  it('[history] fast-check: each entry found the cell folded over the entries before it, in any delivery order', () => {
    const codes = fc.constantFrom('/', 'N', 'I', 'L', null);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(codes, fc.nat(10), fc.boolean()), { maxLength: 8 }),
        fc.nat(),
        (specs, turn) => {
          const log = specs.map(([code, base, isRejected], i) =>
            stored(`o${String(i)}`, i + 1, code, base < i ? `o${String(base)}` : null, {
              outcome: isRejected ? 'rejected' : 'current',
            }),
          );
          const cut = log.length === 0 ? 0 : turn % log.length;
          const delivered = [...log.slice(cut), ...log.slice(0, cut)];
          const history = cellHistory(PEOPLE, delivered);
          expect(history.stored.map((s) => s.entry)).toEqual(log);
          history.stored.forEach((s, i) => {
            const earlier = log.slice(0, i).filter((a) => a.outcome !== 'rejected');
            expect(s.before).toBe(resolveCell(earlier).code);
          });
        },
      ),
    );
  });
});

describe('cellHistory: who made each entry and who reported it (attendance-rules §4, §7)', () => {
  it('[history] the close job is "Register close, System"', () => {
    expect(bylineOf(PEOPLE.staff, null)).toEqual({
      name: CLOSE_JOB_AUTHOR,
      position: CLOSE_JOB_POSITION,
    });
  });

  it('[history] someone no longer on the staff list is a former member of staff with no position', () => {
    expect(bylineOf(PEOPLE.staff, 's-gone')).toEqual({ name: FORMER_STAFF_AUTHOR, position: '' });
  });

  it('[reported-by] a listed contact who may report is listed; anyone else is flagged; nobody is null', () => {
    const history = cellHistory(PEOPLE, [
      stored('a', 1, 'I', null, { reportedBy: 'mrs.  JONES' }),
      stored('b', 2, 'M', 'a', { reportedBy: 'Grandad Jones' }),
      stored('c', 3, 'C', 'b', { reportedBy: 'A neighbour' }),
      stored('d', 4, 'O', 'c', { reportedBy: null }),
      stored('e', 5, 'G', 'd'),
    ]);
    expect(history.stored.map((s) => [s.reportedBy, s.reportedByListed])).toEqual([
      ['mrs.  JONES', true],
      ['Grandad Jones', false],
      ['A neighbour', false],
      [null, null],
      [null, null],
    ]);
  });

  it('[reported-by] an unsent mark naming a listed contact is judged the same way', () => {
    const history = cellHistory(PEOPLE, [], {
      ops: [{ ...unsent('m', 'I', null), reportedBy: 'Mrs Jones' }],
      by: ME,
    });
    expect(history.unsent[0]).toMatchObject({ reportedBy: 'Mrs Jones', reportedByListed: true });
  });
});
