import { describe, expect, it } from 'vitest';
import { pod } from '../testing/fixtures';
import { barSegments, cardDetail, CARD_DETAIL_MIN_PX, LARGE_CLUSTER_NODES, nodeCountList, podDetail, POD_GLYPH_MIN_PX, total } from './lod';
import { toPodViews } from './pod-view';

describe('level of detail', () => {
  it('draws pods as glyphs only while a glyph is at least a few pixels on screen', () => {
    expect(POD_GLYPH_MIN_PX).toBe(5);
    expect(podDetail(12, 0.5)).toBe('glyphs');
    expect(podDetail(12, 0.4)).toBe('aggregate');
    expect(podDetail(22, 0.23)).toBe('glyphs');
    expect(podDetail(22, 0.2)).toBe('aggregate');
  });

  it('summarises node cards only in a large cluster, and only when a card is too narrow for its text', () => {
    expect(cardDetail(LARGE_CLUSTER_NODES, 200, 0.1)).toBe('full');
    expect(cardDetail(LARGE_CLUSTER_NODES + 1, 200, 0.1)).toBe('summary');
    expect(cardDetail(1000, 200, CARD_DETAIL_MIN_PX / 200)).toBe('full');
    expect(cardDetail(1000, 200, CARD_DETAIL_MIN_PX / 200 - 0.01)).toBe('summary');
  });

  it('counts pods per node by state, and follows a delta without recounting', () => {
    const counts = nodeCountList();
    const before = toPodViews([pod('a', { node: 'n1' }), pod('b', { node: 'n1', phase: 'Crash' }), pod('c', { node: 'n2', phase: 'Creating' }), pod('d')]);
    const first = counts(before);
    expect(first.get('n1')).toEqual({ ready: 1, starting: 0, failing: 1, ending: 0 });
    expect(first.get('n2')).toEqual({ ready: 0, starting: 1, failing: 0, ending: 0 });
    expect(first.has('')).toBe(false);
    expect(counts(before)).toBe(first);
    // c becomes ready: only n2 changes, and the previous map is left as it was.
    const after = toPodViews([pod('a', { node: 'n1' }), pod('b', { node: 'n1', phase: 'Crash' }), pod('c', { node: 'n2' }), pod('d')]);
    const reused = before.map((v, i) => (v.name === 'c' ? after[i]! : v));
    const second = counts(reused);
    expect(second).not.toBe(first);
    expect(second.get('n2')).toEqual({ ready: 1, starting: 0, failing: 0, ending: 0 });
    expect(first.get('n2')).toEqual({ ready: 0, starting: 1, failing: 0, ending: 0 });
    expect(second.get('n1')).toBe(first.get('n1'));
  });

  it('stacks a node bar in bucket order, sized by pods against capacity, and never hides one failing pod', () => {
    const full = barSegments({ ready: 60, starting: 20, failing: 0, ending: 20 }, 10, 100, 100);
    expect(full.map((s) => s.bucket)).toEqual(['ready', 'starting', 'ending']);
    expect(full.map((s) => [s.x, s.width])).toEqual([[10, 60], [70, 20], [90, 20]]);
    const half = barSegments({ ready: 50, starting: 0, failing: 0, ending: 0 }, 0, 100, 100);
    expect(half).toEqual([{ bucket: 'ready', x: 0, width: 50 }]);
    const one = barSegments({ ready: 99, starting: 0, failing: 1, ending: 0 }, 0, 100, 100);
    const failing = one.find((s) => s.bucket === 'failing')!;
    expect(failing.width).toBeGreaterThan(1);
    expect(one.at(-1)!.x + one.at(-1)!.width).toBeCloseTo(100, 5);
    expect(barSegments({ ready: 0, starting: 0, failing: 0, ending: 0 }, 0, 100, 10)).toEqual([]);
    expect(total({ ready: 1, starting: 2, failing: 3, ending: 4 })).toBe(10);
  });
});
