/**
 * The school Wi-Fi between the browser and the real server, as a switchable HTTP proxy: `up`
 * forwards everything (streams included), `down` drops every connection as a dead network does,
 * `unavailable` answers the API with 503 as an overloaded server does. The browser only ever
 * talks to the proxy, so the service worker's requests are cut too, which browser offline
 * emulation alone does not do.
 */
import { createServer, request as forward, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { freePort } from './harness.ts';

export type NetworkMode = 'up' | 'down' | 'unavailable';

/** The message of the proxy's 503, which the app shows as its last sync error. */
export const UNAVAILABLE_MESSAGE = 'Try again shortly.';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  /** The status the browser got; 0 when the connection was dropped. */
  readonly status: number;
  /** When the request reached the proxy, epoch ms (to tell spaced retries from a hot loop). */
  readonly at: number;
}

export interface Network {
  /** The address the browser should use. */
  readonly url: string;
  mode(): NetworkMode;
  set(mode: NetworkMode): void;
  /** Requests seen since the start (or the last `clearLog`), in order. */
  log(): readonly SeenRequest[];
  clearLog(): void;
  close(): Promise<void>;
}

export async function startNetwork(target: string): Promise<Network> {
  const upstream = new URL(target);
  let mode: NetworkMode = 'up';
  const sockets = new Set<Socket>();
  const seen: SeenRequest[] = [];

  const note = (req: IncomingMessage, status: number, at: number) => {
    seen.push({ method: req.method ?? 'GET', path: req.url ?? '/', status, at });
  };

  const server = createServer((req, res) => {
    const at = Date.now();
    if (mode === 'down') {
      note(req, 0, at);
      req.socket.destroy();
      return;
    }
    if (mode === 'unavailable' && (req.url ?? '').startsWith('/api/')) {
      note(req, 503, at);
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ error: 'server-unavailable', message: UNAVAILABLE_MESSAGE }));
      return;
    }
    const outgoing = forward(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        // The Host header stays the proxy's, as a reverse proxy keeps it, so the server's
        // same-origin check sees the address the browser used.
        headers: req.headers,
        // A connection of its own per request, so nothing idles on after the proxy closes.
        agent: false,
      },
      (answer) => {
        note(req, answer.statusCode ?? 0, at);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    outgoing.on('error', () => {
      note(req, 0, at);
      req.socket.destroy();
    });
    // The browser's side gone before the answer ended (a dropped event stream): end the
    // server's side too, or the server would keep streaming to nobody and never shut down.
    res.on('close', () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    req.pipe(outgoing);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${String(port)}`,
    mode: () => mode,
    set(next) {
      mode = next;
      // A dead network also ends the connections already open (keep-alive, event streams).
      if (next !== 'up') for (const socket of sockets) socket.destroy();
    },
    log: () => seen,
    clearLog() {
      seen.length = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
