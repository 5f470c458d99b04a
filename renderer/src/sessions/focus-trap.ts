/**
 * Keeps Tab inside a modal dialog: from its last control Tab wraps to the first, and Shift+Tab from
 * the first (or from the dialog itself) wraps to the last, so the keyboard never wanders behind the
 * backdrop (WAI-ARIA Authoring Practices, dialog pattern).
 */

const TABBABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function tabbables(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(TABBABLE)].filter((element) => !element.hidden && !element.closest('[hidden], [inert]'));
}

/** Handles a Tab keydown inside `container`; true when it moved the focus itself. */
export function trapTab(event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'preventDefault'>, container: HTMLElement, active: Element | null): boolean {
  if (event.key !== 'Tab') return false;
  const all = tabbables(container);
  const first = all[0];
  const last = all.at(-1);
  if (!first || !last) {
    event.preventDefault();
    return true;
  }
  const outside = !active || active === container || !container.contains(active);
  if (event.shiftKey && (outside || active === first)) {
    event.preventDefault();
    last.focus();
    return true;
  }
  if (!event.shiftKey && (outside || active === last)) {
    event.preventDefault();
    first.focus();
    return true;
  }
  return false;
}
