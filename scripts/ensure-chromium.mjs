// Makes sure Debian's Chromium is there for the browser tests: installs it with apt-get when
// missing and we are root, otherwise stops with a message saying what to do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (process.env.CHROMIUM_PATH !== undefined || !isRoot || !hasApt) {
  console.error(
    `Chromium was not found at ${path}. The browser tests need it: on Debian run ` +
      '`apt-get update && apt-get install -y chromium` as root, or set CHROMIUM_PATH to a Chromium binary.',
  );
  process.exit(1);
}

console.log('Chromium is missing: installing it from Debian packages (apt-get install chromium)…');
try {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'inherit', env });
} catch {
  console.error(
    'Installing Chromium with apt-get failed; the browser tests cannot run. See the output above.',
  );
  process.exit(1);
}
if (!existsSync(path)) {
  console.error(`apt-get finished but ${path} is still missing.`);
  process.exit(1);
}
