import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';

export interface AppOptions {
  /** Folder holding the built client (`vite build` output); omitted in API-only tests. */
  readonly staticDir?: string;
  readonly logger?: boolean;
}

/** Builds the HTTP server: the JSON API under /api and the built PWA for everything else. */
export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false });

  app.get('/api/health', () => ({ ok: true }));

  if (options.staticDir !== undefined) {
    await app.register(fastifyStatic, { root: options.staticDir, wildcard: false });
  }

  app.setNotFoundHandler((request, reply) => {
    if (
      request.url.startsWith('/api/') ||
      options.staticDir === undefined ||
      request.method !== 'GET'
    ) {
      return reply.code(404).send({
        error: 'not-found',
        message: `No such address: ${request.method} ${request.url.split('?')[0] ?? ''}`,
      });
    }
    // Client-side routes: every other GET gets the app shell.
    return reply.sendFile('index.html');
  });

  return app;
}
