// The desktop app itself, through Playwright's Electron driver. It needs the Electron binary, which
// cannot be downloaded on machines without internet; there this spec skips and says why.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

function electronBinary(): string | undefined {
  const pkg = join(process.cwd(), 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();

test.describe('desktop app (Electron)', () => {
  test.skip(!binary, 'Electron binary not installed (node_modules/electron/dist is missing; it is downloaded on first use and this machine has no internet). The same renderer and core are covered by the web-mode specs.');

  test('opens a window that draws the cluster', async () => {
    const app = await electron.launch({ executablePath: binary!, args: ['out/main/index.js', '--no-sandbox'] });
    try {
      const window = await app.firstWindow();
      await expect(window.locator('[data-kind="node"]')).toHaveCount(3);
      expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(window.url()).toMatch(/^app:\/\/kubelab\//);
    } finally {
      await app.close();
    }
  });
});
