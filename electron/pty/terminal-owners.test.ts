import { describe, expect, it } from 'vitest';
import { TerminalOwners, type OwnerTimers } from './terminal-owners';

function fakeTimers() {
  const due: { fn: () => void; at: number; handle: number }[] = [];
  let now = 0;
  let seq = 0;
  const timers: OwnerTimers = {
    set: (fn, ms) => {
      due.push({ fn, at: now + ms, handle: ++seq });
      return seq;
    },
    clear: (handle) => {
      const i = due.findIndex((d) => d.handle === handle);
      if (i >= 0) due.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const d of due.filter((x) => x.at <= now)) {
      due.splice(due.indexOf(d), 1);
      d.fn();
    }
  };
  return { timers, advance, pending: () => due.length };
}

describe('terminal owners', () => {
  it('closes the shells of a client that stays away past the grace period, and only its own', () => {
    const closed: string[] = [];
    const t = fakeTimers();
    const owners = new TerminalOwners((id) => closed.push(id), 1000, t.timers);
    owners.claim('t1', 'ws:a');
    owners.claim('t2', 'ws:a');
    owners.claim('t3', 'ws:b');
    owners.gone('ws:a');
    t.advance(999);
    expect(closed).toEqual([]);
    t.advance(1);
    expect(closed).toEqual(['t1', 't2']);
    expect(owners.owned('ws:b')).toEqual(['t3']);
  });

  it('keeps the shells of a client that reconnects in time', () => {
    const closed: string[] = [];
    const t = fakeTimers();
    const owners = new TerminalOwners((id) => closed.push(id), 1000, t.timers);
    owners.claim('t1', 'ws:a');
    owners.gone('ws:a');
    t.advance(500);
    owners.connected('ws:a');
    t.advance(5000);
    expect(closed).toEqual([]);
    expect(t.pending()).toBe(0);
  });

  it('forgets released shells and sets no timer for a client that owns nothing', () => {
    const closed: string[] = [];
    const t = fakeTimers();
    const owners = new TerminalOwners((id) => closed.push(id), 1000, t.timers);
    owners.claim('t1', 'ws:a');
    owners.release('t1');
    owners.gone('ws:a');
    expect(t.pending()).toBe(0);
    t.advance(2000);
    expect(closed).toEqual([]);
  });
});
