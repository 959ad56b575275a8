import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

import './scripts/node20-polyfills.ts';

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
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
