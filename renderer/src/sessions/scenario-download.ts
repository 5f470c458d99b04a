/**
 * Hands a saved scenario to the user as a file, from the page itself: a Blob behind a temporary
 * `<a download>`, which works in web mode (the browser's download) and in Electron (its save dialog).
 * The service already names the file; a name that lost its extension gets `.kubelab` back, so the
 * "Open scenario…" picker, which asks for `.kubelab` files, finds it again.
 */

export const SCENARIO_EXTENSION = '.kubelab';

/** The name to save under: the service's, with the extension, never empty or a path. */
export function scenarioFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop()?.trim() || 'scenario';
  return base.toLowerCase().endsWith(SCENARIO_EXTENSION) ? base : `${base}${SCENARIO_EXTENSION}`;
}

export interface DownloadDeps {
  document: Document;
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
  /** When to let go of the Blob: after the browser has started reading it. */
  later(run: () => void): void;
}

const browserDeps = (): DownloadDeps => ({
  document,
  createObjectURL: (blob) => URL.createObjectURL(blob),
  revokeObjectURL: (url) => URL.revokeObjectURL(url),
  later: (run) => void setTimeout(run, 10_000),
});

/** Downloads `text` as `fileName`; the link is added, clicked and removed at once. */
export function downloadText(fileName: string, text: string, deps: DownloadDeps = browserDeps()): void {
  // Octet-stream, so no browser adds a `.txt` or `.json` of its own to the name.
  const url = deps.createObjectURL(new Blob([text], { type: 'application/octet-stream' }));
  const link = deps.document.createElement('a');
  link.href = url;
  link.download = scenarioFileName(fileName);
  link.hidden = true;
  deps.document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    deps.later(() => deps.revokeObjectURL(url));
  }
}
