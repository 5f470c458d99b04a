// The narration follows the timeline over the whole history: thousands of steps, of which only the
// lines around the frame on screen are drawn, the current one marked.
import { render } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/i18n.svelte';
import { ClusterState, type NarrationEntry } from '../state/cluster.svelte';
import { clock, smallCluster } from '../testing/fixtures';
import NarrationPanel from './NarrationPanel.svelte';

function story(count: number): NarrationEntry[] {
  return Array.from({ length: count }, (_, i) => ({ key: 'narr.podDeleted', params: { pod: `web-${i + 1}` }, frame: (i + 1) * 2, time: i * 1000 }));
}

describe('NarrationPanel', () => {
  it('shows the steps around the viewed frame of a long history, the current one marked', async () => {
    const cluster = new ClusterState();
    cluster.applySnapshot({ frame: 1, clock, objects: smallCluster() });
    cluster.narration = story(5000);
    const view = render(NarrationPanel, { cluster });
    const list = () => view.container.querySelector('[data-testid="narration"]')!;
    await expect.poll(() => list().getAttribute('data-count')).toBe('5000');
    const frames = () => [...list().querySelectorAll('li[data-frame]')].map((li) => Number(li.getAttribute('data-frame')));
    // Live: the newest steps, the newest marked.
    expect(frames().at(-1)).toBe(10_000);
    expect(frames().length).toBeLessThanOrEqual(121);
    expect(list().querySelector('[aria-current="step"]')?.getAttribute('data-frame')).toBe('10000');

    // Viewing an early frame (not itself narrated): the steps around it, the newest at or before it marked, later ones greyed.
    cluster.viewing = 401;
    flushSync();
    await expect.poll(() => list().querySelector('[aria-current="step"]')?.getAttribute('data-frame')).toBe('400');
    expect(frames()[0]).toBe(280);
    expect(frames().at(-1)).toBe(520);
    expect(list().querySelector('li[data-frame="402"]')!.classList.contains('future')).toBe(true);
    expect(list().querySelector('[aria-current="step"]')!.textContent).toContain('web-200 is gone.');

    // The reader asks for earlier steps; they are drawn above.
    (view.getByTestId('narration-earlier') as HTMLButtonElement).click();
    flushSync();
    expect(frames()[0]).toBe(160);
  });

  it('jumps to a line’s frame when its time is pressed', async () => {
    const cluster = new ClusterState();
    cluster.applySnapshot({ frame: 1, clock, objects: smallCluster() });
    cluster.narration = story(3);
    const seeks: number[] = [];
    const view = render(NarrationPanel, { cluster, onseek: (frame: number) => seeks.push(frame) });
    await expect.poll(() => view.container.querySelectorAll('button.at').length).toBe(3);
    (view.container.querySelector('li[data-frame="4"] button.at') as HTMLButtonElement).click();
    expect(seeks).toEqual([4]);
  });

  it('sets Kubernetes identifiers as code and speaks Korean with the right particles', async () => {
    const cluster = new ClusterState();
    cluster.applySnapshot({ frame: 1, clock, objects: smallCluster() });
    cluster.narration = [
      {
        key: 'explain.rollout.grow',
        params: { deployment: 'web', surge: { key: 'explain.surge.count', params: { value: 1 } }, unavailable: { key: 'explain.unavailable.count', params: { value: 0 } }, maxTotal: 5, minAvailable: 4, rs: 'web-7c9f8d6b5', from: 1, to: 2, by: 1 },
        frame: 5,
        time: 0,
      },
    ];
    setLocale('ko');
    try {
      const view = render(NarrationPanel, { cluster });
      await expect.poll(() => view.container.querySelector('li[data-frame="5"]')?.textContent ?? '').toContain('maxSurge는 1개, maxUnavailable은 0개입니다.');
      expect([...view.container.querySelectorAll('li[data-frame="5"] code.id')].map((c) => c.textContent)).toEqual(['maxSurge', 'maxUnavailable']);
    } finally {
      setLocale('en');
    }
  });
});
