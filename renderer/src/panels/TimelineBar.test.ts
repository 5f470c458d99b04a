// The timeline's keys (Space plays or pauses, the arrows step) belong to the timeline and the
// drawing, never to the terminal or a panel the user is typing in; and Live resumes a paused clock.
import { cleanup, render } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterState } from '../state/cluster.svelte';
import { Controller } from '../state/controller.svelte';
import { clock, node } from '../testing/fixtures';
import { createFakeClient } from '../testing/fake-client';
import TimelineBar from './TimelineBar.svelte';

/** The window's parts as App.svelte marks them, each with something to focus. */
function layout() {
  document.body.innerHTML = `
    <div data-part="timeline" id="timeline"></div>
    <div data-part="cluster"><button type="button" data-kind="node">minikube</button><svg><g tabindex="0" data-kind="pod"></g></svg></div>
    <div data-part="details"><button type="button" id="tab">Narration</button><pre tabindex="0" id="yaml">kind: Pod</pre></div>
    <div data-part="terminal"><div class="xterm"><textarea id="shell"></textarea></div></div>`;
  const fake = createFakeClient({ frame: 1, clock, objects: [node('n1')] });
  const cluster = new ClusterState();
  cluster.applySnapshot({ frame: 1, clock, objects: [node('n1')] });
  const controller = new Controller(fake.client, cluster);
  const view = render(TimelineBar, { target: document.getElementById('timeline')!, props: { cluster, controller } });
  const plays = () => fake.calls.filter((c) => c.method === 'clock.play' || c.method === 'clock.pause').length;
  const press = async (target: Element, key: string) => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { fake, cluster, view, plays, press };
}

afterEach(() => {
  // Unmounted, so an earlier test's window key handler does not take this test's keys.
  cleanup();
  document.body.innerHTML = '';
});

describe('the timeline keys', () => {
  it('play and pause from the drawing, the timeline, or nowhere in particular', async () => {
    const { plays, press, cluster } = layout();
    await press(document.querySelector('[data-kind="pod"]')!, ' ');
    expect(plays()).toBe(1);
    expect(cluster.clock.paused).toBe(false);
    await press(document.querySelector('[data-testid="frame"]')!, ' ');
    expect(plays()).toBe(2);
    await press(document.body, ' ');
    expect(plays()).toBe(3);
  });

  it('do nothing while the terminal, a side panel or a form control has the focus', async () => {
    const { plays, press, fake } = layout();
    for (const id of ['shell', 'yaml', 'tab']) {
      await press(document.getElementById(id)!, ' ');
      await press(document.getElementById(id)!, 'ArrowLeft');
      await press(document.getElementById(id)!, 'ArrowRight');
    }
    await press(document.querySelector('[data-testid="speed"]')!, 'ArrowLeft');
    expect(plays()).toBe(0);
    expect(fake.calls.some((c) => c.method === 'clock.step' || c.method === 'timeline.seek')).toBe(false);
  });

  it('step forward from the drawing', async () => {
    const { press, fake } = layout();
    await press(document.querySelector('[data-kind="pod"]')!, 'ArrowRight');
    expect(fake.calls.filter((c) => c.method === 'clock.step')).toHaveLength(1);
  });
});

describe('the Live button', () => {
  it('resumes a paused clock at the live frame, and is lit only while live and running', async () => {
    const { view, cluster } = layout();
    const live = view.getByTestId('jump-live');
    expect(cluster.clock.paused).toBe(true);
    expect(live.classList.contains('live')).toBe(false);
    live.click();
    await expect.poll(() => cluster.clock.paused).toBe(false);
    await expect.poll(() => live.classList.contains('live')).toBe(true);
  });
});
