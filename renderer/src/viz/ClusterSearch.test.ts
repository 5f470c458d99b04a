// The search box as a component: typing lists the best matches, arrows move, Enter picks, and the
// timeline never sees the keys typed into it.
import { cleanup, fireEvent, render } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { node, pod } from '../testing/fixtures';
import ClusterSearch from './ClusterSearch.svelte';
import { toNodeViews } from './node-view';
import { toPodViews } from './pod-view';
import type { SearchHit } from './search';

function setup() {
  const objects = [node('minikube'), node('minikube-m02'), pod('web-1', { node: 'minikube' }), pod('web-2', { node: 'minikube-m02' }), pod('api-1')];
  const picked: SearchHit[] = [];
  const screen = render(ClusterSearch, { nodes: toNodeViews(objects), pods: toPodViews(objects), onpick: (hit: SearchHit) => picked.push(hit) });
  return { screen, picked, input: screen.getByTestId('cluster-search') as HTMLInputElement };
}

afterEach(cleanup);

describe('ClusterSearch', () => {
  it('lists matches as they are typed and picks the first with Enter', async () => {
    const { screen, picked, input } = setup();
    await fireEvent.input(input, { target: { value: 'web' } });
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.getAttribute('data-name'))).toEqual(['web-1', 'web-2']);
    expect(input.getAttribute('aria-expanded')).toBe('true');
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(picked).toEqual([{ kind: 'Pod', name: 'web-1', namespace: 'default', key: 'default/web-1', node: 'minikube' }]);
    expect(screen.queryByTestId('search-results')).toBeNull();
  });

  it('moves with the arrow keys without letting them reach the timeline', async () => {
    const { screen, picked, input } = setup();
    let stepped = 0;
    const count = (event: KeyboardEvent) => event.key.startsWith('Arrow') && stepped++;
    window.addEventListener('keydown', count);
    await fireEvent.input(input, { target: { value: 'm' } });
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(screen.getAllByRole('option').find((o) => o.getAttribute('aria-selected') === 'true')?.getAttribute('data-name')).toBe('minikube-m02');
    await fireEvent.keyDown(input, { key: 'Enter' });
    window.removeEventListener('keydown', count);
    expect(stepped).toBe(0);
    expect(picked.map((h) => [h.kind, h.name])).toEqual([['Node', 'minikube-m02']]);
  });

  it('says so when nothing matches', async () => {
    const { screen, input } = setup();
    await fireEvent.input(input, { target: { value: 'nothing-here' } });
    expect(screen.getByTestId('search-results').textContent).toContain('Nothing named like "nothing-here".');
  });
});
