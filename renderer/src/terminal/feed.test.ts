import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { FEED_LIMITS, TerminalFeed, type FeedClock, type FeedLimits, type FeedTerminal } from './feed';
import { anyText, crlfLines, headlessTerminal, terminalState, writeAll } from './headless-state.test-support';

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
  return { term, written, parse, active, inFlight: () => pending.length, chars: () => written.reduce((sum, w) => sum + w.length, 0) };
}

/** A clock whose frames the test moves on, and the one frame timer the feed may have set. */
function frameClock() {
  let now = 0;
  let timer: { fn: () => void; at: number } | undefined;
  const clock: FeedClock = {
    now: () => now,
    setTimer: (fn, ms) => (timer = { fn, at: now + ms }),
    clearTimer: () => (timer = undefined),
  };
  return {
    clock,
    /** The next frame: time moves on, and a waiting feed gets its turn. */
    next(ms = 16) {
      now += ms;
      if (timer && timer.at <= now) {
        const { fn } = timer;
        timer = undefined;
        fn();
      }
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Small limits, so that pacing shows with a few kilobytes. */
const SMALL: Partial<FeedLimits> = { sliceChars: 100, inFlightChars: 400, frameBudgetChars: 400, attemptBacklogChars: 800, giveUpChars: 10_000 };
const numbered = (i: number) => `line ${String(i).padStart(6, '0')}\r\n`;

/**
 * Parses until the feed has drawn everything. The feed hands over more from message tasks, which
 * may run after a timer, so "nothing in flight" alone does not mean it is done.
 */
async function drain(fake: ReturnType<typeof fakeTerminal>, feed: TerminalFeed, frames?: ReturnType<typeof frameClock>) {
  let done = false;
  feed.afterDrain(() => (done = true));
  for (let i = 0; i < 10_000 && !done; i++) {
    fake.parse();
    await tick();
    frames?.next();
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
    expect(fake.written.join('').length).toBeLessThanOrEqual(FEED_LIMITS.inFlightChars);
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

  it('once a flood is being skipped, gives xterm one frame budget per frame and skips the rest', async () => {
    const fake = fakeTerminal();
    const frames = frameClock();
    const drawn: number[] = [];
    const feed = new TerminalFeed(fake.term, (chars) => drawn.push(chars), { limits: SMALL, clock: frames.clock });
    let sent = '';
    let next = 0;
    const frameLog: { written: number; skipped: number }[] = [];
    for (let frame = 0; frame < 40; frame++) {
      const chunk = Array.from({ length: 200 }, () => numbered(next++)).join('');
      sent += chunk;
      const before = { written: fake.chars(), skipped: feed.skipped };
      feed.push(chunk);
      // xterm parses a few times within a frame.
      for (let k = 0; k < 5; k++) {
        fake.parse();
        await tick();
      }
      frameLog.push({ written: fake.chars() - before.written, skipped: feed.skipped - before.skipped });
      frames.next();
    }
    await drain(fake, feed, frames);
    const firstSkip = frameLog.findIndex((f) => f.skipped > 0);
    const paced = frameLog.slice(firstSkip);
    expect(firstSkip).toBeGreaterThanOrEqual(0);
    expect(paced.filter((f) => f.skipped > 0).length).toBeGreaterThan(30);
    // From then on, a frame's budget at most, give or take the slice that crosses it.
    expect(Math.max(...paced.map((f) => f.written))).toBeLessThanOrEqual(SMALL.frameBudgetChars! + SMALL.sliceChars!);
    expect(feed.skipped).toBeGreaterThan(sent.length * 0.7);
    expect(drawn.reduce((a, b) => a + b, 0)).toBe(sent.length);
    // What xterm got is whole lines in order, with runs taken out, and the tail intact.
    const shown = fake.written.join('');
    expect(shown.length + feed.skipped).toBe(sent.length);
    const numbers = shown.split('\r\n').slice(0, -1).map((l) => Number(l.slice(5)));
    expect(numbers.every((n, i) => i === 0 || n > numbers[i - 1]!)).toBe(true);
    expect(numbers.slice(-22)).toEqual(Array.from({ length: 22 }, (_, i) => next - 22 + i));
  });

  it('stops pacing when the flood turns to escape sequences, and when plain lines are too long to skip', async () => {
    const frames = frameClock();
    const flood = Array.from({ length: 2000 }, (_, i) => numbered(i)).join('');
    /** A feed that is pacing a plain flood. */
    const pacingFeed = async () => {
      const fake = fakeTerminal();
      const feed = new TerminalFeed(fake.term, () => undefined, { limits: SMALL, clock: frames.clock });
      feed.push(flood);
      fake.parse();
      await tick();
      expect(feed.fastForwarding).toBe(true);
      return { fake, feed };
    };

    const coloured = Array.from({ length: 500 }, (_, i) => `\x1b[31mred ${i}\x1b[0m\r\n`).join('');
    const { fake, feed } = await pacingFeed();
    feed.push(coloured);
    await drain(fake, feed, frames);
    expect(feed.fastForwarding).toBe(false);
    expect(fake.written.join('').endsWith(coloured)).toBe(true);

    const long = `${'x'.repeat(SMALL.giveUpChars!)}\r\n`;
    const { fake: fake2, feed: feed2 } = await pacingFeed();
    feed2.push(long);
    for (let i = 0; i < 10 && feed2.fastForwarding; i++) {
      fake2.parse();
      await tick();
      frames.next();
    }
    expect(feed2.fastForwarding).toBe(false);
    await drain(fake2, feed2, frames);
    expect(fake2.written.join('').endsWith(long)).toBe(true);
  });

  it('leaves xterm exactly as parsing everything would, however the stream arrives (property, @xterm/headless)', async () => {
    const shape = { cols: 20, rows: 5, scrollback: 10 };
    let paced = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(anyText, crlfLines(0, 300), anyText, crlfLines(0, 300), anyText),
        fc.array(fc.integer({ min: 1, max: 1500 }), { minLength: 1, maxLength: 30 }),
        async (parts, sizes) => {
          const stream = parts.join('');
          const full = headlessTerminal(shape);
          const fed = headlessTerminal(shape);
          const frames = frameClock();
          const feed = new TerminalFeed(fed, () => undefined, { limits: { ...SMALL, giveUpChars: 2000 }, clock: frames.clock });
          let sawPacing = false;
          for (let at = 0, k = 0; at < stream.length; at += sizes[k % sizes.length]!, k++) {
            feed.push(stream.slice(at, at + sizes[k % sizes.length]!));
            await tick();
            sawPacing ||= feed.fastForwarding;
            frames.next();
          }
          await new Promise<void>((resolve) => {
            feed.afterDrain(resolve);
            const timer = setInterval(() => frames.next(), 1);
            feed.afterDrain(() => clearInterval(timer));
          });
          await writeAll(full, stream);
          expect(terminalState(fed)).toEqual(terminalState(full));
          if (sawPacing && feed.skipped > 0) paced++;
          full.dispose();
          fed.dispose();
        },
      ),
      { numRuns: 50 },
    );
    // The property must have exercised pacing and skipping, not only the plain path.
    expect(paced).toBeGreaterThan(5);
  }, 30_000);
});
