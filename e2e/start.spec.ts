// `npm start` where no Electron binary exists: one clear line, then the web mode with its URL.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const hasElectron = existsSync(join('node_modules', 'electron', 'path.txt'));

test('falls back to the web mode, says so in one line, and exits 0 on Ctrl-C', async () => {
  test.skip(hasElectron, 'An Electron binary is installed here, so npm start opens the desktop app (covered by electron.spec.ts).');
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-start-'));
  const child = spawn(process.execPath, ['scripts/start.mjs', '--data-dir', dataDir, '--nodes', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await expect.poll(() => output, { timeout: 30_000 }).toMatch(/Kubelab web mode: http:\/\/127\.0\.0\.1:\d+\/#token=/);
  const lines = output.split('\n');
  expect(lines[0]).toBe('Kubelab: no Electron binary is installed here (it cannot be downloaded offline), so starting the web mode instead.');
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  rmSync(dataDir, { recursive: true, force: true });
});
