import { describe, expect, it } from 'vitest';
import { pod } from '../testing/fixtures';
import { diffPods } from './pod-diff';
import { toPodView, type PodView } from './pod-view';

const view = (name: string, node?: string, phase?: 'Ready' | 'Running'): PodView => toPodView(pod(name, { ...(node ? { node } : {}), ...(phase ? { phase } : {}) }), new Map());

describe('diffPods', () => {
  it('lists only the pods whose view changed, and keeps the layout when none moved', () => {
    const [a, b, c] = [view('a', 'n1'), view('b', 'n1'), view('c', 'n2')];
    const b2 = view('b', 'n1', 'Running');
    const diff = diffPods([a, b, c], [a, b2, c]);
    expect(diff).toEqual({ removed: [b], added: [b2], sameLayout: true });
    expect(diffPods([a, b, c], [a, b, c])).toEqual({ removed: [], added: [], sameLayout: true });
  });

  it('sees a pod moving to another node, or pods coming and going, as a new layout', () => {
    const [a, b] = [view('a', 'n1'), view('b')];
    const bound = view('b', 'n2');
    expect(diffPods([a, b], [a, bound])).toEqual({ removed: [b], added: [bound], sameLayout: false });
    const c = view('c', 'n1');
    expect(diffPods([a, b], [a, c])).toEqual({ removed: [b], added: [c], sameLayout: false });
    expect(diffPods([a, b], [a])).toEqual({ removed: [b], added: [], sameLayout: false });
    expect(diffPods([a], [a, c])).toEqual({ removed: [], added: [c], sameLayout: false });
  });
});

describe('diffPods, shared per delta', () => {
  it('answers the same pair of lists with the same diff, and a new pair afresh', () => {
    const [a, b] = [view('a', 'n1'), view('b', 'n1')];
    const b2 = view('b', 'n1', 'Running');
    const [before, after] = [[a, b], [a, b2]];
    const first = diffPods(before, after);
    expect(diffPods(before, after)).toBe(first);
    const other = diffPods(after, before);
    expect(other).not.toBe(first);
    expect(other.added).toEqual([b]);
  });
});
