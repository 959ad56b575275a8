import { describe, expect, it } from 'vitest';
import type { MarkOp } from '../../schema/op.ts';
import { viewOf } from '../../storage/registerView.ts';
import { OFFICE, serverMark, TEACHER } from '../register/testing.ts';
import { bylineText, historyLines } from './historyLines.ts';

const STAFF = new Map([
  [TEACHER.id, TEACHER],
  [OFFICE.id, OFFICE],
]);
const ME = { name: 'Olive Office', position: 'Office Manager' };

function unsent(opId: string, code: string, basedOn: string, reportedBy?: string): MarkOp {
  return {
    kind: 'mark',
    opId,
    deviceId: 'dev-here',
    deviceSeq: 1,
    pupilId: 'p-01',
    date: '2026-12-02',
    recordedAt: '2026-12-02T10:00:00.000Z',
    session: 'AM',
    code,
    basedOn,
    source: 'office',
    reason: 'Phoned in by parent',
    ...(reportedBy === undefined ? {} : { reportedBy }),
  };
}

describe('historyLines: the device\u2019s lines of a cell, by the domain\u2019s history rule', () => {
  it('lists the server\u2019s entries with the mark each found, then this device\u2019s unsent marks', () => {
    const n = serverMark({ code: 'N', authorId: null, source: 'system', outcome: 'superseded' });
    const i = serverMark({ code: 'I', basedOn: n.opId, authorId: 's-left', outcome: 'current' });
    const mine = unsent('mine-1', 'M', i.opId, 'Mrs Jones');
    const amendments = [n, i];
    const lines = historyLines(
      { amendments, pending: [mine], view: viewOf(amendments, [mine]) },
      STAFF,
      [{ name: 'Mrs Jones', mayReportAbsence: true }],
      ME,
    );
    expect(lines.map((l) => [l.before, l.code, l.outcome, bylineText(l)])).toEqual([
      [null, 'N', 'superseded', 'Register close, System'],
      ['N', 'I', 'current', 'Former member of staff'],
      ['I', 'M', 'unsent', 'Olive Office, Office Manager'],
    ]);
    expect(lines[2]).toMatchObject({
      receivedAt: null,
      reportedBy: 'Mrs Jones',
      reportedByListed: true,
      lateSync: false,
    });
  });
});
