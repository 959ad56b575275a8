import { defineConfig } from 'vitest/config';
import './scripts/node20-polyfills.ts';

/** Browser tests: real Chromium (playwright-core) against the real server, one file at a time. */
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['test/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
