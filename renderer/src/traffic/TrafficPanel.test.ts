// The traffic panel as a component: pick a Service, start and stop its load generator, see the
// sparkline, the per-pod counters and the host URLs.
import { fireEvent, render } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { KubelabClient } from '../../../shared/ipc/contract';
import type { KubeObject } from '../../../shared/k8s/objects';
import type { TrafficState } from '../../../shared/ipc/services/traffic';
import TrafficPanel from './TrafficPanel.svelte';
import { TrafficView } from './traffic-view.svelte';

const svc = (namespace: string, name: string, selector?: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { namespace, name }, spec: selector ? { selector } : {} });

function setup() {
  const calls: unknown[] = [];
  let state: TrafficState = { generators: [], listeners: [{ namespace: 'default', name: 'web', kind: 'nodePort', wanted: 31000, port: 40123, url: 'http://127.0.0.1:40123' }], tunnel: false };
  const client = {
    state: async () => state,
    start: async (a: { namespace: string; name: string; rate: number }) => (calls.push(['start', a]), (state = { ...state, generators: [{ ...a, clients: 50, running: true }] })),
    stop: async (a: object) => (calls.push(['stop', a]), (state = { ...state, generators: state.generators.map((g) => ({ ...g, running: false })) })),
    setRate: async (a: object) => (calls.push(['setRate', a]), state),
    setTunnel: async () => state,
    onFrame: () => () => undefined,
    onChanged: () => () => undefined,
  } as unknown as KubelabClient['traffic'];
  const view = new TrafficView(client);
  view.state = state;
  const objects = [svc('default', 'kubernetes'), svc('default', 'web', { app: 'web' }), svc('kube-system', 'kube-dns', { 'k8s-app': 'kube-dns' })];
  const errors: unknown[] = [];
  const screen = render(TrafficPanel, { view, objects, onerror: (e: unknown) => errors.push(e) });
  return { view, calls, screen, errors };
}

describe('TrafficPanel', () => {
  it('starts and stops a load generator on the chosen Service', async () => {
    const { calls, screen } = setup();
    const select = screen.getByTestId('traffic-service') as HTMLSelectElement;
    // Services without a selector (the API server's `kubernetes`) cannot be load-tested; user Services come first.
    expect([...select.options].map((o) => o.value)).toEqual(['default/web', 'kube-system/kube-dns']);
    expect(select.value).toBe('default/web');
    await fireEvent.input(screen.getByTestId('traffic-rate'), { target: { value: '75' } });
    await fireEvent.click(screen.getByTestId('traffic-toggle'));
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual([['start', { namespace: 'default', name: 'web', rate: 75 }]]);
    expect(screen.getByTestId('traffic-toggle').textContent).toMatch(/Stop/);
    await fireEvent.click(screen.getByTestId('traffic-toggle'));
    await new Promise((r) => setTimeout(r, 0));
    expect(calls[1]).toEqual(['stop', { namespace: 'default', name: 'web' }]);
    expect(screen.getByTestId('traffic-listener').getAttribute('data-url')).toBe('http://127.0.0.1:40123');
    expect(screen.getByTestId('traffic-listener').textContent).toContain('31000');
  });

  it('shows a sparkline per Service and counters per pod from frames', async () => {
    const { view, screen } = setup();
    view.receive({
      fromMs: 0,
      toMs: 1000,
      services: [{ namespace: 'default', name: 'web', requests: 40, errors: 2, rate: 40, p50Ms: 1, p95Ms: 2.5 }],
      pods: [
        { namespace: 'default', name: 'web-a', requests: 25, errors: 2, total: 25, version: 'v1' },
        { namespace: 'default', name: 'web-b', requests: 15, errors: 0, total: 15, version: 'v2' },
      ],
      samples: [],
    });
    await new Promise((r) => setTimeout(r, 0));
    const spark = screen.getByTestId('traffic-spark');
    expect(spark.getAttribute('aria-label')).toBe('default/web: 40 requests/s, 2 errors/s, p95 2.5 ms');
    const counters = screen.getAllByTestId('pod-counter');
    expect(counters.map((c) => [c.getAttribute('data-pod'), c.getAttribute('data-total')])).toEqual([['web-a', '25'], ['web-b', '15']]);
    expect(counters[0]!.textContent).toContain('✕2');
  });
});
