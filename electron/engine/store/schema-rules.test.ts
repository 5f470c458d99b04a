// Required fields and enum values from the schema, worded as upstream validation words them, and
// nulls pruned on the store's own path as the API server's decode into Go structs prunes them.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/objects';
import { SCHEMA_TYPES } from '../../../shared/k8s/schema/types.generated';
import { engine, refusal, USER } from '../testkit';
import { ENFORCED_REQUIRED } from './schema-rules';

const quiet = () => engine({ nodes: 1, systemPods: false, settleMs: 0 });


const pod = (spec: Record<string, unknown>, name = 'p'): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec });
const deployment = (spec: Record<string, unknown>, template: Record<string, unknown> = { containers: [{ name: 'c', image: 'nginx' }] }): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: template }, ...spec },
});

describe('required fields and enums from the schema', () => {
  it('names only fields the schema has and marks required', () => {
    for (const key of Object.keys(ENFORCED_REQUIRED)) {
      const [model, field] = key.split('.') as [string, string];
      expect(SCHEMA_TYPES[model]?.r, key).toContain(field);
    }
  });

  it('refuses a pod without containers and a bad restartPolicy with upstream wording and reasons', () => {
    const e = quiet();
    const err = refusal(() => e.store.create('Pod', pod({ restartPolicy: 'Sometimes' }), USER));
    expect(err.status.code).toBe(422);
    expect(err.status.message).toBe('Pod "p" is invalid: [spec.containers: Required value, spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"]');
    expect(err.status.details?.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' },
      { reason: 'FieldValueNotSupported', message: 'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"', field: 'spec.restartPolicy' },
    ]);
  });

  it('reports container-level enums and required names at their indexed paths, once', () => {
    const e = quiet();
    const err = refusal(() => e.store.create('Pod', pod({ containers: [{ image: 'nginx', imagePullPolicy: 'Sometimes', ports: [{ containerPort: 80, protocol: 'QUIC' }] }] }), USER));
    expect(err.status.details?.causes?.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.containers[0].name: Required value',
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      'spec.containers[0].ports[0].protocol: Unsupported value: "QUIC": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  it('does not require what defaulting fills in (strategy, imagePullPolicy, restartPolicy, even as "")', () => {
    const e = quiet();
    const created = e.store.create('Deployment', deployment({}, { restartPolicy: '', containers: [{ name: 'c', image: 'nginx:1.27', imagePullPolicy: '' }] }), USER);
    const spec = created.spec as { strategy: { type: string }; template: { spec: { restartPolicy: string; containers: { imagePullPolicy: string }[] } } };
    expect(spec.strategy.type).toBe('RollingUpdate');
    expect(spec.template.spec.restartPolicy).toBe('Always');
    expect(spec.template.spec.containers[0]!.imagePullPolicy).toBe('IfNotPresent');
  });

  it('gives a Deployment template both restartPolicy errors, in upstream order', () => {
    const e = quiet();
    const err = refusal(() => e.store.create('Deployment', deployment({}, { restartPolicy: 'x', containers: [{ name: 'c', image: 'nginx' }] }), USER));
    expect(err.status.details?.causes?.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "x": supported values: "Always", "OnFailure", "Never"',
      'spec.template.spec.restartPolicy: Unsupported value: "x": supported values: "Always"',
    ]);
  });

  it('refuses negative replicas, a missing selector, an unknown strategy type and a bad selector operator', () => {
    const e = quiet();
    expect(refusal(() => e.store.create('Deployment', deployment({ replicas: -1 }), USER)).status.message).toBe('Deployment.apps "d" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    const noSelector = deployment({});
    delete (noSelector.spec as Record<string, unknown>).selector;
    expect(refusal(() => e.store.create('Deployment', noSelector, USER)).status.details?.causes?.[0]).toEqual({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' });
    expect(refusal(() => e.store.create('Deployment', deployment({ strategy: { type: 'BlueGreen' } }), USER)).status.message).toBe(
      'Deployment.apps "d" is invalid: spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
    );
    const op = deployment({ selector: { matchLabels: { app: 'd' }, matchExpressions: [{ key: 'app', operator: 'Is', values: ['d'] }] } });
    expect(refusal(() => e.store.create('Deployment', op, USER)).status.details?.causes).toContainEqual({ reason: 'FieldValueInvalid', message: 'Invalid value: "Is": not a valid selector operator', field: 'spec.selector.matchExpressions[0].operator' });
  });

  it('lets every bootstrap and controller object through (a settled cluster has its system pods)', () => {
    const e = engine({ nodes: 2, settleMs: 20_000 });
    expect(e.store.list('Pod', {}).items.length).toBeGreaterThan(0);
  });
});

describe('nulls on the store path', () => {
  it('drops null fields and turns null map values and list items into zero values, as Go does', () => {
    const e = quiet();
    const input = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'n', labels: { a: null }, annotations: null }, spec: { nodeSelector: { zone: null }, containers: [{ name: 'c', image: 'nginx', command: ['sh', null], workingDir: null }] }, status: null } as unknown as KubeObject;
    const stored = e.store.create('Pod', input, USER);
    expect(stored.metadata.labels).toEqual({ a: '' });
    expect('annotations' in stored.metadata).toBe(false);
    const spec = stored.spec as { nodeSelector: Record<string, string>; containers: Record<string, unknown>[] };
    expect(spec.nodeSelector).toEqual({ zone: '' });
    expect(spec.containers[0]!.command).toEqual(['sh', '']);
    expect('workingDir' in spec.containers[0]!).toBe(false);
    // The caller's object is not changed.
    expect(input.metadata.labels).toEqual({ a: null });
  });

  it('answers a pod with spec: null (pruned, so no spec at all) with 422, not a crash', () => {
    const e = quiet();
    const err = refusal(() => e.store.create('Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nospec' }, spec: null } as unknown as KubeObject, USER));
    expect(err.status.message).toBe('Pod "nospec" is invalid: spec.containers: Required value');
  });

  it('prunes nulls on update too', () => {
    const e = quiet();
    e.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } }, USER);
    const updated = e.store.update('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: null }, data: { a: null } } as unknown as KubeObject, USER);
    expect(updated.data).toEqual({ a: '' });
    expect('labels' in updated.metadata).toBe(false);
  });
});
