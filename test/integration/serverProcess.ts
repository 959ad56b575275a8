/**
 * The test server in a process of its own, for tests whose client must not share the server's
 * event loop (a client still sending while the server answers). Reads its store from
 * TEST_STORE_KIND and TEST_STORE_OPTIONS (a StoreTarget's options as JSON) and its clock from
 * TEST_NOW; prints `listening URL` once it serves, and closes on SIGTERM.
 */
import type { OpenOptions, StoreKind } from '../../src/server/store/open.ts';
import { startTestServer } from './harness.ts';

const kind = (process.env['TEST_STORE_KIND'] ?? 'pglite') as StoreKind;
const options = JSON.parse(process.env['TEST_STORE_OPTIONS'] ?? '{}') as OpenOptions;
const server = await startTestServer(
  { kind, options: () => options },
  { suite: 'process', now: process.env['TEST_NOW'] ?? '2026-11-23T09:10:00Z' },
);
console.log(`listening ${server.url}`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
