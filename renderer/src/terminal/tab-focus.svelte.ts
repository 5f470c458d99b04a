/**
 * Who gets the Tab key while the terminal has the focus. A shell wants Tab (completion), so by
 * default xterm.js keeps it, which traps keyboard users in the terminal. As in VS Code ("Toggle Tab
 * Key Moves Focus", Ctrl+M; Ctrl+Shift+M on macOS, where Cmd+M minimises), one key switches Tab
 * between the shell and moving the focus, for every terminal tab at once. F6 and Shift+F6 always
 * leave the terminal for the next or previous part of the window (see keyboard/focus-parts.ts),
 * whatever the switch says, so nobody needs to know about the switch to get out.
 */

type Key = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey'>;

/** What a key pressed in the terminal does: switch the Tab mode, go to the browser (focus moves), or go to the shell. */
export type TerminalKeyAction = 'toggle' | 'browser' | 'shell';

export function terminalKeyAction(event: Key, tabMovesFocus: boolean): TerminalKeyAction {
  const plain = !event.ctrlKey && !event.altKey && !event.metaKey;
  if (event.ctrlKey && !event.altKey && !event.metaKey && event.key.toLowerCase() === 'm') return 'toggle';
  if (plain && event.key === 'F6') return 'browser';
  if (plain && event.key === 'Tab' && tabMovesFocus) return 'browser';
  return 'shell';
}

class TabFocus {
  /** True when Tab and Shift+Tab move the focus instead of reaching the shell. */
  moves = $state(false);
  /** Bumped on every switch, so the dock announces the new mode once per switch. */
  switches = $state(0);

  toggle(): void {
    this.moves = !this.moves;
    this.switches++;
  }
}

export const tabFocus = new TabFocus();
