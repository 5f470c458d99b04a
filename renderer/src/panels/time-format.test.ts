// The UI's clocks: elapsed virtual time, and the cluster clock every timestamp is written on.
import { describe, expect, it } from 'vitest';
import { clockText, clusterTime, formatVirtualTime } from './time-format';

describe('time formats', () => {
  it('shows elapsed virtual time as h:mm:ss', () => {
    expect(formatVirtualTime(3_723_999)).toBe('1:02:03');
  });

  it('shows the cluster clock as anchor + virtual ms, in the RFC3339 UTC form kubectl prints', () => {
    const anchor = Date.UTC(2026, 11, 3, 23, 59, 30);
    expect(clusterTime(anchor, 45_500)).toEqual({ iso: '2026-12-04T00:00:15Z', clock: '00:00:15' });
    expect(clusterTime(Date.UTC(2026, 0, 1), 0)).toEqual({ iso: '2026-01-01T00:00:00Z', clock: '00:00:00' });
  });

  it('names an instant in the panels on the cluster clock, as kubectl prints it, or as elapsed time without an anchor', () => {
    const anchor = Date.UTC(2026, 11, 3, 14, 21, 35);
    // Event at virtual 30 s + 4.9 s: describe prints 14:22:09 for it, and so do the panels.
    expect(clockText(anchor, 34_900)).toBe('14:22:09');
    expect(clockText(undefined, 34_900)).toBe('0:00:34');
  });
});
