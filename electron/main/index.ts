/**
 * Electron's main process: lifecycle and windows only. Everything else is the core, which also runs
 * in plain Node for web mode and tests.
 */
import { app, BrowserWindow, protocol, session, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core/create-core';
import { createEngine } from '../engine';
import { bindIpcMain, createSenderGuard } from '../ipc/electron-ipc';
import { APP_ORIGIN, APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol';
import { createMainWindow, isSafeExternalUrl } from './window';

const here = dirname(fileURLToPath(import.meta.url));
const ownWindows = new Set<number>();
let core: Core | undefined;

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) app.quit();

app.on('second-instance', () => {
  const [window] = BrowserWindow.getAllWindows();
  if (window?.isMinimized()) window.restore();
  window?.focus();
});

app.on('web-contents-created', (_event, contents) => {
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
});

async function openMainWindow(): Promise<void> {
  const window = createMainWindow(BrowserWindow, join(here, '../preload/index.cjs'), (url) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
  });
  const id = window.webContents.id;
  ownWindows.add(id);
  window.on('closed', () => ownWindows.delete(id));
}

void app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  registerAppProtocol(protocol, join(here, '../renderer'));
  core = createCore({ mode: 'electron', dataDir: app.getPath('userData'), createEngine });
  await core.start();
  bindIpcMain(core.dispatcher, createSenderGuard({ isOwnWebContents: (id) => ownWindows.has(id), appOrigin: APP_ORIGIN }));
  await openMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openMainWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void core?.stop();
});
