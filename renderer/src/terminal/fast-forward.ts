/**
 * Skips the part of a flood that no one could ever see. When a shell prints faster than xterm can
 * parse (`cat` of a 50 MB file), the terminal falls behind; of the text waiting its turn, whatever
 * scrolls out of the scrollback before the backlog ends would only be parsed to be thrown away.
 *
 * The rule, which keeps the terminal exactly as if it had parsed everything (checked against
 * @xterm/headless in fast-forward.test.ts): the skipped text and the lines after it must be plain
 * (printable text, TAB, CR and LF only), the skipped text must end in CR LF, and enough plain lines
 * must follow it to push every earlier line out of the buffer. The caller checks the terminal's side:
 * xterm has parsed all it was given, its parser is in the ground state, the cursor is at column 0 of
 * the normal buffer, no scroll margins are set and the viewport is at the bottom.
 * Like mosh or ConPTY, only drawing is skipped; unlike them, the scrollback stays whole.
 */

/** Anything that is not plain text: C0 controls other than TAB, LF and CR; DEL; C1 controls. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const NOT_PLAIN = /[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]/;

export interface ScreenShape {
  rows: number;
  scrollback: number;
}

/** Plain lines that must follow the skipped text for every earlier line to leave the buffer. */
export function linesNeeded(shape: ScreenShape): number {
  // Up to rows-1 line feeds may only move the cursor down; then rows + scrollback scrolls push every
  // earlier line out. Two more make up for the partial line the text starts on.
  return shape.scrollback + 2 * shape.rows + 2;
}

export interface BacklogScan {
  /** The number of leading characters that can be dropped (0 when none can). */
  cut: number;
  /** The whole backlog is plain: with more lines behind it, a later scan may cut. */
  allPlain: boolean;
}

export function scanBacklog(backlog: string, shape: ScreenShape): BacklogScan {
  const match = NOT_PLAIN.exec(backlog);
  const plainEnd = match ? match.index : backlog.length;
  const allPlain = !match;
  let needed = linesNeeded(shape);
  // Walk back over the line feeds of the plain part; the cut goes right after a CR LF that has
  // `needed` line feeds after it.
  let index = plainEnd;
  for (;;) {
    index = backlog.lastIndexOf('\n', index - 1);
    if (index < 1) return { cut: 0, allPlain };
    if (needed > 0) {
      needed--;
      continue;
    }
    if (backlog.charCodeAt(index - 1) === 0x0d) return { cut: index + 1, allPlain };
  }
}

/** The number of leading characters of `backlog` that can be dropped (0 when none can). */
export function skippablePrefix(backlog: string, shape: ScreenShape): number {
  return scanBacklog(backlog, shape).cut;
}
