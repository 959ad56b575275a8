import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKnownMark } from './codes.ts';
import {
  foldPending,
  resolveCell,
  resolveCellInServerOrder,
  sortByServerOrder,
  type CellAmendment,
} from './resolveCell.ts';

interface Op extends CellAmendment {
  readonly seq: number;
}

let nextSeq = 0;
/** An amendment with the next server `seq`. */
function op(opId: string, code: string | null, basedOn: string | null = null): Op {
  nextSeq += 1;
  return { opId, code, basedOn, seq: nextSeq };
}

function outcomesOf(ops: readonly Op[]): Record<string, string> {
  return Object.fromEntries(resolveCell(ops).outcomes);
}

describe('resolveCell: docs/attendance-rules.md §4.3 acceptance cases', () => {
  it('[resolve] an empty log is a blank cell', () => {
    const cell = resolveCell<Op>([]);
    expect(cell).toEqual({ head: null, code: null, conflict: false, outcomes: new Map() });
  });

  it("[resolve] an offline teacher's N received after reception's L leaves L", () => {
    const late = op('reception-L', 'L');
    const absent = op('teacher-N', 'N');
    const cell = resolveCell([late, absent]);
    expect(cell.head).toBe(late);
    expect(cell.code).toBe('L');
    expect(cell.conflict).toBe(false);
    expect(outcomesOf([late, absent])).toEqual({
      'reception-L': 'current',
      'teacher-N': 'superseded',
    });
  });

  it("[resolve] an office I based on the system's N replaces it", () => {
    const ops = [op('close-N', 'N'), op('office-I', 'I', 'close-N')];
    expect(resolveCell(ops)).toMatchObject({ code: 'I', conflict: false });
    expect(outcomesOf(ops)).toEqual({ 'close-N': 'superseded', 'office-I': 'current' });
  });

  it("[resolve] an office I concurrent to the system's N still replaces it, without conflict", () => {
    const ops = [op('close-N', 'N'), op('office-I', 'I', null)];
    expect(resolveCell(ops)).toMatchObject({ code: 'I', conflict: false });
    expect(outcomesOf(ops)).toEqual({ 'close-N': 'superseded', 'office-I': 'current' });
  });

  it('[resolve] two concurrent different known marks conflict, both sides visible', () => {
    const ops = [op('teacher-/', '/'), op('office-I', 'I')];
    const cell = resolveCell(ops);
    expect(cell).toMatchObject({ code: 'I', conflict: true });
    expect(outcomesOf(ops)).toEqual({ 'teacher-/': 'conflict', 'office-I': 'current' });
  });

  it('[resolve] an amendment based on the conflicting head resolves the conflict', () => {
    const ops = [op('a', '/'), op('b', 'I'), op('office', '/', 'b')];
    const cell = resolveCell(ops);
    expect(cell).toMatchObject({ code: '/', conflict: false });
    expect(outcomesOf(ops)).toEqual({ a: 'superseded', b: 'superseded', office: 'current' });
  });

  it('[resolve] an amendment based on the displaced side does not resolve the conflict', () => {
    const ops = [op('a', '/'), op('b', 'I'), op('office', 'M', 'a')];
    expect(resolveCell(ops)).toMatchObject({ code: 'M', conflict: true });
    expect(outcomesOf(ops)).toEqual({ a: 'conflict', b: 'conflict', office: 'current' });
  });

  it('[resolve] identical concurrent codes are not a conflict', () => {
    const ops = [op('teacher-L', 'L'), op('reception-L', 'L')];
    expect(resolveCell(ops)).toMatchObject({ code: 'L', conflict: false });
    expect(outcomesOf(ops)).toEqual({ 'teacher-L': 'superseded', 'reception-L': 'current' });
  });

  it('[resolve] an identical concurrent code neither raises nor resolves a conflict', () => {
    const ops = [op('a', '/'), op('b', 'I'), op('c', 'I')];
    expect(resolveCell(ops)).toMatchObject({ code: 'I', conflict: true });
    expect(outcomesOf(ops)).toEqual({ a: 'conflict', b: 'conflict', c: 'current' });
  });

  it('[resolve] undo empties the cell, and a first mark based on the clear works', () => {
    const ops = [op('mark', '/'), op('undo', null, 'mark')];
    expect(resolveCell(ops)).toMatchObject({ code: null, conflict: false });
    expect(resolveCell(ops).head?.opId).toBe('undo');
    const remarked = [...ops, op('again', 'N', 'undo')];
    expect(resolveCell(remarked)).toMatchObject({ code: 'N', conflict: false });
    expect(outcomesOf(remarked)).toEqual({
      mark: 'superseded',
      undo: 'superseded',
      again: 'current',
    });
  });

  it('[resolve] a concurrent mark fills a cleared cell', () => {
    const ops = [op('mark', '/'), op('undo', null, 'mark'), op('late', 'L', 'elsewhere')];
    expect(resolveCell(ops)).toMatchObject({ code: 'L', conflict: false });
  });

  it('[resolve] a concurrent clear never removes a known mark', () => {
    const ops = [op('reception-L', 'L'), op('stale-undo', null, 'older')];
    expect(resolveCell(ops)).toMatchObject({ code: 'L', conflict: false });
    expect(outcomesOf(ops)).toEqual({ 'reception-L': 'current', 'stale-undo': 'superseded' });
  });

  it('[resolve] a concurrent N or clear on an N cell changes nothing', () => {
    const ops = [op('close-N', 'N'), op('teacher-N', 'N'), op('undo', null)];
    expect(resolveCell(ops).head?.opId).toBe('close-N');
  });

  it('[resolve] an N based on the head replaces a known mark (a deliberate correction)', () => {
    expect(resolveCell([op('a', '/'), op('b', 'N', 'a')]).code).toBe('N');
  });

  it('[resolve] a re-delivered opId changes nothing, even with different content', () => {
    const a = op('a', '/');
    const b = op('b', 'I', 'a');
    const again = [a, b, { ...a, code: 'O', basedOn: 'b' }, b];
    expect(resolveCell(again)).toEqual(resolveCell([a, b]));
  });

  it('[resolve] a mark based on an op this replica never saw is concurrent', () => {
    const ops = [op('a', 'N'), op('b', '/', 'never-received')];
    expect(resolveCell(ops)).toMatchObject({ code: '/', conflict: false });
    expect(resolveCell([op('x', 'L', 'never-received')]).code).toBe('L');
  });
});

describe('server order and pending ops', () => {
  it('[resolve] sortByServerOrder sorts by seq, then opId, without touching its input', () => {
    const ops: Op[] = [
      { opId: 'c', code: '/', basedOn: null, seq: 3 },
      { opId: 'b', code: 'I', basedOn: null, seq: 1 },
      { opId: 'a', code: 'L', basedOn: null, seq: 1 },
    ];
    expect(sortByServerOrder(ops).map((o) => o.opId)).toEqual(['a', 'b', 'c']);
    expect(ops.map((o) => o.opId)).toEqual(['c', 'b', 'a']);
  });

  it('[resolve] resolveCellInServerOrder folds in seq order, not arrival order', () => {
    const n = op('teacher-N', 'N');
    const l = op('reception-L', 'L');
    expect(resolveCellInServerOrder([l, n]).code).toBe('L');
    const i = op('office-I', 'I', 'reception-L');
    expect(resolveCellInServerOrder([i, n, l]).code).toBe('I');
  });

  it('[read-your-writes] an unsent mark shows on top of a fresh pull', () => {
    const server = [op('close-N', 'N')];
    const pending = [op('teacher-L', 'L', 'close-N')];
    expect(foldPending(server, pending)).toMatchObject({ code: 'L', conflict: false });
  });

  it('[read-your-writes] a pending op already on the server is not folded twice', () => {
    const mine = op('mine', '/');
    const server = [mine, op('office', 'I', 'mine')];
    const cell = foldPending(server, [mine]);
    expect(cell).toEqual(resolveCell(server));
    expect(cell.code).toBe('I');
  });
});

// ---- properties -------------------------------------------------------------------------------

const CODES = ['/', 'L', 'U', 'N', 'I', 'O', 'M', null] as const;

/** basedOn: null, an earlier op (often the previous one, so `follows` is common), or a stranger. */
const basis: fc.Arbitrary<Basis> = fc.oneof(
  fc.constant('null' as const),
  fc.constant('previous' as const),
  fc.nat(),
  fc.constant('unknown' as const),
);

type Basis = 'null' | 'previous' | 'unknown' | number;

function buildLog(specs: readonly { code: string | null; base: Basis }[]): Op[] {
  return specs.map(({ code, base }, i) => {
    let basedOn: string | null = null;
    if (base === 'unknown') basedOn = `ghost-${i}`;
    else if (i > 0 && base === 'previous') basedOn = `op${i - 1}`;
    else if (i > 0 && typeof base === 'number') basedOn = `op${base % i}`;
    return { opId: `op${i}`, code, basedOn, seq: i + 1 };
  });
}

const logArb = fc
  .array(fc.record({ code: fc.constantFrom(...CODES), base: basis }), { maxLength: 14 })
  .map(buildLog);

const RUNS = { numRuns: 400 };

describe('resolveCell properties', () => {
  it('[resolve] every replica with the same log shows the same cell, whatever the delivery order', () => {
    const shuffled = logArb.chain((log) =>
      fc.tuple(fc.constant(log), fc.shuffledSubarray(log, { minLength: log.length })),
    );
    fc.assert(
      fc.property(shuffled, ([log, delivered]) => {
        expect(resolveCellInServerOrder(delivered)).toEqual(resolveCell(log));
        expect(resolveCell(log)).toEqual(resolveCell(log));
      }),
      RUNS,
    );
  });

  it('[resolve] re-delivering any amendment later changes nothing', () => {
    const withRepeats = logArb
      .filter((log) => log.length > 0)
      .chain((log) =>
        fc.tuple(
          fc.constant(log),
          fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }),
        ),
      );
    fc.assert(
      fc.property(withRepeats, ([log, repeats]) => {
        const delivered = [...log];
        for (const [which, where] of repeats) {
          const index = which % log.length;
          const original = log[index] as Op;
          const firstAt = delivered.findIndex((o) => o.opId === original.opId);
          const at = firstAt + 1 + (where % (delivered.length - firstAt));
          delivered.splice(at, 0, { ...original });
        }
        expect(resolveCell(delivered)).toEqual(resolveCell(log));
      }),
      RUNS,
    );
  });

  it('[resolve] a concurrent N or clear appended to any log never changes a known mark', () => {
    const input = fc.tuple(
      logArb,
      fc.constantFrom('N', null),
      fc.constantFrom(null, 'op0', 'ghost'),
    );
    fc.assert(
      fc.property(input, ([log, code, basedOn]) => {
        const before = resolveCell(log);
        fc.pre(isKnownMark(before.code) && basedOn !== before.head?.opId);
        const after = resolveCell([...log, { opId: 'late-N', code, basedOn, seq: log.length + 1 }]);
        expect(after.head).toBe(before.head);
        expect(after.conflict).toBe(before.conflict);
        expect(after.outcomes.get('late-N')).toBe('superseded');
      }),
      RUNS,
    );
  });

  it('[resolve] the head is an input or null, and every opId has one outcome, one current', () => {
    fc.assert(
      fc.property(logArb, (log) => {
        const cell = resolveCell(log);
        if (cell.head !== null) expect(log).toContain(cell.head);
        expect(cell.code).toBe(cell.head?.code ?? null);
        expect([...cell.outcomes.keys()]).toEqual([...new Set(log.map((o) => o.opId))]);
        const outcomes = [...cell.outcomes.values()];
        expect(outcomes.filter((o) => o === 'current')).toHaveLength(log.length > 0 ? 1 : 0);
        expect(outcomes.includes('conflict')).toBe(cell.conflict);
        if (cell.conflict) expect(isKnownMark(cell.code)).toBe(true);
      }),
      RUNS,
    );
  });

  it('[resolve] an amendment based on the head always becomes the head and clears any conflict', () => {
    const input = fc.tuple(logArb, fc.constantFrom(...CODES));
    fc.assert(
      fc.property(input, ([log, code]) => {
        const basedOn = resolveCell(log).head?.opId ?? null;
        const next: Op = { opId: 'office', code, basedOn, seq: log.length + 1 };
        const after = resolveCell([...log, next]);
        expect(after.head).toBe(next);
        expect(after.conflict).toBe(false);
      }),
      RUNS,
    );
  });

  it('[read-your-writes] with nothing pending the view is the server cell', () => {
    const input = fc.tuple(logArb, fc.nat());
    fc.assert(
      fc.property(input, ([server, cut]) => {
        expect(foldPending(server, [])).toEqual(resolveCell(server));
        const alreadySent = server.slice(cut % (server.length + 1));
        expect(foldPending(server, alreadySent)).toEqual(resolveCell(server));
      }),
      RUNS,
    );
  });
});
