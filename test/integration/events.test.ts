/**
 * Server-sent pokes (docs/sync-protocol.md §7 `GET /api/sync/events`): read with fetch so the
 * bearer header goes with it; a poke reaches the clients that can see the change within seconds,
 * and nobody else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallSchool } from '../fixtures/smallSchool.ts';
import { push, startTestServer, storeTargets, type TestServer } from './harness.ts';

const DAY = '2026-11-23';
const POKE_WITHIN_MS = 2000;
const QUIET_MS = 400;

interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/** An open event stream, parsed as it arrives with Node's fetch body reader. */
class EventStream {
  readonly events: SseEvent[] = [];
  readonly #abort = new AbortController();
  #wake: (() => void) | undefined;
  #reading: Promise<void> = Promise.resolve();

  static async open(url: string, token: string): Promise<EventStream> {
    const stream = new EventStream();
    const response = await fetch(`${url}/api/sync/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: stream.#abort.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    if (response.body === null) throw new Error('no body');
    stream.#reading = stream.#read(response.body.getReader());
    return stream;
  }

  async #read(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n').filter((l) => !l.startsWith(':'));
          const field = (name: string) =>
            lines
              .filter((l) => l.startsWith(`${name}:`))
              .map((l) => l.slice(name.length + 1).trim())
              .join('\n');
          if (lines.length > 0) this.events.push({ event: field('event'), data: field('data') });
          end = buffer.indexOf('\n\n');
        }
        this.#wake?.();
      }
    } catch (error) {
      if (!this.#abort.signal.aborted) throw error;
    }
  }

  count(event: string): number {
    return this.events.filter((e) => e.event === event).length;
  }

  /** Resolves with the time waited once `count(event)` exceeds `already`; rejects after `ms`. */
  async waitFor(event: string, already: number, ms: number): Promise<number> {
    const started = Date.now();
    while (this.count(event) <= already) {
      const left = ms - (Date.now() - started);
      if (left <= 0) throw new Error(`no "${event}" event within ${String(ms)} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return Date.now() - started;
  }

  async close(): Promise<void> {
    this.#abort.abort();
    await this.#reading;
  }
}

describe.each(storeTargets())('[events] on $kind', (target) => {
  let server: TestServer;
  let office: string;
  let hughes: EventStream;
  let other: EventStream;
  let officeSeq = 0;

  const phoneIn = (pupilId: string) =>
    server.mark({
      pupilId,
      date: DAY,
      session: 'AM',
      code: 'I',
      source: 'office',
      reason: 'Parent phoned: unwell',
      recordedAt: `${DAY}T08:55:00Z`,
      deviceId: 'office-1',
      deviceSeq: ++officeSeq,
    });
  const quiet = () => new Promise((resolve) => setTimeout(resolve, QUIET_MS));

  beforeAll(async () => {
    // A URN of its own: on PostgreSQL every suite shares one NOTIFY channel (see the last suite).
    server = await startTestServer(target, {
      suite: 'events',
      now: `${DAY}T08:55:00Z`,
      bundles: [smallSchool({ urn: '100801' })],
    });
    office = await server.login('office');
    hughes = await EventStream.open(server.url, await server.login('t.hughes'));
    other = await EventStream.open(server.url, await server.login('t.other'));
  }, 30_000);

  afterAll(async () => {
    await Promise.all([hughes.close(), other.close()]);
    await server.close();
  });

  it('[events] a stream without a token, or with a wrong one, is refused with 401 JSON', async () => {
    for (const token of [null, 'not-a-real-token']) {
      const response = await server.api<{ error: string; message: string }>(
        token,
        'GET',
        '/api/sync/events',
      );
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(Object.keys(response.body).sort()).toEqual(['error', 'message']);
      expect(response.body.error).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
  });

  it('[events] each stream starts with a ready event carrying the server time', async () => {
    for (const stream of [hughes, other]) {
      await stream.waitFor('ready', 0, POKE_WITHIN_MS);
      expect(stream.events[0]?.event).toBe('ready');
      const data = JSON.parse(stream.events[0]?.data ?? '{}') as { serverTime?: string };
      expect(Date.parse(data.serverTime ?? '')).toBeGreaterThanOrEqual(
        Date.parse(`${DAY}T08:55:00Z`),
      );
    }
    expect(hughes.count('poke')).toBe(0);
    expect(other.count('poke')).toBe(0);
  });

  it("[events] an office phone-in pokes the pupil's teacher within 2 s, and not another group's", async () => {
    const before = { hughes: hughes.count('poke'), other: other.count('poke') };
    const op = phoneIn('p1'); // 3B: Ms Hughes's group
    const pushed = await push(server, office, 'office-1', [op]);
    expect(pushed.body.results).toEqual([{ opId: op.opId, status: 'applied' }]);
    expect(await hughes.waitFor('poke', before.hughes, POKE_WITHIN_MS)).toBeLessThan(
      POKE_WITHIN_MS,
    );
    await quiet();
    expect(other.count('poke')).toBe(before.other);

    // The other way round: a phone-in for 4H pokes its teacher.
    const theirs = { hughes: hughes.count('poke'), other: other.count('poke') };
    const op2 = phoneIn('p5');
    expect((await push(server, office, 'office-1', [op2])).body.results[0]?.status).toBe('applied');
    await other.waitFor('poke', theirs.other, POKE_WITHIN_MS);
    await quiet();
    expect(hughes.count('poke')).toBe(theirs.hughes);
  });

  it('[events] a server with streams open still shuts down, ending them', async () => {
    const second = await startTestServer(target, {
      suite: 'events-close',
      now: `${DAY}T08:55:00Z`,
      bundles: [smallSchool({ urn: '100802' })],
    });
    const stream = await EventStream.open(second.url, await second.login('t.hughes'));
    await stream.waitFor('ready', 0, POKE_WITHIN_MS);
    const started = Date.now();
    await second.close();
    expect(Date.now() - started).toBeLessThan(5000);
    await stream.close();
  });

  it('[events] a call to a family pokes the office within 2 s, and no teacher', async () => {
    const desk = await EventStream.open(server.url, office);
    try {
      await desk.waitFor('ready', 0, POKE_WITHIN_MS);
      const before = { desk: desk.count('poke'), hughes: hughes.count('poke') };
      const call = server.call({
        pupilId: 'p1', // 3B: a call changes no register, so Ms Hughes is not woken for it
        date: DAY,
        at: '08:54',
        recordedAt: `${DAY}T08:55:00Z`,
        deviceId: 'office-1',
        deviceSeq: ++officeSeq,
      });
      const pushed = await push(server, office, 'office-1', [call]);
      expect(pushed.body.results).toEqual([{ opId: call.opId, status: 'applied' }]);
      expect(await desk.waitFor('poke', before.desk, POKE_WITHIN_MS)).toBeLessThan(POKE_WITHIN_MS);
      await quiet();
      expect(hughes.count('poke')).toBe(before.hughes);
    } finally {
      await desk.close();
    }
  });

  it('[events] a push that changes nothing pokes nobody', async () => {
    const before = { hughes: hughes.count('poke'), other: other.count('poke') };
    const rejected = server.mark({
      pupilId: 'p2',
      date: '2026-11-27', // the INSET day: not a school session
      session: 'AM',
      code: 'I',
      source: 'office',
      recordedAt: `${DAY}T08:55:00Z`,
      deviceId: 'office-1',
      deviceSeq: ++officeSeq,
    });
    const response = await push(server, office, 'office-1', [rejected]);
    expect(response.body.results).toMatchObject([
      { status: 'rejected', code: 'not-a-school-session' },
    ]);
    await quiet();
    expect({ hughes: hughes.count('poke'), other: other.count('poke') }).toEqual(before);
  });
});

/**
 * BUG (src/server/store/open.ts): every PostgreSQL schema shares the NOTIFY channel
 * `rollcall_changes`, and the notice names only the school id (`school-<URN>`), so a server kept
 * apart in its own schema (`pgSchema`, which exists to keep test runs apart) is poked by another
 * schema's changes. Suggested fix: name the channel after the schema (`rollcall_changes_<schema>`).
 */
describe.each(storeTargets().filter((t) => t.kind === 'postgres'))(
  '[events] PostgreSQL schemas kept apart on $kind',
  (target) => {
    const now = `${DAY}T08:55:00Z`;
    const bundles = [smallSchool({ urn: '100802' })];
    let here: TestServer;
    let elsewhere: TestServer;
    let stream: EventStream;

    beforeAll(async () => {
      [here, elsewhere] = await Promise.all([
        startTestServer(target, { suite: 'events_here', now, bundles }),
        startTestServer(target, { suite: 'events_elsewhere', now, bundles }),
      ]);
      stream = await EventStream.open(here.url, await here.login('t.hughes'));
      await stream.waitFor('ready', 0, POKE_WITHIN_MS);
    }, 30_000);

    afterAll(async () => {
      await stream.close();
      await Promise.all([here.close(), elsewhere.close()]);
    });

    it('[events][BUG open.ts NOTIFY channel] a change in another schema does not poke this server', async () => {
      const phoneIn = (server: TestServer) =>
        server.mark({
          pupilId: 'p1',
          date: DAY,
          session: 'AM',
          code: 'I',
          source: 'office',
          recordedAt: now,
          deviceId: 'office-1',
        });
      const away = await push(elsewhere, await elsewhere.login('office'), 'office-1', [
        phoneIn(elsewhere),
      ]);
      expect(away.body.results[0]?.status).toBe('applied');
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      expect(stream.count('poke')).toBe(0);
      // The stream itself works: this server's own change pokes it.
      const home = await push(here, await here.login('office'), 'office-1', [phoneIn(here)]);
      expect(home.body.results[0]?.status).toBe('applied');
      await stream.waitFor('poke', 0, POKE_WITHIN_MS);
    });
  },
);
