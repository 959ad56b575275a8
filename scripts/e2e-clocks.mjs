// Runs the browser suite once for each device clock in test/e2e/harness.ts (a Sunday night, a
// weekday at 03:00, a summer afternoon in BST): the suite must pass whatever the browser's own
// clock says. The app is built once; each run prints its own report, and the first failure stops.
import { execFileSync } from 'node:child_process';

const CLOCKS = ['sunday-night', 'weekday-3am', 'summer-afternoon'];

execFileSync(process.execPath, ['scripts/ensure-chromium.mjs'], { stdio: 'inherit' });
execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
for (const clock of CLOCKS) {
  console.log(`\nBrowser suite with every device's clock at ${clock}`);
  try {
    execFileSync('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts'], {
      stdio: 'inherit',
      env: { ...process.env, E2E_DEVICE_CLOCK: clock },
    });
  } catch {
    console.error(`The browser suite failed with the device clock at ${clock}.`);
    process.exit(1);
  }
}
