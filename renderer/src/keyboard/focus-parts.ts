/**
 * F6 and Shift+F6 move the focus between the parts of the window (header, timeline, cluster drawing,
 * side panels, terminal), as in VS Code ("Focus Next Part") and in browsers. It is the way out of
 * any part that keeps Tab for itself (the terminal gives Tab to the shell), and a quick way to the
 * drawing's pods. Parts are the elements marked `data-part`, in document order; a part's entry is
 * its first visible element matching one of ENTRIES, else its first tabbable element.
 */

/** Where the focus lands in a part, tried in order. */
const ENTRIES: Record<string, readonly string[]> = {
  // The pods' keyboard layer first (one stop per node), then the node cards.
  cluster: ['[data-testid="pod-keys"] [tabindex="0"]', '[data-testid="canvas-pods"] [tabindex="0"]', '[data-kind="node"]'],
  // The visible shell, not the tab buttons.
  terminal: ['[data-testid="terminal-view"]:not(.hidden) textarea'],
};

const TABBABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The index of the part after (or before) `current` among `count` parts; -1 (no part) starts at the ends. */
export function nextPartIndex(current: number, count: number, backwards: boolean): number {
  if (count === 0) return -1;
  if (current < 0) return backwards ? count - 1 : 0;
  return (current + (backwards ? count - 1 : 1)) % count;
}

function visible(element: Element): boolean {
  const box = (element as HTMLElement).getBoundingClientRect?.();
  // The pods' keyboard layer is visually hidden on purpose (1 px, clipped): it counts as shown.
  if (element.closest('[data-testid="pod-keys"], [data-testid="canvas-pods"]')) return true;
  return !!box && box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
}

/** The element the focus goes to when entering `part`. */
export function partEntry(part: HTMLElement): HTMLElement | undefined {
  for (const selector of ENTRIES[part.dataset.part ?? ''] ?? []) {
    const found = [...part.querySelectorAll<HTMLElement>(selector)].find(visible);
    if (found) return found;
  }
  return [...part.querySelectorAll<HTMLElement>(TABBABLE)].find(visible);
}

/** Moves the focus to the next (or previous) part that has somewhere to land; false when none has. */
export function focusNextPart(root: ParentNode, active: Element | null, backwards: boolean): boolean {
  const parts = [...root.querySelectorAll<HTMLElement>('[data-part]')];
  let index = parts.findIndex((part) => !!active && part.contains(active));
  for (let tried = 0; tried < parts.length; tried++) {
    index = nextPartIndex(index, parts.length, backwards);
    const entry = partEntry(parts[index]!);
    if (entry) {
      entry.focus();
      return true;
    }
  }
  return false;
}
