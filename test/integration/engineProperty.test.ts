/**
 * The engine's convergence property against the real server (docs/attendance-rules.md §4.3 "Every
 * replica that has the same log shows the same register"): three devices — two class teachers and
 * the office — mark one open register while each one's network goes down, loses answers, doubles
 * pushes and lags, at random. Once the network heals and every device has synced, every device
 * shows the server's register, and every op reached the server exactly once: applied, or refused
 * and kept on its device with the reason.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRejected, pendingCount } from '../../src/storage/outbox.ts';
import { cellsFor } from '../../src/storage/registerView.ts';
import {
  auditCounts,
  deviceCodes,
  drain,
  openDevice,
  serverCodes,
  sleep,
  type Device,
  type NetMode,
} from './engineHarness.ts';
import { startTestServer, storeTargets, type TestServer } from './harness.ts';

const GROUPS = { g3b: ['p1', 'p2', 'p3', 'p4'], g4h: ['p5', 'p6', 'p7', 'p8'] } as const;
type GroupId = keyof typeof GROUPS;

/** Who holds each device, and the groups they see. */
const STAFF = [
  { username: 't.hughes', groups: ['g3b'] as GroupId[], role: 'teacher' },
  { username: 't.other', groups: ['g4h'] as GroupId[], role: 'teacher' },
  { username: 'office', groups: ['g3b', 'g4h'] as GroupId[], role: 'office' },
] as const;

/** One school day and session per run, each with its register open at the start of the run. */
const SLOTS = [
  '2026-12-03',
  '2026-12-04',
  '2026-12-07',
  '2026-12-08',
  '2026-12-09',
  '2026-12-10',
  '2026-12-11',
].flatMap((date) => (['AM', 'PM'] as const).map((session) => ({ date, session })));
const NUM_RUNS = 12;

type Command =
  | {
      readonly kind: 'mark';
      readonly device: number;
      readonly pupil: number;
      readonly code: number;
    }
  | {
      readonly kind: 'net';
      readonly device: number;
      readonly mode: NetMode;
      readonly isDoubling: boolean;
      readonly delayMs: number;
    }
  | { readonly kind: 'wait'; readonly ms: number };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('mark' as const),
      device: fc.nat(2),
      pupil: fc.nat(7),
      code: fc.nat(3),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('net' as const),
      device: fc.nat(2),
      mode: fc.constantFrom<NetMode>('up', 'down', 'lose-answer'),
      isDoubling: fc.boolean(),
      delayMs: fc.constantFrom(0, 0, 5, 40),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.integer({ min: 0, max: 60 }),
    }),
  },
);

/** The codes a teacher (present, absent, clear) or the office (with a reason) would use. */
function markFields(role: string, session: 'AM' | 'PM', code: number) {
  if (role === 'teacher') {
    const codes = [session === 'AM' ? '/' : '\\', 'N', session === 'AM' ? '/' : '\\', null];
    return { code: codes[code] ?? null, source: 'register' as const };
  }
  const codes = ['I', 'M', 'C', 'N'];
  return { code: codes[code] ?? 'I', source: 'office' as const, reason: 'Phoned in by a parent' };
}

describe.each(storeTargets())('[engine-property] on $kind', (target) => {
  let server: TestServer;
  let run = 0;

  beforeAll(async () => {
    server = await startTestServer(target, {
      suite: 'engine_property',
      now: '2026-12-02T08:55:00Z',
    });
  }, 30_000);

  afterAll(async () => {
    await server.close();
  });

  async function applyCommand(
    devices: Device[],
    slot: (typeof SLOTS)[number],
    command: Command,
  ): Promise<string | null> {
    if (command.kind === 'wait') {
      await sleep(command.ms);
      return null;
    }
    const device = devices[command.device];
    const staff = STAFF[command.device];
    if (device === undefined || staff === undefined) return null;
    if (command.kind === 'net') {
      Object.assign(device.net, {
        mode: command.mode,
        isDoubling: command.isDoubling,
        delayMs: command.delayMs,
      });
      return null;
    }
    const pupils = staff.groups.flatMap((g) => GROUPS[g]);
    const pupilId = pupils[command.pupil % pupils.length] ?? 'p1';
    const cells = await cellsFor(
      device.db,
      [pupilId],
      slot.date,
      slot.session,
      device.auth.staff.id,
    );
    if (!cells.ok) throw new Error(cells.error.message);
    // Based on what this device shows, as a person tapping the register would be.
    const head = cells.value.get(pupilId)?.head?.opId ?? null;
    const op = await device.mark({
      pupilId,
      date: slot.date,
      session: slot.session,
      basedOn: head,
      ...markFields(staff.role, slot.session, command.code),
    });
    return op.opId;
  }

  async function healAndCheck(
    devices: Device[],
    slot: (typeof SLOTS)[number],
    opIds: string[],
  ): Promise<void> {
    for (const device of devices)
      Object.assign(device.net, { mode: 'up', isDoubling: false, delayMs: 0 });
    for (const device of devices) await drain(device);
    for (const device of devices) await drain(device); // everyone pulls everyone's last ops
    for (const [i, device] of devices.entries()) {
      expect(await pendingCount(device.db)).toBe(0);
      for (const groupId of STAFF[i]?.groups ?? []) {
        const shown = await deviceCodes(device, GROUPS[groupId], slot.date, slot.session);
        expect(shown).toEqual(
          await serverCodes(server, device.auth.token, groupId, slot.date, slot.session),
        );
      }
    }
    const counts = await auditCounts(server);
    expect(opIds.filter((opId) => counts.get(opId) !== 1)).toEqual([]);
    const refused = await server.store.db
      .selectFrom('audit')
      .select('op_id')
      .where('status', '=', 'rejected')
      .execute();
    const refusedIds = new Set(refused.map((row) => row.op_id));
    const keptAsRejected = new Set<string>();
    for (const device of devices) {
      const rejected = await listRejected(device.db);
      if (!rejected.ok) throw new Error(rejected.error.message);
      for (const entry of rejected.value) keptAsRejected.add(entry.opId);
    }
    expect(opIds.filter((opId) => refusedIds.has(opId) !== keptAsRejected.has(opId))).toEqual([]);
  }

  it('[converge] after random partitions and delays every device shows the server’s register', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 4, maxLength: 24 }), async (commands) => {
        const slot = SLOTS[run % SLOTS.length] ?? { date: '2026-12-03', session: 'AM' as const };
        run += 1;
        await server.setClock(`${slot.date}T${slot.session === 'AM' ? '08:55' : '13:05'}:00Z`);
        const devices = await Promise.all(STAFF.map((staff) => openDevice(server, staff.username)));
        try {
          const opIds: string[] = [];
          for (const command of commands) {
            const opId = await applyCommand(devices, slot, command);
            if (opId !== null) opIds.push(opId);
          }
          await healAndCheck(devices, slot, opIds);
        } finally {
          await Promise.all(devices.map((device) => device.close()));
        }
      }),
      { numRuns: NUM_RUNS, endOnFailure: true },
    );
  }, 240_000);
});
