/**
 * Starts the real server in this process on a free port, over a real store (PGlite in memory, or
 * PostgreSQL in a schema of its own), with the clock fixed where the test wants it. Tests talk to
 * it over real HTTP with fetch.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildServer, type RollcallServer } from '../../src/server/app.ts';
import { ServerClock } from '../../src/server/clock.ts';
import { importBundle } from '../../src/server/school/importBundle.ts';
import { validateBundle } from '../../src/server/school/validateBundle.ts';
import { openDatabase, type OpenedDatabase } from '../../src/server/store/open.ts';
import type { StoreTarget } from '../../src/server/store/testTargets.ts';
import type { SchoolBundle } from '../../src/schema/bundle.ts';
import type { CallOp, MarkOp, MovementOp, Op } from '../../src/schema/op.ts';
import type { GapResponse, PullChange, PullPage, PushResponse } from '../../src/schema/sync.ts';
import { PASSWORD, smallSchool } from '../fixtures/smallSchool.ts';

export { storeTargets } from '../../src/server/store/testTargets.ts';

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface TestServer {
  readonly url: string;
  readonly store: OpenedDatabase;
  readonly server: RollcallServer;
  readonly clock: ServerClock;
  login(username: string, password?: string): Promise<string>;
  api<T = Record<string, unknown>>(
    token: string | null,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiResponse<T>>;
  /** A mark op with sensible defaults; `deviceSeq` counts up per device (per server) unless given. */
  mark(
    fields: Partial<MarkOp> & Pick<MarkOp, 'pupilId' | 'date' | 'session' | 'code' | 'recordedAt'>,
  ): MarkOp;
  movement(
    fields: Partial<MovementOp> &
      Pick<MovementOp, 'pupilId' | 'date' | 'direction' | 'at' | 'recordedAt'>,
  ): MovementOp;
  /** A first-day call op: "Parent N", no answer, unless given. */
  call(fields: Partial<CallOp> & Pick<CallOp, 'pupilId' | 'date' | 'at' | 'recordedAt'>): CallOp;
  /** Moves the server clock and runs the register close job, as POST /api/test/clock does. */
  setClock(iso: string): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly suite: string;
  readonly now: string;
  readonly bundles?: readonly SchoolBundle[];
  /** Trust `X-Forwarded-For` as behind a proxy (default true: tests stand in for many clients). */
  readonly trustProxy?: boolean;
}

export async function startTestServer(
  target: StoreTarget,
  options: StartOptions,
): Promise<TestServer> {
  const store = await openDatabase(target.options(options.suite));
  const clock = new ServerClock(Date.parse(options.now));
  for (const bundle of options.bundles ?? [smallSchool()]) {
    const valid = validateBundle(bundle);
    if (!valid.ok) throw new Error(`fixture bundle invalid: ${JSON.stringify(valid.error)}`);
    await importBundle(store.db, valid.value, options.now);
  }
  const server = await buildServer({
    store,
    clock,
    testClock: true,
    closeEveryMs: 0,
    trustProxy: options.trustProxy ?? true,
  });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${String(port)}`;

  async function api<T>(
    token: string | null,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // CSV and other text bodies stay text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  const seqByDevice = new Map<string, number>();
  const nextSeq = (deviceId: string): number => {
    const seq = (seqByDevice.get(deviceId) ?? 0) + 1;
    seqByDevice.set(deviceId, seq);
    return seq;
  };

  return {
    url,
    store,
    mark(fields) {
      const deviceId = fields.deviceId ?? 'device-1';
      return {
        kind: 'mark',
        opId: randomUUID(),
        deviceId,
        deviceSeq: fields.deviceSeq ?? nextSeq(deviceId),
        basedOn: null,
        source: 'register',
        ...fields,
      };
    },
    movement(fields) {
      const deviceId = fields.deviceId ?? 'device-1';
      return {
        kind: 'movement',
        opId: randomUUID(),
        deviceId,
        deviceSeq: fields.deviceSeq ?? nextSeq(deviceId),
        ...fields,
      };
    },
    call(fields) {
      const deviceId = fields.deviceId ?? 'device-1';
      return {
        kind: 'call',
        opId: randomUUID(),
        deviceId,
        deviceSeq: fields.deviceSeq ?? nextSeq(deviceId),
        contact: `Parent ${fields.pupilId.slice(1)}`,
        outcome: 'no-answer',
        ...fields,
      };
    },
    server,
    clock,
    api,
    async login(username, password = PASSWORD) {
      const response = await api<{ token?: string }>(null, 'POST', '/api/auth/login', {
        username,
        password,
        ...(options.bundles !== undefined && options.bundles.length > 1
          ? { school: options.bundles[0]?.school.urn }
          : {}),
      });
      if (response.body.token === undefined)
        throw new Error(`login failed for ${username}: ${JSON.stringify(response.body)}`);
      return response.body.token;
    },
    async setClock(iso) {
      clock.set(Date.parse(iso));
      await server.deps.closeRegisters();
    },
    async close() {
      await server.close();
      await store.close();
    },
  };
}

export function push(server: TestServer, token: string, deviceId: string, ops: readonly Op[]) {
  return server.api<PushResponse & Partial<Pick<GapResponse, 'expectedSeq'>>>(
    token,
    'POST',
    '/api/sync/push',
    { protocol: 1, deviceId, ops },
  );
}

/**
 * One change of a pull page as the wire carries it, unparsed: `pullChangeSchema` would drop
 * fields the tests must see are never sent (a member of staff's username).
 */
export interface PulledChange {
  readonly type: PullChange['type'];
  readonly version: number;
  readonly data: { readonly id?: string; readonly opId?: string } & Record<string, unknown>;
}

/** A pull page as the wire carries it (`pullPageSchema`), its changes unparsed. */
export type PulledPage = Omit<PullPage, 'changes'> & { readonly changes: PulledChange[] };

/** The identity of a change: an amendment or a pupil may come again at a later version. */
export function changeKey(change: PulledChange): string {
  return `${change.type}:${change.data.opId ?? change.data.id ?? ''}`;
}

/** One pull page; throws unless the server answered 200. */
export async function pullPage(
  server: TestServer,
  token: string,
  cursor: number,
  limit = 5000,
): Promise<PulledPage> {
  const response = await server.api<PulledPage>(
    token,
    'GET',
    `/api/sync/pull?cursor=${String(cursor)}&limit=${String(limit)}`,
  );
  if (response.status !== 200)
    throw new Error(`pull failed (${String(response.status)}): ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Pulls page after page from `cursor` until `hasMore` is false. */
export async function pullAll(
  server: TestServer,
  token: string,
  cursor = 0,
  limit = 5000,
): Promise<{ pages: PulledPage[]; changes: PulledChange[]; cursor: number }> {
  const pages: PulledPage[] = [];
  let at = cursor;
  for (;;) {
    const page = await pullPage(server, token, at, limit);
    pages.push(page);
    at = page.cursor;
    if (!page.hasMore) break;
    if (pages.length > 10_000) throw new Error('pull never ended');
  }
  return { pages, changes: pages.flatMap((p) => p.changes), cursor: at };
}

/** Row counts of the sync tables, read straight from the store. */
export async function rowCounts(
  server: TestServer,
): Promise<
  Record<'amendments' | 'cells' | 'movements' | 'calls' | 'audit' | 'device_seqs', number>
> {
  const counts = { amendments: 0, cells: 0, movements: 0, calls: 0, audit: 0, device_seqs: 0 };
  for (const table of Object.keys(counts) as (keyof typeof counts)[]) {
    const row = await server.store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}
