// Request bodies decoded as the real API server decodes them, through HTTP on the real engine:
// wrongly typed objects are refused with 400 and nothing is stored; fieldValidation modes; parsing
// stays linear for huge bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/api';
import { createEngine } from '../engine/index';
import { startHarness, type Harness } from './testing/harness';

let engine: Engine;
let h: Harness;

const podSpec = { containers: [{ name: 'c', image: 'nginx' }] };
const pod = (extra: Record<string, unknown> = {}, spec: Record<string, unknown> = podSpec): unknown => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...extra }, spec });
const deploy = (spec: Record<string, unknown>): unknown => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: podSpec }, ...spec },
});

const BAD: [string, string, unknown, string][] = [
  ['pod ownerReferences', '/api/v1/namespaces/default/pods', pod({ ownerReferences: 'x' }), 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ObjectMeta.metadata.ownerReferences of type []v1.OwnerReference'],
  ['pod topologySpreadConstraints', '/api/v1/namespaces/default/pods', pod({}, { ...podSpec, topologySpreadConstraints: {} }), 'of type []v1.TopologySpreadConstraint'],
  ['deployment tolerations', '/apis/apps/v1/namespaces/default/deployments', deploy({ template: { metadata: { labels: { app: 'd' } }, spec: { ...podSpec, tolerations: 5 } } }), 'Go struct field PodSpec.spec.template.spec.tolerations of type []v1.Toleration'],
  ['deployment progressDeadlineSeconds', '/apis/apps/v1/namespaces/default/deployments', deploy({ progressDeadlineSeconds: 'x' }), 'cannot unmarshal string into Go struct field DeploymentSpec.spec.progressDeadlineSeconds of type int32'],
  ['replicas 1.5', '/apis/apps/v1/namespaces/default/deployments', deploy({ replicas: 1.5 }), 'number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32'],
  ['replicas 1e308', '/apis/apps/v1/namespaces/default/deployments', '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":1e308}}', 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 1e308 into Go struct field DeploymentSpec.spec.replicas of type int32'],
  ['replicas "3"', '/apis/apps/v1/namespaces/default/deployments', deploy({ replicas: '3' }), 'cannot unmarshal string into'],
  ['replicas true', '/apis/apps/v1/namespaces/default/deployments', deploy({ replicas: true }), 'cannot unmarshal bool into'],
  ['replicas {}', '/apis/apps/v1/namespaces/default/deployments', deploy({ replicas: {} }), 'cannot unmarshal object into'],
  ['pvc storage', '/api/v1/namespaces/default/persistentvolumeclaims', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: [{}] } } } }, "PersistentVolumeClaim in version \"v1\" cannot be handled as a PersistentVolumeClaim: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ['node taints', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { taints: 'x' } }, 'cannot unmarshal string into Go struct field NodeSpec.spec.taints of type []v1.Taint'],
];

describe('decoding request bodies on the real engine', () => {
  beforeAll(async () => {
    engine = createEngine({ seed: 5, nodes: 1 });
    engine.advance(5_000);
    h = await startHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
    engine?.dispose();
  });

  for (const [name, path, body, message] of BAD) {
    it(`refuses ${name} with 400 and stores nothing`, async () => {
      const rv = engine.store.currentResourceVersion();
      const r = await h.request('POST', path, { body });
      expect(r.status).toBe(400);
      expect(r.json()).toMatchObject({ kind: 'Status', code: 400, reason: 'BadRequest' });
      expect(r.json<{ message: string }>().message).toContain(message);
      expect(engine.store.currentResourceVersion()).toBe(rv);
    });
  }

  it('decodes the patched result of every patch type', async () => {
    expect((await h.request('POST', '/apis/apps/v1/namespaces/default/deployments', { body: deploy({ replicas: 1 }) })).status).toBe(201);
    const rv = engine.store.currentResourceVersion();
    const url = '/apis/apps/v1/namespaces/default/deployments/d';
    for (const [contentType, body] of [
      ['application/merge-patch+json', { spec: { replicas: 'x' } }],
      ['application/strategic-merge-patch+json', { spec: { replicas: 'x' } }],
      ['application/json-patch+json', [{ op: 'replace', path: '/spec/replicas', value: 'x' }]],
      ['application/apply-patch+yaml', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 'x' } }],
    ] as const) {
      const r = await h.request('PATCH', `${url}?fieldManager=t`, { body, contentType });
      expect(r.status, contentType).toBe(400);
    }
    expect((await h.request('PUT', url, { body: deploy({ replicas: 'x' }) })).status).toBe(400);
    expect(engine.store.currentResourceVersion()).toBe(rv);
    await h.request('DELETE', url);
  });

  it('applies fieldValidation Strict, Warn and Ignore to unknown and duplicate fields', async () => {
    const body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fv","name":"fv"},"data":{"a":"b"},"datas":{}}';
    const strict = await h.request('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', { body });
    expect(strict.status).toBe(400);
    expect(strict.json<{ message: string }>().message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "metadata.name", unknown field "datas"');
    const warn = await h.request('POST', '/api/v1/namespaces/default/configmaps', { body });
    expect(warn.status).toBe(201);
    expect(warn.headers.warning).toBe('299 - "duplicate field \\"metadata.name\\"", 299 - "unknown field \\"datas\\""');
    await h.request('DELETE', '/api/v1/namespaces/default/configmaps/fv');
    const ignore = await h.request('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Ignore', { body });
    expect(ignore.status).toBe(201);
    expect(ignore.headers.warning).toBeUndefined();
    await h.request('DELETE', '/api/v1/namespaces/default/configmaps/fv');
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fy\ndata:\n  a: "1"\n  a: "2"\n';
    const strictYaml = await h.request('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', { body: yaml, contentType: 'application/yaml' });
    expect(strictYaml.json<{ message: string }>().message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: error converting YAML to JSON: yaml: unmarshal errors:\n  line 7: key "a" already set in map');
  });

  it('sends an unknown field named in Korean as a UTF-8 Warning', async () => {
    const r = await h.request('POST', '/api/v1/namespaces/default/pods', { body: pod({ name: 'hangul' }, { ...podSpec, 이름: 'x' }) });
    expect(r.status).toBe(201);
    expect(Buffer.from(String(r.headers.warning), 'latin1').toString('utf8')).toBe('299 - "unknown field \\"spec.이름\\""');
  });

  it('parses 100,000-key YAML and JSON bodies in linear time', async () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}`);
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big-yaml\ndata:\n${keys.map((k) => `  ${k}: v`).join('\n')}\n`;
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big-json' }, data: Object.fromEntries(keys.map((k) => [k, 'v'])) });
    // The yaml package's document parser costs ~20 µs per key even without its quadratic
    // duplicate check, so YAML gets a looser bound than JSON (it took ~105 s before).
    for (const [body, contentType, limit] of [[yaml, 'application/yaml', 8000], [json, 'application/json', 2000]] as const) {
      const started = performance.now();
      const r = await h.request('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', { body, contentType });
      expect(r.status).toBe(201);
      expect(performance.now() - started).toBeLessThan(limit);
    }
  });
});
