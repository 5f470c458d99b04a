/**
 * Fast-forwarding must leave the terminal exactly as parsing everything would. Checked against
 * @xterm/headless (xterm.js's own parser and buffer, without a renderer): one terminal parses the
 * whole stream, the other skips what skippablePrefix allows, and every line, cell colour, wrap flag
 * and cursor position must match.
 */
import type { Terminal } from '@xterm/headless';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linesNeeded, skippablePrefix } from './fast-forward';
import { anyText, crlfLines, headlessTerminal, terminalState as state, writeAll as write } from './headless-state.test-support';
import { VtGroundTracker } from './vt-ground';

const SHAPE = { cols: 20, rows: 5, scrollback: 10 };
const terminal = () => headlessTerminal(SHAPE);

/** The terminal-side conditions the caller checks before skipping. */
function mayFastForward(term: Terminal, tracker: VtGroundTracker): boolean {
  const buffer = term.buffer.active;
  return tracker.inGround && !tracker.scrollMarginsSet && buffer.type === 'normal' && buffer.cursorX === 0 && buffer.viewportY === buffer.baseY && !term.modes.insertMode;
}

async function compare(before: string, backlog: string): Promise<number> {
  const full = terminal();
  const skipping = terminal();
  const tracker = new VtGroundTracker();
  await write(full, before + backlog);
  await write(skipping, before);
  tracker.feed(before);
  const cut = mayFastForward(skipping, tracker) ? skippablePrefix(backlog, SHAPE) : 0;
  await write(skipping, backlog.slice(cut));
  expect(state(skipping)).toEqual(state(full));
  full.dispose();
  skipping.dispose();
  return cut;
}

describe('fast-forward', () => {
  it('skips nothing from a short backlog, and needs CR LF and enough plain lines after the cut', () => {
    const needed = linesNeeded(SHAPE);
    const lines = (n: number) => 'line\r\n'.repeat(n);
    expect(skippablePrefix(lines(needed), SHAPE)).toBe(0);
    expect(skippablePrefix(lines(needed + 1), SHAPE)).toBe('line\r\n'.length);
    expect(skippablePrefix(lines(needed + 10), SHAPE)).toBe(10 * 'line\r\n'.length);
    // Bare line feeds (no CR) never end the skipped text; an escape sequence ends the plain part.
    expect(skippablePrefix('line\n'.repeat(needed + 10), SHAPE)).toBe(0);
    expect(skippablePrefix(`${lines(needed + 10)}\x1b[31m${lines(3)}`, SHAPE)).toBe(10 * 'line\r\n'.length);
    expect(skippablePrefix(`\x1b[31m${lines(needed + 10)}`, SHAPE)).toBe(0);
  });

  it('leaves the terminal exactly as parsing a flood of plain lines would', async () => {
    const cut = await compare('\x1b[2J\x1b[H\x1b[32mhello\r\n', 'row\r\n'.repeat(200));
    expect(cut).toBeGreaterThan(0);
  });

  it('is exact for any earlier output, flood and trailing escapes (property)', async () => {
    let skipped = 0;
    await fc.assert(
      fc.asyncProperty(anyText, crlfLines(0, 90), anyText, async (before, flood, after) => {
        // Usually end what came before with CR LF, so that the cursor is at column 0 and skipping is possible.
        if ((before.length + flood.length) % 4 !== 0) before += '\r\n';
        if ((await compare(before, flood + after)) > 0) skipped++;
      }),
      { numRuns: 150 },
    );
    // The property must have exercised the skipping path, not only the fallback.
    expect(skipped).toBeGreaterThan(10);
  });
});

describe('ground-state tracker', () => {
  it('knows when the stream ends inside an escape sequence or string', () => {
    const cases: [string, boolean][] = [
      ['plain text\r\n', true],
      ['\x1b[31', false],
      ['\x1b[31m', true],
      ['\x1b]0;title', false],
      ['\x1b]0;title\x07', true],
      ['\x1b]0;title\x1b\\', true],
      ['\x1bP1$r', false],
      ['\x1bP1$rq\x1b\\', true],
      ['\x1b(', false],
      ['\x1b(B', true],
      ['\x9b1', false],
      ['\x9b1m', true],
      ['\x1b[31\x18', true],
    ];
    for (const [text, ground] of cases) {
      const tracker = new VtGroundTracker();
      // Fed in two halves, so state carries across chunks.
      tracker.feed(text.slice(0, 2));
      tracker.feed(text.slice(2));
      expect([text, tracker.inGround]).toEqual([text, ground]);
    }
  });

  it('notices scroll margins and their reset', () => {
    const tracker = new VtGroundTracker();
    tracker.feed('\x1b[1;20r');
    expect(tracker.scrollMarginsSet).toBe(true);
    tracker.feed('\x1b[r');
    expect(tracker.scrollMarginsSet).toBe(false);
  });
});
