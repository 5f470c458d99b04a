/**
 * Test support: @xterm/headless terminals (xterm.js's own parser and buffer, without a renderer) and
 * a snapshot of everything a user could see or select in one, so that a terminal that skipped part
 * of a stream can be compared with one that parsed all of it; and generators of terminal output.
 */
import { Terminal } from '@xterm/headless';
import fc from 'fast-check';

export interface HeadlessShape {
  cols: number;
  rows: number;
  scrollback: number;
}

export function headlessTerminal(shape: HeadlessShape): Terminal {
  return new Terminal({ cols: shape.cols, rows: shape.rows, scrollback: shape.scrollback, allowProposedApi: true });
}

export const writeAll = (term: Terminal, data: string) => new Promise<void>((resolve) => term.write(data, resolve));

/** Every line, cell colour and wrap flag, and where the cursor and viewport are. */
export function terminalState(term: Terminal) {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) {
    const line = buffer.getLine(y)!;
    let cells = '';
    for (let x = 0; x < term.cols; x++) {
      const cell = line.getCell(x)!;
      cells += `${cell.getChars() || ' '}${cell.getFgColor()}/${cell.getBgColor()}/${cell.isBold()}|`;
    }
    lines.push(`${line.isWrapped ? 'W' : '-'}${cells}`);
  }
  return { lines, cursor: [buffer.cursorX, buffer.cursorY], base: buffer.baseY, viewport: buffer.viewportY, type: buffer.type };
}

/** Plain text (printable, TAB, wide and accented characters), lines of it, and mixtures with escape sequences. */
export const plainLine = fc
  .array(fc.constantFrom('a', 'b', 'Z', ' ', '7', '\t', '한', 'é', '-'), { maxLength: 45, size: 'medium' })
  .map((chars) => chars.join(''));
export const crlfLines = (min: number, max: number) => fc.array(plainLine, { minLength: min, maxLength: max, size: 'max' }).map((lines) => lines.map((l) => `${l}\r\n`).join(''));
export const escapeBits = fc.constantFrom('\x1b[31m', '\x1b[1;44m', '\x1b[0m', '\x1b[2J\x1b[H', '\x1b[3;4H', '\x1b[K', '\x1b]0;title\x07', '\x1b(0q\x1b(B', '\r', '\n', '\x1b[?25l', '\x1b[7m', 'xy');
export const anyText = fc.array(fc.oneof(escapeBits, plainLine.map((l) => `${l}\r\n`), plainLine), { maxLength: 12 }).map((parts) => parts.join(''));
