import { describe, expect, it } from 'vitest';
import { pod } from '../testing/fixtures';
import { moveFocus, podGroups, QUEUE, type PodGroup } from './pod-groups';
import { toPodView, type PodView } from './pod-view';

const view = (name: string, node?: string, phase?: 'Ready' | 'Running'): PodView => toPodView(pod(name, { ...(node ? { node } : {}), ...(phase ? { phase } : {}) }), new Map());

describe('pod groups for the keyboard layer', () => {
  it('groups pods per node in drawing order, queue first, and renews only the groups that changed', () => {
    const pods = [view('q'), view('a1', 'a'), view('b1', 'b'), view('a2', 'a')];
    const groupsOf = podGroups();
    const first = groupsOf(['a', 'b', 'c'], pods);
    expect(first.map((g) => [g.node, g.pods.map((p) => p.name)])).toEqual([
      [QUEUE, ['q']],
      ['a', ['a1', 'a2']],
      ['b', ['b1']],
    ]);
    const changed = view('a2', 'a', 'Running');
    const second = groupsOf(['a', 'b', 'c'], [pods[0]!, pods[1]!, pods[2]!, changed]);
    expect(second[1]!.pods[1]).toBe(changed);
    expect(second[0]).toBe(first[0]);
    expect(second[2]).toBe(first[2]);
    expect(second[1]).not.toBe(first[1]);
    // A pod bound to a node moves between groups.
    const third = groupsOf(['a', 'b', 'c'], [view('q', 'c'), pods[1]!, pods[2]!, changed]);
    expect(third.map((g) => g.node)).toEqual(['a', 'b', 'c']);
  });

  it('moves the focus within a node grid, and to the next or previous node', () => {
    const group = (node: string, count: number): PodGroup => ({ node, pods: Array.from({ length: count }, (_, i) => view(`${node}${i}`, node)) });
    const groups = [group('a', 7), group('b', 2)];
    const perRow = () => 3;
    const key = (name: string) => `default/${name}`;
    expect(moveFocus(groups, 'ArrowRight', key('a0'), perRow)).toBe(key('a1'));
    expect(moveFocus(groups, 'ArrowLeft', key('a0'), perRow)).toBe(key('a0'));
    expect(moveFocus(groups, 'ArrowDown', key('a1'), perRow)).toBe(key('a4'));
    expect(moveFocus(groups, 'ArrowDown', key('a5'), perRow)).toBe(key('a6'));
    expect(moveFocus(groups, 'ArrowUp', key('a4'), perRow)).toBe(key('a1'));
    expect(moveFocus(groups, 'End', key('a1'), perRow)).toBe(key('a6'));
    expect(moveFocus(groups, 'Home', key('a5'), perRow)).toBe(key('a0'));
    expect(moveFocus(groups, 'PageDown', key('a5'), perRow)).toBe(key('b1'));
    expect(moveFocus(groups, 'PageUp', key('b0'), perRow)).toBe(key('a0'));
    expect(moveFocus(groups, 'PageUp', key('a0'), perRow)).toBeUndefined();
    expect(moveFocus(groups, 'x', key('a0'), perRow)).toBeUndefined();
  });
});
