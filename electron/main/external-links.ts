/**
 * Opening links in the system browser. shell.openExternal hands a URL to the OS, which will run
 * whatever handles its scheme, so only http(s) ever goes there, and only after the user has seen
 * the host and said yes: a page that opens links by script (or a crafted link in cluster data the
 * app shows) cannot send the browser anywhere unasked.
 */
import type { BrowserWindow, MessageBoxOptions, MessageBoxReturnValue } from 'electron';

export interface ExternalLinkDeps {
  showMessageBox(options: MessageBoxOptions, parent?: BrowserWindow): Promise<MessageBoxReturnValue>;
  openExternal(url: string): Promise<void>;
}

/** The http(s) URL to offer, or undefined for anything else (file:, smb:, javascript:, custom schemes). */
export function externalUrl(url: string): URL | undefined {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host !== '' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function isSafeExternalUrl(url: string): boolean {
  return externalUrl(url) !== undefined;
}

const OPEN = 0;
const CANCEL = 1;

/**
 * Returns the function the window's link handlers call. One question at a time: while a prompt is
 * open, further requests are dropped, so a page cannot stack dialogs.
 */
export function createExternalOpener(deps: ExternalLinkDeps): (url: string, parent?: BrowserWindow) => Promise<boolean> {
  let asking = false;
  return async (url, parent) => {
    const parsed = externalUrl(url);
    if (!parsed || asking) return false;
    asking = true;
    try {
      // URL.host is already punycode for international names, so look-alike hosts show as such.
      const { response } = await deps.showMessageBox(
        {
          type: 'question',
          buttons: ['Open', 'Cancel'],
          defaultId: CANCEL,
          cancelId: CANCEL,
          noLink: true,
          title: 'Open link',
          message: `Open ${parsed.host} in your browser?`,
          detail: parsed.href,
        },
        parent,
      );
      if (response !== OPEN) return false;
      await deps.openExternal(parsed.href);
      return true;
    } finally {
      asking = false;
    }
  };
}
