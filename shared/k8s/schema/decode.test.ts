// The decoder's error forms, each worded as the real API server's decoder words it.
import { describe, expect, it } from 'vitest';
import { base64ErrorAt, decodeAs } from './decode';

const deployment = (spec: unknown): unknown => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec });

describe('decodeAs', () => {
  it('reports type errors with the holding Go struct, the dotted path and the Go type', () => {
    expect(decodeAs('apps/v1', 'Deployment', deployment({ replicas: '3' }))?.typeError).toBe('json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
    expect(decodeAs('apps/v1', 'Deployment', deployment({ replicas: true }))?.typeError).toBe('json: cannot unmarshal bool into Go struct field DeploymentSpec.spec.replicas of type int32');
    expect(decodeAs('apps/v1', 'Deployment', deployment({ replicas: {} }))?.typeError).toBe('json: cannot unmarshal object into Go struct field DeploymentSpec.spec.replicas of type int32');
    expect(decodeAs('apps/v1', 'Deployment', deployment({ template: { spec: { tolerations: 5 } } }))?.typeError).toBe('json: cannot unmarshal number into Go struct field PodSpec.spec.template.spec.tolerations of type []v1.Toleration');
    expect(decodeAs('v1', 'Pod', { metadata: { ownerReferences: 'x' } })?.typeError).toBe('json: cannot unmarshal string into Go struct field ObjectMeta.metadata.ownerReferences of type []v1.OwnerReference');
    expect(decodeAs('v1', 'Pod', { spec: { topologySpreadConstraints: {} } })?.typeError).toBe('json: cannot unmarshal object into Go struct field PodSpec.spec.topologySpreadConstraints of type []v1.TopologySpreadConstraint');
    expect(decodeAs('v1', 'Node', { spec: { taints: 'x' } })?.typeError).toBe('json: cannot unmarshal string into Go struct field NodeSpec.spec.taints of type []v1.Taint');
    expect(decodeAs('v1', 'Pod', { metadata: { labels: { a: 1 } } })?.typeError).toBe('json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string');
    expect(decodeAs('v1', 'Pod', { spec: { containers: [{ name: 'a', ports: [{ protocol: 5 }] }] } })?.typeErrorPath).toBe('spec.containers[0].ports[0].protocol');
  });

  it('says "number <literal>" when a number does not fit the integer type', () => {
    expect(decodeAs('apps/v1', 'Deployment', deployment({ replicas: 1.5 }))?.typeError).toContain('cannot unmarshal number 1.5 into');
    expect(decodeAs('apps/v1', 'Deployment', deployment({ replicas: 2147483648 }))?.typeError).toContain('number 2147483648 into');
    expect(decodeAs('apps/v1', 'Deployment', deployment({ replicas: 1e308 }), { numberText: () => '1e308' })?.typeError).toContain('number 1e308 into');
    expect(decodeAs('apps/v1', 'Deployment', deployment({ replicas: 3 }))?.typeError).toBeUndefined();
  });

  it('keeps the first type error, but an aborting UnmarshalJSON error wins', () => {
    const result = decodeAs('apps/v1', 'Deployment', deployment({ replicas: 'x', progressDeadlineSeconds: 'y' }));
    expect(result?.typeError).toContain('spec.replicas');
    const aborted = decodeAs('apps/v1', 'Deployment', deployment({ replicas: 'x', strategy: { rollingUpdate: { maxSurge: true } } }));
    expect(aborted?.typeError).toBe('json: cannot unmarshal bool into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32');
  });

  it('parses quantities as resource.ParseQuantity does', () => {
    const pvc = (storage: unknown): unknown => ({ spec: { resources: { requests: { storage } } } });
    const format = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    expect(decodeAs('v1', 'PersistentVolumeClaim', pvc([{}]))?.typeError).toBe(format);
    expect(decodeAs('v1', 'PersistentVolumeClaim', pvc(true))?.typeError).toBe(format);
    expect(decodeAs('v1', 'PersistentVolumeClaim', pvc('lots'))?.typeError).toBe(format);
    expect(decodeAs('v1', 'PersistentVolumeClaim', pvc('5ii'))?.typeError).toBe("unable to parse quantity's suffix");
    expect(decodeAs('v1', 'PersistentVolumeClaim', pvc('1Gi'))?.typeError).toBeUndefined();
    expect(decodeAs('v1', 'PersistentVolumeClaim', pvc(5))?.typeError).toBeUndefined();
    expect(decodeAs('v1', 'PersistentVolumeClaim', { spec: { resources: { requests: 'x' } } })?.typeError).toContain('of type v1.ResourceList');
  });

  it('accepts IntOrString as an integer or string, Time as RFC 3339 or null, and null anywhere', () => {
    const ru = (maxSurge: unknown): unknown => deployment({ strategy: { rollingUpdate: { maxSurge } } });
    expect(decodeAs('apps/v1', 'Deployment', ru('25%'))?.typeError).toBeUndefined();
    expect(decodeAs('apps/v1', 'Deployment', ru(1))?.typeError).toBeUndefined();
    expect(decodeAs('apps/v1', 'Deployment', ru(1.5))?.typeError).toContain('number 1.5 into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32');
    expect(decodeAs('v1', 'Pod', { metadata: { creationTimestamp: '2024-01-02T03:04:05Z', deletionTimestamp: null } })?.typeError).toBeUndefined();
    expect(decodeAs('v1', 'Pod', { metadata: { creationTimestamp: 'yesterday' } })?.typeError).toBe('parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"');
    expect(decodeAs('v1', 'Pod', { metadata: { creationTimestamp: 5 } })?.typeError).toBe('json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string');
    expect(decodeAs('v1', 'Pod', { spec: null, metadata: { labels: null } })?.typeError).toBeUndefined();
  });

  it('finds unknown fields at any depth with indexed paths', () => {
    const result = decodeAs('v1', 'Pod', { metadata: { name: 'p', labelz: {} }, spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y', foo: 1 }], specz: 1 }, extra: 1 });
    expect(result?.unknownFields).toEqual(['metadata.labelz', 'spec.containers[1].foo', 'spec.specz', 'extra']);
  });

  it('collects enum violations and missing required fields for validation', () => {
    const result = decodeAs('v1', 'Pod', { spec: { restartPolicy: 'Sometimes', containers: [{ image: 'x', imagePullPolicy: 'Maybe' }] } });
    expect(result?.enumViolations.map((v) => `${v.path}=${v.value}`)).toEqual(['spec.restartPolicy=Sometimes', 'spec.containers[0].imagePullPolicy=Maybe']);
    expect(result?.missingFields).toEqual([{ path: 'spec.containers[0].name', key: 'V1Container.name' }]);
  });

  it('counts nulls, and with pruneNulls drops null fields and zeroes null map values and list items as Go does', () => {
    const pod = { metadata: { labels: { a: null }, annotations: null }, spec: { containers: [{ name: 'c', args: ['x', null], ports: [null] }], overhead: { cpu: null } } };
    expect(decodeAs('v1', 'Pod', pod)?.nulls).toBe(5);
    expect(pod.metadata.annotations).toBeNull();
    decodeAs('v1', 'Pod', pod, { pruneNulls: true });
    expect(pod).toEqual({ metadata: { labels: { a: '' } }, spec: { containers: [{ name: 'c', args: ['x', ''], ports: [{}] }], overhead: { cpu: '0' } } });
  });

  it('names the enum field each violation is for', () => {
    expect(decodeAs('apps/v1', 'Deployment', deployment({ strategy: { type: 'BlueGreen' } }))?.enumViolations).toEqual([{ path: 'spec.strategy.type', key: 'V1DeploymentStrategy.type', value: 'BlueGreen', values: ['Recreate', 'RollingUpdate'] }]);
  });

  it('checks Secret data as base64', () => {
    expect(decodeAs('v1', 'Secret', { data: { a: 'aGVsbG8=' } })?.typeError).toBeUndefined();
    expect(decodeAs('v1', 'Secret', { data: { a: 'abc' } })?.typeError).toBe('illegal base64 data at input byte 0');
    expect(base64ErrorAt('ab$d')).toBe(2);
  });
});
