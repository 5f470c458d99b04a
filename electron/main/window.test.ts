// The window's security settings and navigation guards, asserted with a mocked electron module.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

const { createMainWindow, hardenWebContents, isSafeExternalUrl, windowOptions } = await import('./window');
const { resolveAppPath, RENDERER_CSP, APP_SCHEME_PRIVILEGES } = await import('./app-protocol');

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
}

function fire(contents: FakeContents, event: string, url?: string): boolean {
  let prevented = false;
  contents.emit(event, { preventDefault: () => (prevented = true) }, url);
  return prevented;
}

describe('main window', () => {
  it('isolates, sandboxes and strips Node from the renderer', () => {
    const prefs = windowOptions('/app/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
  });

  it('denies navigation away from the app origin, webviews and new windows', () => {
    const contents = new FakeContents();
    const opened: string[] = [];
    hardenWebContents(contents as never, (url) => opened.push(url));
    expect(fire(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire(contents, 'will-navigate', 'app://kubelab/index.html')).toBe(false);
    expect(fire(contents, 'will-redirect', 'https://evil.example/')).toBe(true);
    expect(fire(contents, 'will-attach-webview')).toBe(true);
    expect(contents.openHandler?.({ url: 'https://kubernetes.io/docs/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    // A plain link and a target=_blank link are both offered to the browser; redirects and other schemes never are.
    expect(opened).toEqual(['https://evil.example/', 'https://kubernetes.io/docs/']);
  });

  it('loads the renderer from the app:// origin and shows it when ready', () => {
    const loaded: string[] = [];
    class FakeWindow extends EventEmitter {
      webContents = new FakeContents();
      constructor(readonly options: unknown) {
        super();
      }
      loadURL(url: string) {
        loaded.push(url);
        return Promise.resolve();
      }
      show = vi.fn();
    }
    const window = createMainWindow(FakeWindow as never, '/p.cjs', () => undefined) as unknown as FakeWindow;
    expect(loaded).toEqual(['app://kubelab/index.html']);
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalled();
  });

  it('accepts only http(s) links for the system browser', () => {
    expect(isSafeExternalUrl('http://127.0.0.1:30080/')).toBe(true);
    expect(isSafeExternalUrl('smb://host/share')).toBe(false);
    expect(isSafeExternalUrl('not a url')).toBe(false);
  });
});

describe('app:// protocol', () => {
  it('maps app URLs inside the renderer folder and nothing outside it', () => {
    expect(resolveAppPath('/r', 'app://kubelab/')).toBe('/r/index.html');
    expect(resolveAppPath('/r', 'app://kubelab/assets/a.js')).toBe('/r/assets/a.js');
    expect(resolveAppPath('/r', 'app://kubelab/../../etc/passwd')).toBe('/r/etc/passwd');
    // WHATWG URL parsing folds encoded dot segments too, so traversal can never leave the folder.
    expect(resolveAppPath('/r', 'app://kubelab/%2e%2e/%2e%2e/etc/passwd')).toBe('/r/etc/passwd');
    expect(resolveAppPath('/r', 'app://kubelab/a/..%2f..%2f..%2fetc/passwd')).toBeUndefined();
    expect(resolveAppPath('/r', 'app://other/index.html')).toBeUndefined();
  });

  it('serves with a CSP that allows only its own scripts', () => {
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).not.toContain('unsafe-eval');
    expect(APP_SCHEME_PRIVILEGES.privileges.standard).toBe(true);
  });
});
