import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/objects';
import { refusal } from '../testkit';
import { applyConfiguration, decodeManagedFields, managedFieldsAfterUpdate, type ManagedFieldsEntry } from './managed-fields';
import { FieldSet, fromFieldsV1, pathString, toFieldsV1 } from './managed-fields-set';
import { rootShape } from './managed-fields-schema';
import { compare, merge, toFieldSet } from './managed-fields-typed';

const T1 = '2026-01-01T00:00:00Z';
const T2 = '2026-01-01T00:01:00Z';

function deployment(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', ...metadata }, spec };
}

const podTemplate = (containers: unknown[]) => ({ metadata: { labels: { app: 'web' } }, spec: { containers } });

function apply(live: KubeObject | undefined, config: KubeObject, manager: string, force = false, time = T1): KubeObject {
  return applyConfiguration({ live, config, manager, force, subresource: '', hasStatus: true, time }).object;
}

function entries(object: KubeObject): ManagedFieldsEntry[] {
  return (object.metadata.managedFields ?? []) as ManagedFieldsEntry[];
}


describe('FieldsV1', () => {
  it('encodes members with children as "." and round-trips', () => {
    const set = FieldSet.of(['f:metadata', 'f:labels'], ['f:metadata', 'f:labels', 'f:app'], ['f:spec', 'f:replicas']);
    const encoded = toFieldsV1(set);
    expect(encoded).toEqual({ 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } });
    expect(fromFieldsV1(encoded).equals(set)).toBe(true);
  });

  it('refuses what is not FieldsV1', () => {
    expect(() => fromFieldsV1({ spec: {} })).toThrow(/unknown path element/);
    expect(() => fromFieldsV1({ 'f:spec': 1 })).toThrow();
  });

  it('prints paths as fieldpath.Path.String does', () => {
    expect(pathString(['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"nginx"}', 'f:image'])).toBe('.spec.template.spec.containers[name="nginx"].image');
    expect(pathString(['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}'])).toBe('.spec.ports[port=80,protocol="TCP"]');
    expect(pathString(['f:metadata', 'f:finalizers', 'v:"a"'])).toBe('.metadata.finalizers[="a"]');
  });
});

describe('toFieldSet', () => {
  it('gives the Apply entry the server-side apply docs show for a Deployment', () => {
    const config = deployment({ replicas: 3, selector: { matchLabels: { app: 'web' } }, template: podTemplate([{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }]) });
    const applied = apply(undefined, config, 'kubectl');
    expect(entries(applied)).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: T1,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it('matches the ConfigMap example of the server-side apply documentation', () => {
    const config: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'test-cm', namespace: 'default', labels: { 'test-label': 'test' } }, data: { key: 'some value' } };
    const applied = applyConfiguration({ live: undefined, config, manager: 'kubectl', force: false, subresource: '', hasStatus: false, time: '2010-10-10T00:00:00Z' }).object;
    expect(applied.metadata.managedFields).toEqual([
      { manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: '2010-10-10T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:key': {} }, 'f:metadata': { 'f:labels': { 'f:test-label': {} } } } },
    ]);
  });

  it('guesses list keys and well-known models for kinds the generated schema lacks', () => {
    const config: KubeObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'db' } }, template: podTemplate([{ name: 'db', image: 'postgres', ports: [{ containerPort: 5432 }] }]) } };
    const set = toFieldSet(config, rootShape('apps/v1', 'StatefulSet'));
    expect(toFieldsV1(set)).toEqual({
      'f:apiVersion': {},
      'f:kind': {},
      'f:metadata': { 'f:name': {}, 'f:namespace': {} },
      'f:spec': {
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"db"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":5432,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } },
        },
      },
    });
  });

  it('keys sets by value and keeps atomic lists whole (SMD tofieldset tests)', () => {
    const shape = rootShape('v1', 'Pod');
    const set = toFieldSet({ metadata: { finalizers: ['a', 'b'] }, spec: { containers: [{ name: 'c', args: ['x', 'y'] }] } }, shape);
    expect(set.has(['f:metadata', 'f:finalizers', 'v:"a"'])).toBe(true);
    expect(set.has(['f:spec', 'f:containers', 'k:{"name":"c"}', 'f:args'])).toBe(true);
    expect(set.has(['f:spec', 'f:containers', 'k:{"name":"c"}', 'f:args', 'i:0'])).toBe(false);
  });
});

describe('Update entries', () => {
  it('marks with "." only what a create added to a zero-valued object', () => {
    const next = deployment({
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: podTemplate([{ name: 'nginx', image: 'nginx', resources: {} }]),
    }, { labels: { app: 'web' } });
    const result = managedFieldsAfterUpdate({ old: undefined, next, manager: 'kubectl-create', subresource: '', hasStatus: true, time: T1 })!;
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: T1 });
    const v1 = result[0]!.fieldsV1 as Record<string, Record<string, Record<string, unknown>>>;
    expect(v1['f:metadata']).toEqual({ 'f:labels': { '.': {}, 'f:app': {} } });
    expect(v1['f:spec']!['f:strategy']).toEqual({ 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} });
    expect(v1['f:spec']!['f:selector']).toEqual({});
    expect(v1['f:spec']!['f:template']).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:resources': {} } } },
    });
  });

  it('takes changed fields from other managers and keeps the client-sent entries only when valid', () => {
    const created = { ...deployment({ replicas: 1 }) };
    created.metadata.managedFields = managedFieldsAfterUpdate({ old: undefined, next: created, manager: 'kubectl-create', subresource: '', hasStatus: true, time: T1 });
    const scaled = structuredClone(created);
    (scaled.spec as { replicas: number }).replicas = 5;
    delete scaled.metadata.managedFields;
    const after = managedFieldsAfterUpdate({ old: created, next: scaled, manager: 'kubectl-scale', subresource: 'scale', hasStatus: true, time: T2 })!;
    expect(after.map((e) => [e.manager, e.subresource])).toEqual([['kubectl-scale', 'scale']]);
    // `[{}]` clears them.
    const cleared = { ...created, metadata: { ...created.metadata, managedFields: [{}] } };
    expect(managedFieldsAfterUpdate({ old: created, next: cleared, manager: 'kubectl-patch', subresource: '', hasStatus: true, time: T2 })).toBeUndefined();
    // garbage from a client keeps the stored ones.
    const garbage = { ...created, metadata: { ...created.metadata, managedFields: [{ manager: 'x', operation: 'Bogus' }] } };
    expect(managedFieldsAfterUpdate({ old: created, next: garbage, manager: 'kubectl-edit', subresource: '', hasStatus: true, time: T2 })).toEqual(created.metadata.managedFields);
  });
});

describe('apply', () => {
  const config = (replicas: number, extra: Record<string, unknown> = {}) =>
    deployment({ replicas, selector: { matchLabels: { app: 'web' } }, template: podTemplate([{ name: 'nginx', image: 'nginx' }]), ...extra });

  it('conflicts on a field another manager changed, with the upstream message', () => {
    const applied = apply(undefined, config(3), 'kubectl');
    const scaled = structuredClone(applied);
    (scaled.spec as { replicas: number }).replicas = 5;
    scaled.metadata.managedFields = managedFieldsAfterUpdate({ old: applied, next: scaled, manager: 'kubectl-scale', subresource: 'scale', hasStatus: true, time: T2 });
    const error = refusal(() => apply(scaled, config(3), 'kubectl'));
    expect(error.status.code).toBe(409);
    expect(error.status.reason).toBe('Conflict');
    expect(error.status.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-scale" with subresource "scale" using apps/v1: .spec.replicas');
    expect(error.status.details?.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-scale" with subresource "scale" using apps/v1', field: '.spec.replicas' }]);
    // The same value is no conflict: both share the field.
    const shared = apply(scaled, config(5), 'kubectl');
    const owners = decodeManagedFields(shared.metadata.managedFields)!;
    expect([...owners.values()].filter((m) => m.set.has(['f:spec', 'f:replicas'])).map((m) => m.manager).sort()).toEqual(['kubectl', 'kubectl-scale']);
    // Forcing takes the field.
    const forced = apply(scaled, config(3), 'kubectl', true, T2);
    expect((forced.spec as { replicas: number }).replicas).toBe(3);
    expect(entries(forced).map((e) => e.manager)).toEqual(['kubectl']);
  });

  it('lists several conflicts grouped by manager', () => {
    const first = apply(undefined, config(3, { minReadySeconds: 5 }), 'alice');
    const error = refusal(() => apply(first, config(4, { minReadySeconds: 6 }), 'bob'));
    expect(error.status.message).toBe('Apply failed with 2 conflicts: conflicts with "alice":\n- .spec.minReadySeconds\n- .spec.replicas');
  });

  it('removes fields dropped from the configuration unless another manager owns them', () => {
    const withLabel = deployment({ replicas: 1 }, { labels: { a: '1', b: '2' } });
    const first = apply(undefined, withLabel, 'kubectl');
    const dropped = apply(first, deployment({ replicas: 1 }, { labels: { a: '1' } }), 'kubectl');
    expect(dropped.metadata.labels).toEqual({ a: '1' });
    const other = apply(first, deployment({}, { labels: { b: '2' } }), 'other');
    const kept = apply(other, deployment({ replicas: 1 }, { labels: { a: '1' } }), 'kubectl');
    expect(kept.metadata.labels).toEqual({ a: '1', b: '2' });
  });

  it('merges containers per name across managers and prunes only its own', () => {
    const a = apply(undefined, deployment({ template: podTemplate([{ name: 'app', image: 'app:1' }]) }), 'a');
    const ab = apply(a, deployment({ template: podTemplate([{ name: 'sidecar', image: 'proxy:1', env: [{ name: 'X', value: '1' }] }]) }), 'b');
    const names = () => ((ab.spec as { template: { spec: { containers: { name: string }[] } } }).template.spec.containers.map((c) => c.name));
    expect(names()).toEqual(['app', 'sidecar']);
    const bGone = apply(ab, deployment({ template: podTemplate([]) }), 'b');
    expect((bGone.spec as { template: { spec: { containers: { name: string }[] } } }).template.spec.containers.map((c) => c.name)).toEqual(['app']);
  });

  it('gives the fields of an object without entries to before-first-apply', () => {
    const live = deployment({ replicas: 2, minReadySeconds: 1 });
    live.metadata.uid = 'u';
    const error = refusal(() => apply(live, deployment({ replicas: 3 }), 'kubectl'));
    expect(error.status.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
    const same = apply(live, deployment({ replicas: 2 }), 'kubectl');
    expect(entries(same).map((e) => e.manager)).toEqual(['kubectl', 'before-first-apply']);
  });

  it('merges env by name and ports by containerPort and protocol within one container', () => {
    type C = { env: { name: string; value: string }[]; ports: { containerPort: number; protocol?: string }[] };
    const containers = (o: KubeObject) => (o.spec as { template: { spec: { containers: C[] } } }).template.spec.containers;
    const a = apply(undefined, deployment({ template: podTemplate([{ name: 'app', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] }]) }), 'a');
    const ab = apply(a, deployment({ template: podTemplate([{ name: 'app', env: [{ name: 'B', value: '2' }], ports: [{ containerPort: 80, protocol: 'UDP' }] }]) }), 'b');
    expect(containers(ab)[0]!.env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    expect(containers(ab)[0]!.ports).toEqual([{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }]);
    // Same key, other value: b conflicts with a on that one variable only.
    const error = refusal(() => apply(ab, deployment({ template: podTemplate([{ name: 'app', env: [{ name: 'A', value: '9' }] }]) }), 'b'));
    expect(error.status.message).toBe('Apply failed with 1 conflict: conflict with "a": .spec.template.spec.containers[name="app"].env[name="A"].value');
  });

  it('upgrades from client-side apply: no conflict where live still equals last-applied', () => {
    const lastApplied = JSON.stringify(config(3));
    const live: KubeObject = { ...config(3), metadata: { ...config(3).metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } } };
    live.metadata.managedFields = managedFieldsAfterUpdate({ old: undefined, next: live, manager: 'kubectl-client-side-apply', subresource: '', hasStatus: true, time: T1 });
    const upgraded = apply(live, config(4), 'kubectl');
    expect((upgraded.spec as { replicas: number }).replicas).toBe(4);
    expect(upgraded.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain('"replicas":4');
    // Another manager name gets the conflict.
    expect(refusal(() => apply(live, config(4), 'someone')).status.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
  });
});

describe('merge and compare (structured-merge-diff examples)', () => {
  const shape = rootShape('v1', 'Pod');
  it('unions sets and replaces atomic lists', () => {
    const out = merge({ metadata: { finalizers: ['a', 'b'] }, spec: { tolerations: [{ key: 'x' }] } }, { metadata: { finalizers: ['c', 'a'] }, spec: { tolerations: [{ key: 'y' }] } }, shape) as KubeObject;
    // mergingWalker.visitListItems: the shared item keeps its place, the live-only one stays, the new one is placed before the next shared one.
    expect(out.metadata.finalizers).toEqual(['c', 'a', 'b']);
    expect((out.spec as { tolerations: unknown }).tolerations).toEqual([{ key: 'y' }]);
  });

  it('prunes set members an applier stops applying, keeping those of another applier (SMD multiple appliers)', () => {
    const cm = (finalizers: string[]): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', finalizers } });
    const run = (live: KubeObject | undefined, config: KubeObject, manager: string) => applyConfiguration({ live, config, manager, force: false, subresource: '', hasStatus: false, time: T1 }).object;
    const first = run(undefined, cm(['a', 'b']), 'one');
    expect(run(first, cm(['a', 'c']), 'one').metadata.finalizers).toEqual(['a', 'c']);
    const both = run(first, cm(['x']), 'two');
    expect(both.metadata.finalizers).toEqual(['a', 'b', 'x']);
    expect(run(both, cm([]), 'one').metadata.finalizers).toEqual(['x']);
  });

  it('finds added, modified and removed leaves', () => {
    const diff = compare({ spec: { nodeName: 'a', hostname: 'h' } }, { spec: { nodeName: 'b', subdomain: 's' } }, shape);
    expect(diff.modified.paths()).toEqual([['f:spec', 'f:nodeName']]);
    expect(diff.added.paths()).toEqual([['f:spec', 'f:subdomain']]);
    expect(diff.removed.paths()).toEqual([['f:spec', 'f:hostname']]);
  });
});
