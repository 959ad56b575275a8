/**
 * Bad input to the office's writes through `POST /api/sync/push` (issue #15, docs/sync-protocol.md
 * §5.3): a phone-in or planned absence sent as one batch, one op per session, where some ops break
 * a rule. Each such op is rejected on its own with its code and a sentence for the office, is
 * audited and stores nothing; the valid ops beside it apply, and no cell it named changes. The
 * same for a teacher's push that names who reported an absence or logs a call.
 *
 * The small school, with p8 having left on Friday 20 November. Monday 2026-11-23 (GMT): the
 * teacher marks while the AM register is open (09:10); the office works after it closed (09:25),
 * when the close job has written N into every blank cell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchoolBundle } from '../../src/schema/bundle.ts';
import type { CallOp, MarkOp, Op } from '../../src/schema/op.ts';
import type { HistoryResponse } from '../../src/schema/reads.ts';
import type { PushResult } from '../../src/schema/sync.ts';
import { smallSchool } from '../fixtures/smallSchool.ts';
import { push, startTestServer, storeTargets, type TestServer } from './harness.ts';

const TODAY = '2026-11-23';
const at = (hhmm: string): string => `${TODAY}T${hhmm}:00Z`;
const LEFT_ON = '2026-11-20';

/** The small school; p8 left on Friday. */
function school(): SchoolBundle {
  const bundle = smallSchool();
  return {
    ...bundle,
    pupils: bundle.pupils.map((pupil) =>
      pupil.id === 'p8' ? { ...pupil, leavingDate: LEFT_ON } : pupil,
    ),
  };
}

type Who = 't.hughes' | 'office';

/** What a rejected op must be: its code, and a sentence (several words, ending in a full stop). */
interface Refusal {
  readonly op: Op;
  readonly code: string;
  /** Words the sentence must hold, where it names what was wrong. */
  readonly says?: RegExp;
}

describe.each(storeTargets())('[office-bad-input] on $kind', (target) => {
  let server: TestServer;
  const tokens = new Map<Who, string>();
  const deviceOf = (who: Who) => `${who.replace(/[^a-z]/g, '')}-bad-input`;

  const history = async (pupilId: string, date = TODAY, session: 'AM' | 'PM' = 'AM') => {
    const answer = await server.api<HistoryResponse>(
      tokens.get('office') ?? '',
      'GET',
      `/api/marks/${pupilId}/${date}/${session}/history`,
    );
    expect(answer.status).toBe(200);
    return answer.body.entries;
  };
  const headOf = async (pupilId: string) =>
    (await history(pupilId)).find((e) => e.outcome === 'current')?.opId ?? null;

  const stored = async (opIds: readonly string[]) => {
    const db = server.store.db;
    const [marks, calls] = await Promise.all([
      db.selectFrom('amendments').select('op_id').where('op_id', 'in', opIds).execute(),
      db.selectFrom('calls').select('op_id').where('op_id', 'in', opIds).execute(),
    ]);
    return [...marks, ...calls].map((row) => row.op_id).sort();
  };
  const audited = (opIds: readonly string[]) =>
    server.store.db
      .selectFrom('audit')
      .select(['op_id', 'status', 'code'])
      .where('op_id', 'in', opIds)
      .orderBy('id')
      .execute();

  /**
   * Pushes `ops` as `who` in one batch: the `refused` are rejected as said, the others applied;
   * each is audited once, and only the applied are stored.
   */
  async function pushExpecting(
    who: Who,
    ops: readonly Op[],
    refused: readonly Refusal[],
  ): Promise<PushResult[]> {
    const response = await push(server, tokens.get(who) ?? '', deviceOf(who), ops);
    expect(response.status).toBe(200);
    const codes = new Map(refused.map((r) => [r.op.opId, r]));
    expect(response.body.results).toEqual(
      ops.map((op) => {
        const refusal = codes.get(op.opId);
        return refusal === undefined
          ? { opId: op.opId, status: 'applied' }
          : {
              opId: op.opId,
              status: 'rejected',
              code: refusal.code,
              reason: expect.stringMatching(refusal.says ?? /\S/) as unknown,
            };
      }),
    );
    for (const result of response.body.results)
      if (result.status === 'rejected') expect(result.reason).toMatch(/^\S+( \S+){3,}.*\.$/);
    const ids = ops.map((op) => op.opId);
    expect(await stored(ids)).toEqual(ids.filter((id) => !codes.has(id)).sort());
    expect((await audited(ids)).map((a) => [a.op_id, a.status, a.code])).toEqual(
      ops.map((op) => [
        op.opId,
        codes.has(op.opId) ? 'rejected' : 'applied',
        codes.get(op.opId)?.code ?? null,
      ]),
    );
    return response.body.results;
  }

  /** An office mark: a reason, recorded at 09:26, unless given. */
  const office = (
    fields: Partial<MarkOp> & Pick<MarkOp, 'pupilId' | 'date' | 'session' | 'code'>,
  ): MarkOp =>
    server.mark({
      source: 'office',
      reason: 'Unwell, phoned in by parent',
      recordedAt: at('09:26'),
      deviceId: deviceOf('office'),
      ...fields,
    });

  beforeAll(async () => {
    server = await startTestServer(target, {
      suite: 'office_bad_input',
      now: at('09:10'),
      bundles: [school()],
    });
    for (const who of ['t.hughes', 'office'] as const) tokens.set(who, await server.login(who));
  }, 30_000);

  afterAll(async () => {
    await server.close();
  });

  it('[teacher] a register mark naming who reported, and a call, are refused; the marks beside them apply', async () => {
    const teacher = (fields: Partial<MarkOp> & Pick<MarkOp, 'pupilId' | 'code'>): MarkOp =>
      server.mark({
        date: TODAY,
        session: 'AM',
        recordedAt: at('09:08'),
        deviceId: deviceOf('t.hughes'),
        ...fields,
      });
    const present = teacher({ pupilId: 'p1', code: '/' });
    const named = teacher({ pupilId: 'p2', code: 'N', reportedBy: 'Parent 2' });
    const call: CallOp = server.call({
      pupilId: 'p2',
      date: TODAY,
      at: '09:05',
      contact: 'Parent 2',
      recordedAt: at('09:08'),
      deviceId: deviceOf('t.hughes'),
    });
    const absent = teacher({ pupilId: 'p4', code: 'N' });
    await pushExpecting(
      't.hughes',
      [present, named, call, absent],
      [
        { op: named, code: 'reported-by-not-allowed', says: /Only the office records who/ },
        { op: call, code: 'not-allowed' },
      ],
    );
    expect((await history('p2')).map((e) => e.amended)).toEqual([]);
    expect((await history('p4')).map((e) => e.amended)).toEqual(['N']);
  });

  it('[office] a phone-in batch: blank reason, a code not valid that day, a leaver, days with no session are each refused alone', async () => {
    await server.setClock(at('09:25')); // the AM register closed at 09:20: blank cells are N
    expect((await history('p3')).map((e) => e.amended)).toEqual(['N']);
    const before = {
      p4: await history('p4'),
      p5: await history('p5'),
      p8: await history('p8'),
    };
    // Made in the order sent, so their device numbers run on. Valid: p3's N phoned in as illness,
    // p3 ill this afternoon too (both reported by Mum), p6 at the dentist tomorrow (planned).
    const p3am = office({
      pupilId: 'p3',
      date: TODAY,
      session: 'AM',
      code: 'I',
      basedOn: await headOf('p3'),
      reportedBy: 'Parent 3',
    });
    const blank = office({
      pupilId: 'p4',
      date: TODAY,
      session: 'AM',
      code: 'I',
      reason: '    ',
      basedOn: await headOf('p4'),
    });
    const retired = office({
      pupilId: 'p5',
      date: TODAY,
      session: 'AM',
      code: 'H', // a family holiday code, gone since 19 August 2024
      reason: 'Holiday agreed by the head',
      basedOn: await headOf('p5'),
    });
    const p3pm = office({
      pupilId: 'p3',
      date: TODAY,
      session: 'PM',
      code: 'I',
      reportedBy: 'Parent 3',
    });
    const leaver = office({ pupilId: 'p8', date: TODAY, session: 'AM', code: 'I' });
    const inset = office({ pupilId: 'p7', date: '2026-11-27', session: 'AM', code: 'I' });
    const saturday = office({ pupilId: 'p7', date: '2026-11-28', session: 'PM', code: 'I' });
    const halfTerm = office({ pupilId: 'p7', date: '2026-10-27', session: 'AM', code: 'I' });
    const nextYear = office({ pupilId: 'p7', date: '2027-09-06', session: 'AM', code: 'I' });
    const p6 = office({
      pupilId: 'p6',
      date: '2026-11-24',
      session: 'AM',
      code: 'M',
      reason: 'Dentist',
    });
    await pushExpecting(
      'office',
      [p3am, blank, retired, p3pm, leaver, inset, saturday, halfTerm, nextYear, p6],
      [
        { op: blank, code: 'reason-required', says: /Give a reason/ },
        { op: retired, code: 'code-not-valid-on-date', says: /\bH\b/ },
        { op: leaver, code: 'not-on-roll', says: /Pupil8 Family8 is not on roll on 2026-11-23/ },
        { op: inset, code: 'not-a-school-session', says: /2026-11-27 AM/ },
        { op: saturday, code: 'not-a-school-session', says: /2026-11-28 PM/ },
        { op: halfTerm, code: 'not-a-school-session', says: /2026-10-27 AM/ },
        { op: nextYear, code: 'not-a-school-session', says: /2027-09-06 AM/ },
      ],
    );
    // Nothing half-written: the refused cells are as they were, the others hold the office's mark.
    expect(await history('p4')).toEqual(before.p4);
    expect(await history('p5')).toEqual(before.p5);
    expect(await history('p8')).toEqual(before.p8);
    expect((await history('p3')).map((e) => [e.amended, e.reportedBy, e.outcome])).toEqual([
      ['N', null, 'superseded'],
      ['I', 'Parent 3', 'current'],
    ]);
    expect((await history('p3', TODAY, 'PM')).map((e) => e.amended)).toEqual(['I']);
    expect((await history('p6', '2026-11-24')).map((e) => [e.amended, e.reason])).toEqual([
      ['M', 'Dentist'],
    ]);
  });

  it('[office] the refused ops keep their place: sent again, each repeats its refusal; corrected, it applies', async () => {
    const blank = office({
      pupilId: 'p4',
      date: TODAY,
      session: 'AM',
      code: 'I',
      reason: ' ',
      basedOn: await headOf('p4'),
    });
    const [first] = await pushExpecting(
      'office',
      [blank],
      [{ op: blank, code: 'reason-required' }],
    );
    const again = await push(server, tokens.get('office') ?? '', deviceOf('office'), [blank]);
    expect(again.body.results).toEqual([
      {
        opId: blank.opId,
        status: 'duplicate',
        original: 'rejected',
        code: first?.code,
        reason: first?.reason,
      },
    ]);
    const fixed = office({
      pupilId: 'p4',
      date: TODAY,
      session: 'AM',
      code: 'I',
      reason: 'Temperature',
      basedOn: await headOf('p4'),
    });
    await pushExpecting('office', [fixed], []);
    expect((await history('p4')).map((e) => [e.amended, e.reason])).toEqual([
      ['N', null],
      ['I', 'Temperature'],
    ]);
  });
});
