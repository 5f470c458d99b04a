/**
 * The main window and the hardening every web contents gets: isolated, sandboxed, no Node, no
 * navigation away from the app, no new windows, no webviews. A link that would leave the app is
 * handed to `openExternal`, which asks the user first (external-links.ts) and takes only http(s).
 */
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions, WebContents } from 'electron';
import { APP_ORIGIN } from './app-protocol';
import { isSafeExternalUrl } from './external-links';

export { isSafeExternalUrl } from './external-links';

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Kubelab',
    backgroundColor: '#0f172a',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

export function hardenWebContents(contents: WebContents, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (url.startsWith(`${APP_ORIGIN}/`)) return;
    event.preventDefault();
    // A plain link clicked in the page: offered to the browser (the user is asked), never followed here.
    if (isSafeExternalUrl(url)) openExternal(url);
  });
  // Redirects are the server's doing, not a click: refused without an offer.
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}

export function createMainWindow(BrowserWindow: typeof BrowserWindowType, preloadPath: string, openExternal: (url: string) => void): BrowserWindowType {
  const window = new BrowserWindow(windowOptions(preloadPath));
  hardenWebContents(window.webContents, openExternal);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
