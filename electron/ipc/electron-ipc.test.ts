// The Electron transport, driven through fake ipcMain/ipcRenderer (no Electron binary needed).
import { describe, expect, it, vi } from 'vitest';
import { createClient } from '../../shared/ipc/client';
import { PRELOAD_GLOBAL, type RpcTransport } from '../../shared/ipc/wire';
import { createDispatcher, type ClientHooks } from './dispatcher';
import { createFakeElectronPair } from './testing/fake-electron';
import { createTestServices, testContract as contract } from './testing/test-services';
import { runContractSuite } from './testing/contract-suite';

const APP = 'app://kubelab';
const pair = vi.hoisted(() => ({ current: undefined as unknown as ReturnType<typeof createFakeElectronPair> }));
vi.mock('electron', () => ({
  get ipcMain() {
    return pair.current.ipcMain;
  },
  get ipcRenderer() {
    return pair.current.ipcRenderer;
  },
  get contextBridge() {
    return pair.current.contextBridge;
  },
}));

const { bindIpcMain, createSenderGuard, installPreloadBridge } = await import('./electron-ipc');

function setupElectron(url = `${APP}/index.html`, hooks: ClientHooks = {}) {
  pair.current = createFakeElectronPair(url);
  const services = createTestServices();
  const dispatcher = createDispatcher(contract, services.services, hooks);
  const guard = createSenderGuard({ isOwnWebContents: (id) => id === pair.current.contents.id, appOrigin: APP });
  const unbind = bindIpcMain(dispatcher, guard);
  installPreloadBridge(contract);
  const raw = pair.current.contextBridge.exposed.get(PRELOAD_GLOBAL) as RpcTransport;
  return { pair: pair.current, services, raw, client: createClient(contract, raw), unbind };
}

runContractSuite('electron', async () => {
  const t = setupElectron();
  return { client: t.client, raw: t.raw, services: t.services, dispose: async () => t.unbind() };
});

describe('Electron IPC sender checks', () => {
  it('registers a handler for every method channel of the contract, and nothing else', () => {
    const t = setupElectron();
    const expected = Object.entries(contract).flatMap(([service, spec]) => Object.keys(spec.methods).map((m) => `kubelab:${service}.${m}`));
    expect([...t.pair.ipcMain.handlers.keys()].sort()).toEqual(expected.sort());
    t.unbind();
    expect(t.pair.ipcMain.handlers.size).toBe(0);
  });

  it('refuses a subframe sender with FORBIDDEN_SENDER', async () => {
    const t = setupElectron();
    t.pair.ipcRenderer.senderFrame = () => ({ url: `${APP}/index.html` });
    const envelope = await t.raw.call('kubelab:clock.state', {});
    expect(!envelope.ok && envelope.error.code).toBe('FORBIDDEN_SENDER');
  });

  it('refuses a main frame showing a foreign origin', async () => {
    const t = setupElectron('https://evil.example/');
    const envelope = await t.raw.call('kubelab:clock.setSpeed', { speed: 2 });
    expect(!envelope.ok && envelope.error.code).toBe('FORBIDDEN_SENDER');
    expect(t.services.calls).toEqual([]);
  });

  it('does not subscribe a foreign sender to events', async () => {
    const t = setupElectron('https://evil.example/');
    t.client.cluster.onDelta(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(t.services.listenerCount()).toBe(0);
  });

  it('reports a window as a client from its first call until its renderer is gone', async () => {
    const seen: string[] = [];
    const t = setupElectron(`${APP}/index.html`, { onConnect: (id) => seen.push(`+${id}`), onDisconnect: (id) => seen.push(`-${id}`) });
    await t.client.clock.state({});
    await t.client.clock.state({});
    expect(seen).toEqual([`+webContents:${t.pair.contents.id}`]);
    t.pair.contents.emit('render-process-gone', {}, { reason: 'crashed' });
    t.pair.contents.destroy();
    expect(seen).toEqual([`+webContents:${t.pair.contents.id}`, `-webContents:${t.pair.contents.id}`]);
  });

  it('drops every subscription of a window when it is destroyed', async () => {
    const t = setupElectron();
    t.client.cluster.onDelta(() => undefined);
    t.client.cluster.onDelta(() => undefined);
    expect(t.services.listenerCount()).toBe(2);
    t.pair.contents.destroy();
    expect(t.services.listenerCount()).toBe(0);
  });

  it('the preload forwards only contract channels', async () => {
    const t = setupElectron();
    const envelope = await t.raw.call('kubelab:shell.openExternal', { url: 'file:///etc/passwd' });
    expect(!envelope.ok && envelope.error.code).toBe('UNKNOWN_CHANNEL');
    expect(() => t.raw.subscribe('kubelab:secret.stream', () => undefined)).toThrow(/unknown IPC event/);
  });
});
