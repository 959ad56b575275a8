import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RollCallStepRecord } from '../schema/rollCall.ts';
import { applyPullPage } from './applyPull.ts';
import type { RollcallDb } from './db.ts';
import type { StorageResult } from './errors.ts';
import {
  acknowledge,
  pendingFor,
  recordMark,
  recordMovement,
  recordRollCallSteps,
} from './outbox.ts';
import { cellCodeKey, readRollCallDay } from './rollCall.ts';
import { amendment, freshDb, markInput, movementInput, NOW } from './testing.ts';

const DATE = '2026-11-23';
const opened: RollcallDb[] = [];
function newDb(): RollcallDb {
  const db = freshDb();
  opened.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

function value<T>(result: StorageResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const pulledStep = (overrides: Partial<RollCallStepRecord>): RollCallStepRecord => ({
  opId: 'rc-1',
  rollCallId: 'rc-1',
  action: 'start',
  pupilId: null,
  date: DATE,
  authorId: 's-office',
  deviceId: 'dev-office',
  recordedAt: '2026-11-23T10:00:00.000Z',
  receivedAt: '2026-11-23T10:00:01.000Z',
  seq: 10,
  ...overrides,
});

describe('recordRollCallSteps', () => {
  it('[roll-call] queues steps with consecutive deviceSeqs; a start’s roll-call id is its own opId', async () => {
    const db = newDb();
    value(await recordMark(db, markInput({ authorId: 's-marshal' })));
    const recording = { authorId: 's-marshal', now: NOW };
    const [start] = value(
      await recordRollCallSteps(db, recording, [{ action: 'start', date: DATE }]),
    );
    expect(start).toMatchObject({ kind: 'rollcall', action: 'start', deviceSeq: 2, date: DATE });
    expect(start?.rollCallId).toBe(start?.opId);
    const rollCallId = start?.opId ?? '';
    const steps = value(
      await recordRollCallSteps(db, recording, [
        { action: 'tick', date: DATE, rollCallId, pupilId: 'p-1' },
        { action: 'end', date: DATE, rollCallId },
      ]),
    );
    expect(steps.map((s) => [s.action, s.deviceSeq, s.pupilId])).toEqual([
      ['tick', 3, 'p-1'],
      ['end', 4, undefined],
    ]);
    expect(value(await pendingFor(db, 's-marshal')).map((e) => e.op.kind)).toEqual([
      'mark',
      'rollcall',
      'rollcall',
      'rollcall',
    ]);
  });

  it('[roll-call] a bad step refuses the whole batch: nothing is queued', async () => {
    const db = newDb();
    const result = await recordRollCallSteps(db, { authorId: 's-marshal', now: NOW }, [
      { action: 'tick', date: DATE, rollCallId: 'rc-1', pupilId: 'p-1' },
      { action: 'tick', date: '23/11/2026', rollCallId: 'rc-1', pupilId: 'p-2' },
    ]);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(value(await pendingFor(db, 's-marshal'))).toEqual([]);
    const noAuthor = await recordRollCallSteps(db, { authorId: '', now: NOW }, [
      { action: 'start', date: DATE },
    ]);
    expect(noAuthor).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});

describe('readRollCallDay', () => {
  it('[roll-call] the day’s cells, movements and steps, with the author’s unsent ones on top, each once', async () => {
    const db = newDb();
    value(
      await applyPullPage(db, 's-marshal', {
        cursor: 12,
        changes: [
          { type: 'amendment', version: 11, data: amendment({ opId: 'a-1', code: 'N' }) },
          {
            type: 'amendment',
            version: 11,
            data: amendment({ opId: 'a-2', pupilId: 'p-2', date: '2026-11-20' }),
          },
          { type: 'rollcall', version: 12, data: pulledStep({}) },
          {
            type: 'rollcall',
            version: 12,
            data: pulledStep({
              opId: 'rc-2',
              action: 'tick',
              pupilId: 'p-3',
              seq: 11,
              recordedAt: '2026-11-23T10:01:00.000Z',
            }),
          },
        ],
      }),
    );
    const recording = { authorId: 's-marshal', now: NOW };
    // Reception's late sign-in, not yet sent, replaces the N.
    value(
      await recordMark(
        db,
        markInput({
          authorId: 's-marshal',
          code: 'U',
          source: 'reception',
          arrivedAt: '09:31',
          basedOn: 'a-1',
        }),
      ),
    );
    value(await recordMovement(db, movementInput({ authorId: 's-marshal', at: '09:31' })));
    const [tick] = value(
      await recordRollCallSteps(db, recording, [
        { action: 'tick', date: DATE, rollCallId: 'rc-1', pupilId: 'p-1' },
      ]),
    );
    const day = value(await readRollCallDay(db, DATE, 's-marshal'));
    expect(day.codes.get(cellCodeKey('p-1', 'AM'))).toBe('U');
    expect(day.codes.has(cellCodeKey('p-2', 'AM'))).toBe(false);
    expect(day.movements.get('p-1')).toMatchObject([{ direction: 'in', at: '09:31' }]);
    expect(day.steps.map((s) => [s.opId, s.action, s.pupilId])).toEqual([
      ['rc-1', 'start', null],
      ['rc-2', 'tick', 'p-3'],
      [tick?.opId, 'tick', 'p-1'],
    ]);
    expect([...day.unsent]).toEqual([tick?.opId]);
    // Pulled back but not yet acknowledged: listed once, as the server's.
    value(
      await applyPullPage(db, 's-marshal', {
        cursor: 13,
        changes: [
          {
            type: 'rollcall',
            version: 13,
            data: pulledStep({
              opId: tick?.opId ?? '',
              action: 'tick',
              pupilId: 'p-1',
              authorId: 's-marshal',
              seq: 12,
            }),
          },
        ],
      }),
    );
    const again = value(await readRollCallDay(db, DATE, 's-marshal'));
    expect(again.steps.map((s) => s.opId)).toEqual(['rc-1', 'rc-2', tick?.opId]);
    expect(again.unsent.size).toBe(0);
    await acknowledge(db, [{ opId: tick?.opId ?? '', status: 'applied' }]);
    expect(value(await readRollCallDay(db, DATE, 's-marshal')).steps).toHaveLength(3);
  });

  it('[roll-call] a damaged stored step is reported, not skipped', async () => {
    const db = newDb();
    await db.rollCallSteps.put({
      ...pulledStep({}),
      action: 'pause',
    } as unknown as RollCallStepRecord);
    expect(await readRollCallDay(db, DATE, 's-marshal')).toMatchObject({
      ok: false,
      error: { code: 'corrupt-row', table: 'rollCallSteps' },
    });
  });
});
