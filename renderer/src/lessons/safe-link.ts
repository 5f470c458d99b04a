/**
 * Lesson text is written by others and shown in an app that also runs shells: a link may only open
 * an http(s) page, never a javascript:, file: or app-internal address.
 */
export function safeHref(href: string): string | undefined {
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
