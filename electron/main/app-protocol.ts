/**
 * Serves the renderer from a custom `app://kubelab/` origin instead of file://, so the page has a real
 * origin for the IPC sender check and a strict Content-Security-Policy on every response.
 */
import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import type { Protocol } from 'electron';
import { contentTypeFor, rendererCsp } from '../web/renderer-headers';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kubelab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const RENDERER_CSP = rendererCsp();

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: true },
};


/** Resolve an app:// URL to a file under root, or undefined when it points elsewhere. */
export function resolveAppPath(root: string, url: string): string | undefined {
  const parsed = new URL(url);
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined;
  let pathname = decodeURIComponent(parsed.pathname);
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const file = normalize(join(root, pathname));
  return file.startsWith(normalize(root) + sep) ? file : undefined;
}

export function registerAppProtocol(protocol: Protocol, root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppPath(root, request.url);
    if (!file) return new Response('Not Found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'Content-Type': contentTypeFor(file),
          'Content-Security-Policy': RENDERER_CSP,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not Found', { status: 404 });
    }
  });
}
