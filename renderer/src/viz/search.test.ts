import { describe, expect, it } from 'vitest';
import { node, pod } from '../testing/fixtures';
import { toNodeViews } from './node-view';
import { toPodViews } from './pod-view';
import { matchRank, searchCluster } from './search';

const objects = [node('minikube'), node('minikube-m02'), node('minikube-m12'), pod('web-abc', { node: 'minikube-m02' }), pod('api-web', { node: 'minikube' }), pod('web', { node: 'minikube-m12' }), pod('queued-web')];
const nodes = toNodeViews(objects);
const pods = toPodViews(objects);

describe('search by name', () => {
  it('ranks the exact name, then prefixes, then substrings, ignoring case and spaces', () => {
    expect(matchRank('web', 'web')).toBe(0);
    expect(matchRank('web-abc', 'web')).toBe(1);
    expect(matchRank('api-web', 'web')).toBe(2);
    expect(matchRank('api', 'web')).toBe(-1);
    const found = searchCluster('  WEB ', nodes, pods);
    expect(found.hits.map((h) => h.name)).toEqual(['web', 'web-abc', 'api-web', 'queued-web']);
    expect(found.total).toBe(4);
  });

  it('finds nodes and pods, with where to zoom', () => {
    const found = searchCluster('m02', nodes, pods);
    expect(found.hits).toEqual([{ kind: 'Node', name: 'minikube-m02', node: 'minikube-m02' }]);
    const pod = searchCluster('web-abc', nodes, pods).hits[0];
    expect(pod).toEqual({ kind: 'Pod', name: 'web-abc', namespace: 'default', key: 'default/web-abc', node: 'minikube-m02' });
    expect(searchCluster('queued', nodes, pods).hits[0]).not.toHaveProperty('node');
  });

  it('keeps only the best few of many matches, but counts them all', () => {
    const many = toPodViews(Array.from({ length: 500 }, (_, i) => pod(`big-${String(i).padStart(3, '0')}`, { node: 'minikube' })));
    const found = searchCluster('big-', [], many, 3);
    expect(found.total).toBe(500);
    expect(found.hits.map((h) => h.name)).toEqual(['big-000', 'big-001', 'big-002']);
    expect(searchCluster('', nodes, pods)).toEqual({ hits: [], total: 0 });
    expect(searchCluster('web', nodes, pods, 0).hits).toEqual([]);
  });
});
