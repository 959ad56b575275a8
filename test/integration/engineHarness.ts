/**
 * Devices for the sync engine's integration tests: each its own Dexie database (fake-indexeddb),
 * signed in through the real login, running the real engine against the real server through a
 * fetch that tests can break in chosen ways (down, lost answers, doubled pushes, delays).
 */
import 'fake-indexeddb/auto';
import type { AddressInfo } from 'node:net';
import { buildServer, type RollcallServer } from '../../src/server/app.ts';
import { saveAuth } from '../../src/storage/auth.ts';
import { RollcallDb } from '../../src/storage/db.ts';
import { pendingCount, recordMark } from '../../src/storage/outbox.ts';
import { signedInSchema, type SignedIn } from '../../src/schema/auth.ts';
import { cellsFor } from '../../src/storage/registerView.ts';
import { createSyncEngine, type SyncEngineOptions } from '../../src/sync/engine.ts';
import type { FetchLike } from '../../src/sync/http.ts';
import type { SyncStatus } from '../../src/sync/types.ts';
import type { SyncEngine } from '../../src/sync/types.ts';
import type { MarkOp } from '../../src/schema/op.ts';
import { PASSWORD } from '../fixtures/smallSchool.ts';
import type { TestServer } from './harness.ts';
import type { RegisterResponse } from '../../src/schema/reads.ts';

/** How the network treats a device's requests right now. */
export type NetMode =
  /** Requests go through. */
  | 'up'
  /** Requests never reach the server. */
  | 'down'
  /** Requests reach the server; the answer is lost on the way back. */
  | 'lose-answer';

/** A fetch in the test's hands. */
export class FlakyNet {
  mode: NetMode = 'up';
  /** Sends every push twice (both reach the server; the second answer is returned). */
  isDoubling = false;
  /** Waits this long before sending, ms. */
  delayMs = 0;
  /** Called with each push body before it is sent; may throw to fail it. */
  beforePush: ((count: number) => Promise<void>) | null = null;
  pushes = 0;
  readonly fetch: FetchLike = async (input, init) => {
    if (this.delayMs > 0) await sleep(this.delayMs);
    const isPush = input.endsWith('/api/sync/push');
    if (isPush) {
      this.pushes += 1;
      await this.beforePush?.(this.pushes);
    }
    if (this.mode === 'down') throw new TypeError('fetch failed (network down)');
    if (isPush && this.isDoubling) {
      const [first, second] = await Promise.all([fetch(input, init), fetch(input, init)]);
      await first.arrayBuffer();
      return this.deliver(second);
    }
    return this.deliver(await fetch(input, init));
  };

  private async deliver(response: Response): Promise<Response> {
    if (this.mode !== 'lose-answer') return response;
    await response.arrayBuffer();
    throw new TypeError('fetch failed (answer lost)');
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

let dbCounter = 0;

export interface Device {
  readonly db: RollcallDb;
  readonly net: FlakyNet;
  readonly engine: SyncEngine;
  auth: SignedIn;
  /** Records a mark as the signed-in person, at the engine's corrected time. */
  mark(
    fields: Omit<MarkOp, 'kind' | 'opId' | 'deviceId' | 'deviceSeq' | 'recordedAt'>,
  ): Promise<MarkOp>;
  close(): Promise<void>;
}

/** Signs `username` in on the real server; the answer as the device stores it. */
export async function signIn(
  server: TestServer,
  username: string,
  password = PASSWORD,
): Promise<SignedIn> {
  const answer = await server.api(null, 'POST', '/api/auth/login', { username, password });
  const parsed = signedInSchema.safeParse(answer.body);
  if (!parsed.success)
    throw new Error(`login failed for ${username}: ${JSON.stringify(answer.body)}`);
  return parsed.data;
}

/** A fresh device with `username` signed in and its engine started. */
export async function openDevice(
  server: TestServer,
  username: string,
  options: Partial<SyncEngineOptions> = {},
  password = PASSWORD,
): Promise<Device> {
  dbCounter += 1;
  const db = new RollcallDb(`engine-it-${String(process.pid)}-${String(dbCounter)}`);
  const net = new FlakyNet();
  const auth = await signIn(server, username, password);
  const saved = await saveAuth(db, auth);
  if (!saved.ok) throw new Error(saved.error.message);
  const engine = createSyncEngine({
    db,
    fetch: net.fetch,
    baseUrl: server.url,
    now: () => server.clock.now(),
    random: () => 0.5,
    backoff: { baseMs: 20, capMs: 200 },
    intervalMs: 60_000,
    window: null,
    document: null,
    locks: null,
    serverEvents: false,
    isBrowserOnline: () => true,
    reportError: (error) => {
      throw error;
    },
    ...options,
  });
  engine.start();
  const device: Device = {
    db,
    net,
    engine,
    auth,
    async mark(fields) {
      const recorded = await recordMark(db, {
        ...fields,
        authorId: device.auth.staff.id,
        now: engine.now(),
      });
      if (!recorded.ok) throw new Error(recorded.error.message);
      engine.request('write');
      return recorded.value;
    },
    async close() {
      await engine.stop();
      db.close();
      await db.delete();
    },
  };
  return device;
}

/** Asks for syncs until the signed-in person's queue is empty and a full sync has followed. */
export async function drain(device: Device, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    device.engine.request('manual');
    await device.engine.settled();
    const status = device.engine.getStatus();
    const pending = await pendingCount(device.db, device.auth.staff.id);
    if (pending === 0 && status.phase === 'idle' && status.lastError === null) return;
    if (Date.now() - started > timeoutMs)
      throw new Error(
        `device did not drain: ${String(pending)} pending, ${JSON.stringify(status)}`,
      );
    await sleep(25);
  }
}

/**
 * Waits until the device's sync reaches `phase`: a write asks for a sync once the writing has
 * settled (src/sync/loop.ts), so its cycle comes a moment after the write.
 */
export async function untilPhase(
  device: Device,
  phase: SyncStatus['phase'],
  timeoutMs = 10_000,
): Promise<void> {
  const started = Date.now();
  while (device.engine.getStatus().phase !== phase) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`sync did not reach ${phase}: ${JSON.stringify(device.engine.getStatus())}`);
    await sleep(25);
  }
  await device.engine.settled();
}

/** The codes a device shows for a register, keyed by pupil. */
export async function deviceCodes(
  device: Device,
  pupilIds: readonly string[],
  date: string,
  session: 'AM' | 'PM',
): Promise<Record<string, { code: string | null; conflict: boolean }>> {
  const cells = await cellsFor(device.db, pupilIds, date, session, device.auth.staff.id);
  if (!cells.ok) throw new Error(cells.error.message);
  return Object.fromEntries(
    [...cells.value].map(([pupilId, cell]) => [
      pupilId,
      { code: cell.code, conflict: cell.conflict },
    ]),
  );
}

/** The codes the server shows for a register, keyed by pupil. */
export async function serverCodes(
  server: TestServer,
  token: string,
  groupId: string,
  date: string,
  session: 'AM' | 'PM',
): Promise<Record<string, { code: string | null; conflict: boolean }>> {
  const answer = await server.api<RegisterResponse>(
    token,
    'GET',
    `/api/registers/${groupId}/${date}/${session}`,
  );
  if (answer.status !== 200)
    throw new Error(`register read failed: ${JSON.stringify(answer.body)}`);
  return Object.fromEntries(
    answer.body.rows.map((row) => [row.pupilId, { code: row.code, conflict: row.conflict }]),
  );
}

/** How many audit rows (ops the server received and recorded) each opId has. */
export async function auditCounts(server: TestServer): Promise<Map<string, number>> {
  const rows = await server.store.db
    .selectFrom('audit')
    .select((eb) => ['op_id', eb.fn.countAll().as('n')])
    .groupBy('op_id')
    .execute();
  return new Map(rows.map((row) => [row.op_id, Number(row.n)]));
}

/**
 * Stops the HTTP server as a crash would (open connections cut) and returns a function that
 * starts a new one on the same store, clock and port.
 */
export async function crashServer(server: TestServer): Promise<() => Promise<RollcallServer>> {
  const { port } = server.server.app.server.address() as AddressInfo;
  const closing = server.server.close();
  server.server.app.server.closeAllConnections();
  await closing;
  return async () => {
    const next = await buildServer({
      store: server.store,
      clock: server.clock,
      testClock: true,
      closeEveryMs: 0,
    });
    await next.app.listen({ port, host: '127.0.0.1' });
    return next;
  };
}
