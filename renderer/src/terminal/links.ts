/**
 * Links in terminal output open only when they are http(s) URLs; anything else (javascript:, file:,
 * custom schemes) is ignored. The desktop app's window-open handler checks again before handing the
 * URL to the system browser.
 */
export function isSafeLink(uri: string): boolean {
  try {
    const url = new URL(uri);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function openLink(uri: string, open: (url: string) => void = (url) => void window.open(url, '_blank', 'noopener,noreferrer')): boolean {
  if (!isSafeLink(uri)) return false;
  open(uri);
  return true;
}
