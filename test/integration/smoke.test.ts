import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { push, startTestServer, storeTargets, type TestServer } from './harness.ts';

describe.each(storeTargets())('[smoke] on $kind', (target) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(target, { suite: 'smoke', now: '2026-11-23T08:55:00Z' });
  });

  afterAll(async () => {
    await server.close();
  });

  it('a teacher marks present, the register shows it, and the history names her', async () => {
    const token = await server.login('t.hughes');
    const op = server.mark({
      pupilId: 'p1',
      date: '2026-11-23',
      session: 'AM',
      code: '/',
      recordedAt: '2026-11-23T08:54:00Z',
      deviceId: 'tab-1',
    });
    const pushed = await push(server, token, 'tab-1', [op]);
    expect(pushed.status).toBe(200);
    expect(pushed.body.results).toEqual([{ opId: op.opId, status: 'applied' }]);
    const register = await server.api<{
      status: string;
      rows: { pupilId: string; code: string | null; by: string | null }[];
    }>(token, 'GET', '/api/registers/g3b/2026-11-23/AM');
    expect(register.body.status).toBe('open');
    expect(register.body.rows.find((r) => r.pupilId === 'p1')).toMatchObject({
      code: '/',
      by: 'Tess Hughes',
    });
    const history = await server.api<{
      entries: {
        by: { name: string; position: string };
        original: string | null;
        amended: string;
      }[];
    }>(token, 'GET', '/api/marks/p1/2026-11-23/AM/history');
    expect(history.body.entries).toMatchObject([
      { original: null, amended: '/', by: { name: 'Tess Hughes', position: 'Class teacher' } },
    ]);
  });

  it('at close the blank cells get N from the system', async () => {
    await server.setClock('2026-11-23T09:21:00Z');
    const token = await server.login('office');
    const register = await server.api<{
      status: string;
      taken: boolean;
      rows: { pupilId: string; code: string | null }[];
    }>(token, 'GET', '/api/registers/g3b/2026-11-23/AM');
    expect(register.body.status).toBe('closed');
    expect(register.body.taken).toBe(false);
    const inset = await server.api<{ schoolSession: boolean }>(
      token,
      'GET',
      '/api/registers/g3b/2026-11-27/AM',
    );
    expect(inset.body.schoolSession).toBe(false);
    expect(register.body.rows.map((r) => r.code)).toEqual(['/', 'N', 'N', 'N']);
  });
});
