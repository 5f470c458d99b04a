// The web mode gives nothing to a wrong token or a foreign page, and the app never leaves loopback.
import { expect, test } from '@playwright/test';
import { startKubelab, type KubelabServer } from './fixtures/kubelab-server';
import { ClusterPage } from './pages/cluster-page';

let server: KubelabServer;

test.beforeAll(async () => {
  server = await startKubelab(['--nodes', '2']);
});

test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

test('a wrong token gets no cluster data', async ({ page }) => {
  const frames: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (frame) => frames.push(String(frame.payload))));
  await page.goto(`${server.origin}/#token=not-the-token`);
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(new ClusterPage(page).nodes()).toHaveCount(0);
  expect(frames.filter((f) => f.includes('minikube'))).toEqual([]);
});

test('a page from a foreign origin cannot open the socket, even with the token', async ({ page }) => {
  await page.route('http://evil.test/', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>evil</title>' }));
  await page.goto('http://evil.test/');
  const outcome = await page.evaluate(
    ({ port, token }) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}/ipc`);
        socket.onopen = () => socket.send(JSON.stringify({ t: 'auth', token }));
        socket.onmessage = (event) => resolve(`message: ${String(event.data)}`);
        socket.onerror = () => resolve('refused');
        socket.onclose = () => resolve('refused');
      }),
    { port: server.port, token: server.token },
  );
  expect(outcome).toBe('refused');
});

test('the page makes no request to any non-loopback address', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const cluster = new ClusterPage(page);
  await cluster.open(server.url);
  await expect(cluster.nodes()).toHaveCount(2);
  await page.waitForTimeout(1000);
  const foreign = requests.filter((url) => {
    const host = new URL(url).hostname;
    return !(host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || url.startsWith('data:'));
  });
  expect(requests.length).toBeGreaterThan(1);
  expect(foreign).toEqual([]);
});
