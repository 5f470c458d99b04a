// Spotlights name nodes, pods (by selector or name, default namespace), Services and panels.
import { describe, expect, it } from 'vitest';
import { Spotlights } from './spotlight.svelte';

const pod = (name: string, labels: Record<string, string>, namespace = 'default') => ({ key: `${namespace}/${name}`, name, namespace, labels });

describe('Spotlights', () => {
  it('match pods by label selector, by name, and only in the named namespace (default when omitted)', () => {
    const spots = new Spotlights();
    spots.show([{ target: 'pod', labelSelector: 'app=web,tier!=db' }, { target: 'pod', name: 'solo', namespace: 'tools' }]);
    const pods = [pod('web-1', { app: 'web' }), pod('db-1', { app: 'web', tier: 'db' }), pod('web-2', { app: 'web' }, 'other'), pod('solo', {}, 'tools'), pod('solo', {})];
    expect([...spots.pods(pods)].sort()).toEqual(['default/web-1', 'tools/solo']);
  });

  it('ignore a selector that does not parse instead of lighting everything', () => {
    const spots = new Spotlights();
    spots.show([{ target: 'pod', labelSelector: 'app in (' }]);
    expect(spots.pods([pod('web-1', { app: 'web' })]).size).toBe(0);
  });

  it('match nodes, Services and panels by name, and clear', () => {
    const spots = new Spotlights();
    spots.show([{ target: 'node', name: 'minikube' }, { target: 'service', name: 'web' }, { target: 'panel', panel: 'terminal' }]);
    expect(spots.node('minikube')).toBe(true);
    expect(spots.node('minikube-m02')).toBe(false);
    expect(spots.service('web', 'default')).toBe(true);
    expect(spots.service('web', 'other')).toBe(false);
    expect(spots.panel('terminal')).toBe(true);
    expect(spots.panel('timeline')).toBe(false);
    spots.clear();
    expect(spots.node('minikube')).toBe(false);
  });
});
