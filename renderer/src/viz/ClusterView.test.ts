// The cluster view as a component: what it draws from a snapshot, and how hovering a Service lights
// exactly the pods its selector matches.
import { fireEvent, render } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterState } from '../state/cluster.svelte';
import { Controller } from '../state/controller.svelte';
import { selection } from '../state/selection.svelte';
import { setLocale } from '../i18n/i18n.svelte';
import { en } from '../i18n/en';
import { clock, smallCluster } from '../testing/fixtures';
import { createFakeClient } from '../testing/fake-client';
import ClusterView from './ClusterView.svelte';

function setup() {
  const fake = createFakeClient({ frame: 10, clock, objects: smallCluster() });
  const cluster = new ClusterState();
  cluster.applySnapshot({ frame: 10, clock, objects: smallCluster() });
  const controller = new Controller(fake.client, cluster);
  const view = render(ClusterView, { cluster, controller });
  return { fake, cluster, controller, view };
}

const attr = (els: NodeListOf<Element>, name: string) => [...els].map((e) => e.getAttribute(name));

afterEach(() => {
  selection.hoveredOwner = null;
  selection.hoveredPod = null;
  setLocale('en');
});

describe('ClusterView', () => {
  it('draws every node and pod with data attributes and state', () => {
    const { view } = setup();
    const nodes = view.container.querySelectorAll('[data-kind="node"]');
    expect(attr(nodes, 'data-name')).toEqual(['minikube', 'minikube-m02', 'minikube-m03']);
    expect(attr(nodes, 'data-phase')).toEqual(['Ready', 'Ready', 'NotReady']);
    expect(nodes[2]!.getAttribute('aria-label')).toContain('node.kubernetes.io/unreachable:NoExecute');
    const pods = view.container.querySelectorAll('[data-kind="pod"]');
    expect(Object.fromEntries([...pods].map((p) => [p.getAttribute('data-name'), p.getAttribute('data-phase')]))).toEqual({
      'web-abc-1': 'Ready',
      'web-abc-2': 'Ready',
      'web-abc-3': 'Pending',
      lonely: 'CrashLoopBackOff',
    });
    expect(view.container.querySelector('[data-name="lonely"]')!.textContent).toContain('4');
    expect(view.container.querySelector('[data-kind="queue"]')!.getAttribute('data-phase')).toBe('waiting');
  });

  it('lights exactly the pods a hovered Service selects', async () => {
    const { view } = setup();
    await fireEvent.pointerEnter(view.container.querySelector('[data-kind="service"][data-name="web-svc"]')!);
    const lit = [...view.container.querySelectorAll('[data-kind="pod"][data-highlighted="true"]')].map((p) => p.getAttribute('data-name')).sort();
    expect(lit).toEqual(['web-abc-1', 'web-abc-2', 'web-abc-3']);
    await fireEvent.pointerLeave(view.container.querySelector('[data-kind="service"][data-name="web-svc"]')!);
    expect(view.container.querySelectorAll('[data-highlighted="true"]')).toHaveLength(0);
  });

  it('opens the node menu from the keyboard and injects the chosen failure', async () => {
    const { view, fake } = setup();
    const card = view.container.querySelector('[data-kind="node"][data-name="minikube-m02"]')!;
    await fireEvent.keyDown(card, { key: 'Enter' });
    const menu = document.querySelector('[data-testid="node-menu"]')!;
    expect(menu).not.toBeNull();
    await fireEvent.click(menu.querySelector('[data-action="drain"]')!);
    expect(fake.calls.find((c) => c.method === 'failures.inject')?.arg).toEqual({ node: 'minikube-m02', action: 'drain' });
  });

  it('reaches SVG pods from the keyboard: Enter opens the Inspector, W "Why here?", and the drawing rings the focused pod', async () => {
    const { view } = setup();
    const layer = view.container.querySelector('[data-testid="pod-keys"]')!;
    expect(layer).not.toBeNull();
    // Over SVG pods the layer does not stand in for them: the glyphs stay the only [data-kind="pod"].
    expect(layer.querySelectorAll('[data-kind="pod"]')).toHaveLength(0);
    const stop = layer.querySelector<HTMLElement>('[role="option"][tabindex="0"]')!;
    stop.focus();
    await fireEvent.focusIn(stop);
    const ring = view.container.querySelector('[data-testid="pod-focus-ring"]');
    expect(ring?.getAttribute('data-key')).toBe(stop.dataset.key);
    await fireEvent.keyDown(stop, { key: 'Enter' });
    expect(selection.selected).toMatchObject({ kind: 'Pod', name: stop.dataset.name });
    expect(selection.tab).toBe('inspector');
    await fireEvent.keyDown(stop, { key: 'w' });
    expect(selection.tab).toBe('whyHere');
    selection.select(null, 'narration');
  });

  it('shows no English UI text in Korean', async () => {
    const { view } = setup();
    setLocale('ko');
    await Promise.resolve();
    const text = view.container.textContent ?? '';
    // Every English catalog string that is UI chrome (not a name) must be gone.
    // Pod states are kubectl's STATUS words (Pending, CrashLoopBackOff…), kept as kubectl prints them.
    for (const key of ['cp.scheduler', 'cp.controllerManager', 'failure.zone', 'toolbar.resetZoom', 'queue.label', 'node.status.Ready', 'legend.label', 'toolbar.hint'] as const) {
      expect(text, key).not.toContain(en[key]);
    }
    expect(text).toContain('스케줄러');
  });
});
