/**
 * Electron's main process: lifecycle and windows only. Everything else is the core, which also runs
 * in plain Node for web mode and tests.
 */
import { app, BrowserWindow, dialog, Menu, protocol, session, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core/create-core';
import { createEngine } from '../engine';
import { bindIpcMain, createSenderGuard } from '../ipc/electron-ipc';
import { APP_ORIGIN, APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol';
import { createExternalOpener } from './external-links';
import { createMainWindow } from './window';
import { installFileMenu } from './file-menu';

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

// Every link leaving the app goes through one prompt naming the host (external-links.ts).
const openExternal = createExternalOpener({
  showMessageBox: (options, parent) => (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options)),
  openExternal: (url) => shell.openExternal(url),
});

async function openMainWindow(): Promise<void> {
  const window = createMainWindow(BrowserWindow, join(here, '../preload/index.cjs'), (url) => {
    void openExternal(url, window).catch(() => undefined);
  });
  const id = window.webContents.id;
  ownWindows.add(id);
  window.on('closed', () => ownWindows.delete(id));
}

void app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  registerAppProtocol(protocol, join(here, '../renderer'));
  // The session is kept in the app's folder and reopened at the next launch; deleted sessions go to the system's trash.
  core = createCore({ mode: 'electron', dataDir: app.getPath('userData'), createEngine, sessions: { trash: (path) => shell.trashItem(path) } });
  installFileMenu({ Menu, dialog, core: () => core, window: () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] });
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
