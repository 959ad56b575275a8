/**
 * A body over the limit (docs/sync-protocol.md §1: 413) is answered so that an ordinary client can
 * read the answer. The server reads the rest of the body and throws it away before it answers;
 * closing the connection while the client is still sending left Node's fetch with a broken pipe
 * (EPIPE) instead of the 413. Checked with Node's fetch (undici) and with curl, with the length
 * announced and with a chunked body, for bodies far past the limit. The server runs in a process of
 * its own: sharing the test's event loop, it could not answer while the client was still sending.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../../src/server/app.ts';
import { DISCARD_LIMIT_BYTES } from '../../src/server/http/errors.ts';
import { PASSWORD } from '../fixtures/smallSchool.ts';
import { storeTargets } from './harness.ts';

const ROOT = join(import.meta.dirname, '..', '..');

const TOO_LARGE = { error: 'payload-too-large', message: 'Too much was sent at once.' };
const MB = 1024 * 1024;

/** A JSON push of about `bytes` bytes (a valid envelope with one long extra field). */
function bigPush(bytes: number): string {
  const head = '{"protocol":1,"deviceId":"big-tab","ops":[],"padding":"';
  return `${head}${'x'.repeat(Math.max(0, bytes - head.length - 2))}"}`;
}

/** The same bytes, sent in chunks without a length (Transfer-Encoding: chunked). */
function streamed(bytes: number, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  const piece = new TextEncoder().encode('x'.repeat(chunk));
  let sent = 0;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"padding":"'));
    },
    pull(controller) {
      if (sent >= bytes) {
        controller.enqueue(new TextEncoder().encode('"}'));
        controller.close();
        return;
      }
      controller.enqueue(piece);
      sent += piece.length;
    },
  });
}

interface CurlResult {
  readonly code: number | null;
  readonly status: number;
  readonly body: string;
  readonly stderr: string;
}

function curl(args: readonly string[]): Promise<CurlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['-sS', '-o', '-', '-w', '\n%{http_code}', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const cut = stdout.lastIndexOf('\n');
      resolve({
        code,
        status: Number(stdout.slice(cut + 1)),
        body: stdout.slice(0, cut),
        stderr,
      });
    });
  });
}

/** Starts test/integration/serverProcess.ts and resolves with its address once it serves. */
function startServerProcess(
  kind: string,
  options: unknown,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/serverProcess.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEST_STORE_KIND: kind,
      TEST_STORE_OPTIONS: JSON.stringify(options),
      TEST_NOW: '2026-11-23T09:10:00Z',
    },
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /^listening (\S+)$/m.exec(stdout)?.[1];
      if (url !== undefined) resolve({ child, url });
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      reject(new Error(`the server process ended (${String(code)}): ${stderr}`));
    });
  });
}

describe.each(storeTargets())('[body-limit] on $kind', (target) => {
  let child: ChildProcess;
  let url: string;
  let token: string;
  let dir: string;

  beforeAll(async () => {
    ({ child, url } = await startServerProcess(target.kind, target.options('body-limit')));
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'office', password: PASSWORD }),
    });
    token = ((await login.json()) as { token: string }).token;
    dir = await mkdtemp(join(tmpdir(), 'rollcall-body-'));
  }, 60_000);

  afterAll(async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  });

  const pushWith = (body: BodyInit, extra: Record<string, string> = {}) =>
    fetch(`${url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...extra },
      body,
      duplex: 'half',
    } as RequestInit);

  it('[limit] the limit is 2 MB: just under it is read, just over it is a 413', async () => {
    expect(BODY_LIMIT_BYTES).toBe(2 * MB);
    const under = await pushWith(bigPush(BODY_LIMIT_BYTES - 1024));
    expect(under.status).toBe(400); // read in full, and refused for its extra field
    expect(await under.json()).toMatchObject({ error: 'invalid-body' });
    const over = await pushWith(bigPush(BODY_LIMIT_BYTES + 1024));
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual(TOO_LARGE);
  });

  it('[fetch] Node’s fetch reads the 413 for bodies of 2.5, 10 and 40 MB, with a length or chunked', async () => {
    for (const size of [2.5 * MB, 10 * MB, 40 * MB]) {
      const announced = await pushWith(bigPush(size));
      expect(announced.status, `${String(size)} bytes`).toBe(413);
      expect(announced.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await announced.json()).toEqual(TOO_LARGE);
      const chunked = await pushWith(streamed(size));
      expect(chunked.status, `${String(size)} bytes, chunked`).toBe(413);
      expect(await chunked.json()).toEqual(TOO_LARGE);
    }
    // the sign-in takes the same path
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bigPush(10 * MB),
    });
    expect(login.status).toBe(413);
    expect(await login.json()).toEqual(TOO_LARGE);
  });

  it('[fetch] a large body of the wrong type is read too, and gets its 415', async () => {
    const response = await pushWith('x'.repeat(10 * MB), { 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error: 'unsupported-media-type' });
  });

  it('[curl] curl reads the 413: with 100-continue, without it, and chunked', async () => {
    const file = join(dir, 'push-10mb.json');
    await writeFile(file, bigPush(10 * MB));
    const common = [
      '-X',
      'POST',
      '-H',
      'content-type: application/json',
      '-H',
      `authorization: Bearer ${token}`,
      '--data-binary',
      `@${file}`,
      `${url}/api/sync/push`,
    ];
    for (const extra of [[], ['-H', 'Expect:'], ['-H', 'Transfer-Encoding: chunked']]) {
      const result = await curl([...extra, ...common]);
      const where = `curl ${extra.join(' ')}: ${result.stderr}`;
      expect(result.code, where).toBe(0);
      expect(result.status, where).toBe(413);
      expect(JSON.parse(result.body), where).toEqual(TOO_LARGE);
    }
  });

  it('[abuse] a body past what the server will read for a 413 ends the connection; the server carries on', async () => {
    const outcome = await pushWith(streamed(DISCARD_LIMIT_BYTES + 16 * MB)).then(
      async (response) => ({ status: response.status, body: (await response.json()) as unknown }),
      () => ({ status: 0, body: null }), // the connection was closed while still sending
    );
    if (outcome.status !== 0) expect(outcome).toEqual({ status: 413, body: TOO_LARGE });
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    const pushed = await pushWith(JSON.stringify({ protocol: 1, deviceId: 'big-tab', ops: [] }));
    expect(pushed.status).toBe(200);
  });
});
