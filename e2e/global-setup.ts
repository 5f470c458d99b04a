/**
 * Makes sure a browser exists before any test runs: Debian's Chromium if installed, else Playwright's
 * own, which is downloaded once on a machine with internet. Offline without either, fail with a clear line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export default function globalSetup(): void {
  if (process.env.KUBELAB_CHROMIUM || existsSync('/usr/bin/chromium')) return;
  if (existsSync(chromium.executablePath())) return;
  console.log('No Chromium found at /usr/bin/chromium; installing Playwright\'s Chromium (needs internet)…');
  try {
    execFileSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
  } catch {
    throw new Error('No browser for the e2e tests: install Chromium (Debian: apt-get install chromium) or run `npx playwright install chromium` with internet access.');
  }
}
