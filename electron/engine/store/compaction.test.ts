import { describe, expect, it } from 'vitest';
import { COMPACTION_INTERVAL_MS, Compactor } from './compaction';

describe('Compactor', () => {
  it('compacts every interval to the revision seen at the round before, never on the first round', () => {
    const c = new Compactor();
    expect(c.catchUp(COMPACTION_INTERVAL_MS - 1, 10)).toBe(false);
    expect(c.catchUp(COMPACTION_INTERVAL_MS, 10)).toBe(false);
    expect(c.revision()).toBe(0);
    expect(c.catchUp(2 * COMPACTION_INTERVAL_MS - 1, 25)).toBe(false);
    expect(c.catchUp(2 * COMPACTION_INTERVAL_MS, 25)).toBe(true);
    expect(c.revision()).toBe(10);
    // Rounds that passed while nothing was written all saw the same revision.
    expect(c.catchUp(5 * COMPACTION_INTERVAL_MS, 40)).toBe(true);
    expect(c.revision()).toBe(40);
    expect(c.catchUp(6 * COMPACTION_INTERVAL_MS, 40)).toBe(false);
  });
});
