import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

import './scripts/node20-polyfills.ts';

/**
 * Limits, not waits: every test waits on a state, and these only stop one that never gets there.
 * They are generous because the suite must pass on a busy two-core machine, where a server's
 * start or a fuzz run can take several times as long as on a quiet one.
 */
const LIMITS = { testTimeout: 30_000, hookTimeout: 60_000 };

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          ...LIMITS,
          name: 'node',
          environment: 'node',
          include: [
            'src/domain/**/*.test.ts',
            'src/schema/**/*.test.ts',
            'src/server/**/*.test.ts',
            'test/integration/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          ...LIMITS,
          name: 'dom',
          environment: 'jsdom',
          include: [
            'src/ui/**/*.test.{ts,tsx}',
            'src/storage/**/*.test.ts',
            'src/sync/**/*.test.ts',
            'src/state/**/*.test.ts',
          ],
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.{ts,tsx}'],
      exclude: ['src/**/*.test.{ts,tsx}', 'src/**/*.d.ts'],
      reporter: ['text-summary', 'html'],
      thresholds: {
        'src/domain/**': { lines: 90 },
      },
    },
  },
});
