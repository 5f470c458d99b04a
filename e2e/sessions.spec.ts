/**
 * Sessions and scenario files in web mode, with the real `serve`: the sessions dialog lists the
 * current session, renames it in place, saves a scenario up to a past frame (a real download), and
 * opens that file again: the replay is verified and the drawing shows the cluster at that frame.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startKubelab, type KubelabServer } from './fixtures/kubelab-server';
import { ClusterPage, collectConsoleErrors, screenshot } from './pages/cluster-page';
import { SessionsPage } from './pages/sessions-page';

let server: KubelabServer;

test.beforeAll(async () => {
  server = await startKubelab(['--nodes', '3', '--seed', '7']);
});
test.afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
});

test('renames the session, saves a scenario from a past frame and opens it again', async ({ page }, testInfo) => {
  const errors = collectConsoleErrors(page);
  page.on('pageerror', (error) => errors.push(error.message));
  const cluster = new ClusterPage(page);
  const sessions = new SessionsPage(page);
  await cluster.open(server.url);
  await expect(cluster.nodes()).toHaveCount(3);
  expect(await sessions.status(), 'the main process serves the sessions service').toBe('ready');

  // A past frame on screen: pause, then step back to the last notable change.
  await cluster.clockToggle().click();
  await expect(cluster.clockToggle()).toHaveAttribute('aria-pressed', 'false');
  await page.getByTestId('step-back').click();
  await expect(cluster.frame()).toHaveAttribute('data-live', 'false');
  const frame = Number(await cluster.frame().getAttribute('data-frame'));

  await sessions.openPanel();
  await expect(sessions.currentRow()).toHaveCount(1);
  await sessions.rename(sessions.currentRow(), 'Drain practice');
  await expect(sessions.panel().getByTestId('scenario-save')).toBeVisible();
  await screenshot(page, 'sessions-panel.png');

  const download = await sessions.saveScenario({ fromFrame: true, note: 'Look at the frame before the change.' });
  expect(download.suggestedFilename()).toMatch(/\.kubelab$/);
  // Kept under the name the browser was given, as a user's Downloads folder would keep it.
  const path = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(path);
  expect(readFileSync(path, 'utf8').length).toBeGreaterThan(0);
  await expect(sessions.outcome()).toHaveAttribute('data-kind', 'saved');

  await sessions.openScenario(path);
  await expect(sessions.outcome()).toHaveAttribute('data-kind', 'opened', { timeout: 30_000 });
  await expect(sessions.outcome()).toHaveAttribute('data-verified', 'true');
  await expect(sessions.outcome()).toContainText(`Opened ${download.suggestedFilename()}.`);
  await expect(sessions.outcome().getByTestId('scenario-note-shown')).toHaveText('Look at the frame before the change.');
  await screenshot(page, 'sessions-opened.png');
  await sessions.closePanel();

  // The drawing was reloaded with the opened cluster: it starts at the frame the file ends at.
  await expect(cluster.nodes()).toHaveCount(3);
  // The opened session is live at the file's last frame (the paused clock stays paused).
  await expect.poll(async () => Number(await cluster.frame().getAttribute('data-frame'))).toBe(frame);
  await expect(cluster.frame()).toHaveAttribute('data-live', 'true');
  await sessions.openPanel();
  await expect(sessions.currentRow().getByText('from a scenario')).toBeVisible();
  await sessions.closePanel();
  expect(errors).toEqual([]);
});
