/**
 * `npm start`: serves the built app and the API. On an empty database it loads the demo school
 * and prints its logins.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from './app.ts';
import { ServerClock } from './clock.ts';
import { readConfig } from './config.ts';
import { loadDemo } from './demo/loadDemo.ts';
import { openDatabase } from './store/open.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const clock = new ServerClock(config.startAt);
  const store = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const schools = await store.db.selectFrom('schools').select('id').limit(1).execute();
  let demo: Awaited<ReturnType<typeof loadDemo>> | undefined;
  if (schools.length === 0) {
    demo = await loadDemo(store.db, clock.now());
    await store.maintain();
  }
  const server = await buildServer({
    store,
    clock,
    staticDir: path.join(root, 'dist'),
    testClock: config.testClock,
    trustProxy: config.trustProxy,
    tokenTtlMs: config.tokenTtlMs,
    logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel,
  });
  await server.app.listen({ port: config.port, host: config.host });
  const where = config.databaseUrl === undefined ? `PGlite in ${config.dataDir}` : 'PostgreSQL';
  console.log(`Rollcall is serving on http://localhost:${String(config.port)}/ (${where})`);
  if (demo !== undefined) {
    console.log(
      `\nLoaded the demo school, Larkspur Primary. Every demo login uses the password "${demo.password}":`,
    );
    for (const login of demo.logins)
      console.log(`  ${login.username.padEnd(14)} ${login.role.padEnd(10)} ${login.name}`);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void server
        .close()
        .then(() => store.close())
        .then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
