import { describe, expect, it, vi } from 'vitest';
import { IN_FLIGHT_CHARS, TerminalFeed, type FeedTerminal } from './feed';

/** A terminal that parses when told to, with a cursor the test can place. */
function fakeTerminal(rows = 5, scrollback = 10, pinnedCursorX?: number) {
  const written: string[] = [];
  let pending: (() => void)[] = [];
  const active = { type: 'normal', cursorX: pinnedCursorX ?? 0, viewportY: 0, baseY: 0 };
  const term: FeedTerminal = {
    write: (data, callback) => {
      written.push(data);
      pending.push(callback);
    },
    rows,
    options: { scrollback },
    modes: { insertMode: false },
    buffer: { active },
  };
  const parse = () => {
    const callbacks = pending;
    pending = [];
    // Where xterm's cursor would be: column 0 right after a line break.
    active.cursorX = pinnedCursorX ?? (written.at(-1)?.endsWith('\n') ? 0 : 1);
    callbacks.forEach((fn) => fn());
  };
  return { term, written, parse, active, inFlight: () => pending.length };
}

/**
 * Parses until the feed has drawn everything. The feed hands over more from message tasks, which
 * may run after a timer, so "nothing in flight" alone does not mean it is done.
 */
async function drain(fake: ReturnType<typeof fakeTerminal>, feed: TerminalFeed) {
  let done = false;
  feed.afterDrain(() => (done = true));
  for (let i = 0; i < 10_000 && !done; i++) {
    fake.parse();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  if (!done) throw new Error('the feed never drained');
}

describe('terminal feed', () => {
  it('hands output over in order, a little at a time, and reports every character drawn', async () => {
    const fake = fakeTerminal();
    const drawn: [number, boolean][] = [];
    const feed = new TerminalFeed(fake.term, (chars, idle) => drawn.push([chars, idle]));
    const text = Array.from({ length: 30_000 }, (_, i) => `${i}\x1b[0m `).join('');
    feed.push(text.slice(0, 100_000));
    feed.push(text.slice(100_000));
    expect(fake.written.join('').length).toBeLessThanOrEqual(IN_FLIGHT_CHARS);
    await drain(fake, feed);
    expect(fake.written.join('')).toBe(text);
    expect(drawn.reduce((sum, [chars]) => sum + chars, 0)).toBe(text.length);
    expect(drawn.at(-1)![1]).toBe(true);
    expect(feed.skipped).toBe(0);
  });

  it('runs a notice after the output pushed before it', async () => {
    const fake = fakeTerminal();
    const feed = new TerminalFeed(fake.term, () => undefined);
    const notice = vi.fn(() => fake.written.push('[notice]'));
    feed.push('last words\r\n');
    feed.afterDrain(notice);
    expect(notice).not.toHaveBeenCalled();
    await drain(fake, feed);
    expect(fake.written.join('')).toBe('last words\r\n[notice]');
  });

  it('fast-forwards a backlog of plain lines, acknowledging what it skipped', async () => {
    const fake = fakeTerminal();
    const drawn: number[] = [];
    const feed = new TerminalFeed(fake.term, (chars) => drawn.push(chars));
    const line = (i: number) => `line ${String(i).padStart(6, '0')}\r\n`;
    const lines = Array.from({ length: 20_000 }, (_, i) => line(i)).join('');
    feed.push('first\r\n');
    feed.push(lines);
    await drain(fake, feed);
    const shown = fake.written.join('');
    expect(feed.skipped).toBeGreaterThan(0);
    expect(shown.length + feed.skipped).toBe('first\r\n'.length + lines.length);
    expect(drawn.reduce((a, b) => a + b, 0)).toBe('first\r\n'.length + lines.length);
    // What is drawn is the stream with one run of whole lines taken out of its middle, the tail intact.
    const full = `first\r\n${lines}`;
    let same = 0;
    while (same < shown.length && shown[same] === full[same]) same++;
    expect(full.slice(0, same) + full.slice(same + feed.skipped)).toBe(shown);
    // Whole lines only (they are all the same length).
    expect(feed.skipped % line(0).length).toBe(0);
    expect(shown.endsWith(line(19_999))).toBe(true);
  });

  it('does not fast-forward when xterm is mid-line or inside an escape sequence', async () => {
    const lines = 'plain line\r\n'.repeat(5000);
    const midLine = fakeTerminal(5, 10, 3);
    const a = new TerminalFeed(midLine.term, () => undefined);
    a.push(lines);
    await drain(midLine, a);
    expect(a.skipped).toBe(0);

    const inEscape = fakeTerminal();
    const b = new TerminalFeed(inEscape.term, () => undefined);
    b.push('\x1b]0;a title that never ends');
    await drain(inEscape, b);
    b.push(lines);
    await drain(inEscape, b);
    expect(b.skipped).toBe(0);
    expect(inEscape.written.join('')).toBe(`\x1b]0;a title that never ends${lines}`);
  });
});
