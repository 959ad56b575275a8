import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { discardBody } from './errors.ts';

/** Enough of a request for discardBody: a stream of body bytes that knows when it is complete. */
function request(headers: Record<string, string> = {}): PassThrough & IncomingMessage {
  const body = new PassThrough() as PassThrough & { complete: boolean; headers: unknown };
  body.complete = false;
  body.headers = headers;
  body.on('end', () => {
    body.complete = true;
  });
  return body as unknown as PassThrough & IncomingMessage;
}

describe('[discard] discardBody reads the rest of a refused body, within limits', () => {
  it('resolves true once the whole body has arrived', async () => {
    const req = request();
    const done = discardBody(req, 1000, 5000);
    req.write('x'.repeat(400));
    req.end('x'.repeat(400));
    await expect(done).resolves.toBe(true);
  });

  it('resolves true at once for a body already read', async () => {
    const req = request();
    req.complete = true;
    await expect(discardBody(req, 10, 10)).resolves.toBe(true);
  });

  it('gives up past the byte limit, and at once when the announced length is past it', async () => {
    const req = request();
    const done = discardBody(req, 1000, 5000);
    req.write('x'.repeat(600));
    req.write('x'.repeat(600));
    await expect(done).resolves.toBe(false);
    const announced = request({ 'content-length': '5000' });
    await expect(discardBody(announced, 1000, 5000)).resolves.toBe(false);
  });

  it('gives up when the client goes away or takes too long', async () => {
    const gone = request();
    const done = discardBody(gone, 1000, 5000);
    gone.write('x');
    gone.destroy();
    await expect(done).resolves.toBe(false);
    const slow = request();
    const waited = discardBody(slow, 1000, 20);
    slow.write('x');
    await expect(waited).resolves.toBe(false);
  });
});
