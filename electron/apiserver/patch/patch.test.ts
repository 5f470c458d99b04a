import { describe, expect, it } from 'vitest';
import { JsonPatchError, jsonPatch } from './json-patch';
import { mergePatch } from './merge-patch';
import { strategicMergePatch } from './strategic-merge';

const deployment = {
  metadata: { name: 'web', annotations: { a: '1' }, labels: { app: 'web' } },
  spec: {
    replicas: 2,
    paused: true,
    template: {
      spec: {
        containers: [
          { name: 'main', image: 'nginx:1.25', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, protocol: 'TCP' }] },
          { name: 'side', image: 'busybox' },
        ],
      },
    },
  },
};

describe('strategic merge patch', () => {
  it('applies the patch kubectl apply sends: $setElementOrder, merge by name, $patch: delete', () => {
    const patch = {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'main' }, { name: 'side' }],
            containers: [{ '$setElementOrder/env': [{ name: 'A' }, { name: 'C' }], env: [{ name: 'C', value: '3' }, { $patch: 'delete', name: 'B' }], image: 'nginx:1.26', name: 'main' }],
          },
        },
      },
    };
    const result = strategicMergePatch(deployment, patch);
    const main = result.spec.template.spec.containers[0]!;
    expect(main.image).toBe('nginx:1.26');
    expect(main.env).toEqual([{ name: 'A', value: '1' }, { name: 'C', value: '3' }]);
    expect(main.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(result.spec.template.spec.containers[1]).toEqual({ name: 'side', image: 'busybox' });
    expect(deployment.spec.template.spec.containers[0]!.image).toBe('nginx:1.25');
  });
  it('reorders with $setElementOrder', () => {
    const result = strategicMergePatch(deployment, { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'main' }], containers: [{ name: 'side', image: 'busybox:2' }] } } } });
    expect(result.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['side=busybox:2', 'main=nginx:1.25']);
  });
  it('deletes keys set to null (rollout resume, uncordon)', () => {
    const result = strategicMergePatch(deployment, { spec: { paused: null }, metadata: { annotations: { a: null, b: '2' } } });
    expect('paused' in result.spec).toBe(false);
    expect(result.metadata.annotations).toEqual({ b: '2' });
  });
  it('merges service ports by port and container ports by containerPort', () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] } };
    const r = strategicMergePatch(svc, { spec: { '$setElementOrder/ports': [{ port: 80 }, { port: 443 }], ports: [{ port: 80, targetPort: 9090 }] } });
    expect(r.spec.ports).toEqual([{ port: 80, targetPort: 9090 }, { port: 443, targetPort: 8443 }]);
    const c = strategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ name: 'main', ports: [{ containerPort: 80, name: 'http' }] }] } } } });
    expect(c.spec.template.spec.containers[0]!.ports).toEqual([{ containerPort: 80, protocol: 'TCP', name: 'http' }]);
  });
  it('replaces a whole list or map with $patch: replace', () => {
    const r = strategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } } } });
    expect(r.spec.template.spec.containers).toEqual([{ name: 'only', image: 'x' }]);
    const m = strategicMergePatch(deployment, { metadata: { labels: { $patch: 'replace', tier: 'fe' } } });
    expect(m.metadata.labels).toEqual({ tier: 'fe' });
  });
  it('honours $retainKeys and $deleteFromPrimitiveList', () => {
    const obj = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } }, metadata: { finalizers: ['a', 'b', 'c'] } };
    const r = strategicMergePatch(obj, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } }, metadata: { '$deleteFromPrimitiveList/finalizers': ['b'] } });
    expect(r.spec.strategy).toEqual({ type: 'Recreate' });
    expect(r.metadata.finalizers).toEqual(['a', 'c']);
  });
  it('replaces lists without a merge key (args, tolerations)', () => {
    const obj = { spec: { args: ['a', 'b'] } };
    expect(strategicMergePatch(obj, { spec: { args: ['c'] } }).spec.args).toEqual(['c']);
  });
});

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects, deletes nulls and replaces arrays', () => {
    expect(mergePatch({ a: 'b', c: { d: 'e', f: 'g' }, l: [1, 2] }, { a: 'z', c: { f: null }, l: [3] })).toEqual({ a: 'z', c: { d: 'e' }, l: [3] });
    expect(mergePatch({ metadata: { labels: { env: 'prod', app: 'x' } } }, { metadata: { labels: { env: null } } })).toEqual({ metadata: { labels: { app: 'x' } } });
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies add, remove, replace, move, copy and test', () => {
    const doc = { spec: { template: { a: 1 }, list: [1, 2] }, metadata: { annotations: { x: 'y' } } };
    const result = jsonPatch(doc, [
      { op: 'replace', path: '/spec/template', value: { b: 2 } },
      { op: 'add', path: '/spec/list/-', value: 3 },
      { op: 'add', path: '/spec/list/0', value: 0 },
      { op: 'remove', path: '/spec/list/1' },
      { op: 'copy', from: '/metadata/annotations', path: '/metadata/labels' },
      { op: 'move', from: '/metadata/annotations/x', path: '/metadata/annotations/z~1w' },
      { op: 'test', path: '/spec/template/b', value: 2 },
    ]);
    expect(result).toEqual({ spec: { template: { b: 2 }, list: [0, 2, 3] }, metadata: { annotations: { 'z/w': 'y' }, labels: { x: 'y' } } });
    expect(doc.spec.list).toEqual([1, 2]);
  });
  it('fails on a failed test or a missing path', () => {
    expect(() => jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(JsonPatchError);
    expect(() => jsonPatch({ a: 1 }, [{ op: 'remove', path: '/b' }])).toThrow(JsonPatchError);
    expect(() => jsonPatch({ a: [] }, [{ op: 'replace', path: '/a/3', value: 1 }])).toThrow(JsonPatchError);
  });
});
