/**
 * The object store against the API server's behaviour: metadata, defaulting, validation causes,
 * error wording, optimistic concurrency, no-op suppression, selectors, watches (resume, synthetic
 * ADDED, 410), Service IP/nodePort allocation, graceful deletion, finalizers and cascades.
 */
import { describe, expect, it } from 'vitest';
import type { Deployment, KubeObject, Pod, Service } from '../../../shared/k8s/objects';
import type { WatchEvent } from '../api';
import { createDeployment, deployment, engine, get, podsOf, refusal, until, USER } from '../testkit';

const fail = refusal;

const quiet = () => engine({ nodes: 1, systemPods: false, settleMs: 1000 });

describe('metadata and defaulting', () => {
  it('fills metadata and Deployment defaults', () => {
    const e = quiet();
    const before = Number(e.store.currentResourceVersion());
    const d = createDeployment(e, deployment('web', 'nginx'));
    expect(Number(d.metadata.resourceVersion)).toBe(before + 1);
    expect(d.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(d.metadata.generation).toBe(1);
    expect(d.metadata.creationTimestamp).toBe('2026-01-01T00:00:01Z');
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    const c = d.spec.template.spec.containers[0]!;
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.terminationMessagePath).toBe('/dev/termination-log');
    expect(d.spec.template.spec).toMatchObject({ restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' });
  });

  it('defaults pods with tolerations and resets status on create', () => {
    const e = quiet();
    const p = e.store.create('Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'x', image: 'nginx:1.27' }] }, status: { phase: 'Running' } } as KubeObject, USER) as Pod;
    expect(p.status.phase).toBe('Pending');
    expect(p.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(p.spec.containers[0]!.imagePullPolicy).toBe('IfNotPresent');
  });

  it('generates names and bumps generation only on spec changes', () => {
    const e = quiet();
    const p = e.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '', generateName: 'cfg-' }, data: { a: '1' } } as KubeObject, USER);
    expect(p.metadata.name).toMatch(/^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const d = createDeployment(e, deployment('web', 'nginx'));
    const relabeled = e.store.update('Deployment', { ...d, metadata: { ...d.metadata, labels: { app: 'web', x: 'y' } } }, USER) as Deployment;
    expect(relabeled.metadata.generation).toBe(1);
    const scaled = e.store.update('Deployment', { ...relabeled, spec: { ...relabeled.spec, replicas: 3 } }, USER) as Deployment;
    expect(scaled.metadata.generation).toBe(2);
  });

  it('suppresses no-op writes', () => {
    const e = quiet();
    const cm = e.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } } as KubeObject, USER);
    const rv = e.store.currentResourceVersion();
    const again = e.store.update('ConfigMap', cm, USER);
    expect(again.metadata.resourceVersion).toBe(cm.metadata.resourceVersion);
    expect(e.store.currentResourceVersion()).toBe(rv);
  });
});

describe('errors', () => {
  it('words 404, 409 and conflicts as upstream', () => {
    const e = quiet();
    expect(fail(() => e.store.delete('Pod', 'default', 'nope', USER)).status).toMatchObject({ code: 404, reason: 'NotFound', message: 'pods "nope" not found' });
    createDeployment(e, deployment('web', 'nginx'));
    expect(fail(() => createDeployment(e, deployment('web', 'nginx'))).status).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'deployments.apps "web" already exists' });
    const d = get<Deployment>(e, 'Deployment', 'default', 'web')!;
    e.store.update('Deployment', { ...d, spec: { ...d.spec, replicas: 2 } }, USER);
    expect(fail(() => e.store.update('Deployment', { ...d, spec: { ...d.spec, replicas: 5 } }, USER)).status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    });
    expect(fail(() => e.store.create('Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ghost' }, spec: { containers: [{ name: 'a', image: 'b' }] } }, USER)).status.message).toBe('namespaces "ghost" not found');
  });

  it('refuses invalid objects with field causes', () => {
    const e = quiet();
    const noImage = deployment('web', '');
    const err = fail(() => createDeployment(e, noImage));
    expect(err.status.code).toBe(422);
    expect(err.status.message).toBe('Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value');
    expect(err.status.details?.causes).toEqual([{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.template.spec.containers[0].image' }]);
    const mismatch = deployment('web', 'nginx');
    mismatch.spec.selector = { matchLabels: { app: 'other' } };
    expect(fail(() => createDeployment(e, mismatch)).status.message).toBe('Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`');
    const noSelector = deployment('web', 'nginx') as unknown as { spec: Record<string, unknown> };
    delete noSelector.spec.selector;
    // A nil selector matches no labels upstream (labels.Nothing()), so the template labels are blamed too.
    expect(fail(() => createDeployment(e, noSelector as unknown as Deployment)).status.message).toBe('Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]');
    expect(fail(() => e.store.create('Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: { containers: [{ name: 'a', image: 'b' }] } }, USER)).status.message).toMatch(/^Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
  });
});

describe('services', () => {
  it('allocates cluster IPs and node ports, refusing duplicates', () => {
    const e = quiet();
    const svc = (name: string, nodePort?: number): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { type: 'NodePort', selector: { app: name }, ports: [{ port: 80, ...(nodePort ? { nodePort } : {}) }] } });
    const a = e.store.create('Service', svc('a', 30080), USER) as Service;
    expect(a.spec.clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    expect(a.spec).toMatchObject({ sessionAffinity: 'None', externalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    expect(a.spec.ports![0]).toMatchObject({ port: 80, targetPort: 80, protocol: 'TCP', nodePort: 30080 });
    const err = fail(() => e.store.create('Service', svc('b', 30080), USER));
    expect(err.status.message).toBe('Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    const c = e.store.create('Service', svc('c'), USER) as Service;
    expect(c.spec.ports![0]!.nodePort).toBeGreaterThanOrEqual(30000);
    expect(c.spec.ports![0]!.nodePort).toBeLessThanOrEqual(32767);
    e.store.delete('Service', 'default', 'a', USER);
    expect((e.store.create('Service', svc('b', 30080), USER) as Service).spec.ports![0]!.nodePort).toBe(30080);
  });
});

describe('selectors and watches', () => {
  it('lists with label and field selectors', () => {
    const e = engine({ nodes: 2, systemPods: false, settleMs: 5000 });
    createDeployment(e, deployment('web', 'nginx:1.27', 3));
    until(e, () => podsOf(e, 'web').every((p) => p.status.phase === 'Running') && podsOf(e, 'web').length === 3);
    expect(e.store.list('Pod', { labelSelector: 'app in (web,other),pod-template-hash' }).items).toHaveLength(3);
    expect(e.store.list('Pod', { labelSelector: 'app!=web' }).items.filter((p) => p.metadata.namespace === 'default')).toHaveLength(0);
    expect(e.store.list('Pod', { fieldSelector: 'status.phase!=Running', namespace: 'default' }).items).toHaveLength(0);
    const onM02 = e.store.list('Pod', { fieldSelector: 'spec.nodeName=minikube-m02', namespace: 'default' }).items.length;
    const onMk = e.store.list('Pod', { fieldSelector: 'spec.nodeName==minikube', namespace: 'default' }).items.length;
    expect(onM02 + onMk).toBe(3);
    expect(fail(() => e.store.list('Pod', { fieldSelector: 'spec.bogus=x' })).status.code).toBe(400);
  });

  it('watches from 0 with synthetic ADDED, resumes from a resourceVersion, and expires old ones', () => {
    const e = quiet();
    e.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } } as KubeObject, USER);
    const mid = e.store.currentResourceVersion();
    e.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } } as KubeObject, USER);
    const fromZero: WatchEvent[] = [];
    e.store.watch('ConfigMap', { namespace: 'default', resourceVersion: '0' }, (ev) => fromZero.push(ev));
    expect(fromZero.map((x) => `${x.type}:${x.object.metadata.name}`)).toEqual(['ADDED:a', 'ADDED:b', 'ADDED:kube-root-ca.crt']);
    const resumed: WatchEvent[] = [];
    e.store.watch('ConfigMap', { namespace: 'default', resourceVersion: mid }, (ev) => resumed.push(ev));
    expect(resumed.map((x) => `${x.type}:${x.object.metadata.name}`)).toEqual(['ADDED:b']);
    e.store.delete('ConfigMap', 'default', 'a', USER);
    expect(resumed.map((x) => x.type)).toEqual(['ADDED', 'DELETED']);
    const core = e.live.store;
    core.watches.capacity = 10;
    for (let i = 0; i < 30; i++) e.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `n${i}` } } as KubeObject, USER);
    expect(fail(() => e.store.watch('ConfigMap', { resourceVersion: mid }, () => {})).status).toMatchObject({ code: 410, reason: 'Expired' });
  });

  it('keeps the resume window within its byte budget, so big objects cannot pile up in it', () => {
    const e = quiet();
    const core = e.live.store;
    core.watches.byteCapacity = 1024 * 1024;
    const big = 'x'.repeat(200 * 1024);
    const start = e.store.currentResourceVersion();
    for (let i = 0; i < 20; i++) {
      e.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `big${i}` }, data: { v: big } } as KubeObject, USER);
      e.store.delete('ConfigMap', 'default', `big${i}`, USER);
    }
    // 40 changes of ~200 KB each against a 1 MB window: only the last few can still be resumed.
    expect(core.watches.oldestResumable()).toBeGreaterThan(Number(start) + 30);
    expect(fail(() => e.store.watch('ConfigMap', { resourceVersion: start }, () => {})).status).toMatchObject({ code: 410, reason: 'Expired' });
    const recent: WatchEvent[] = [];
    e.store.watch('ConfigMap', { resourceVersion: String(Number(e.store.currentResourceVersion()) - 2) }, (ev) => recent.push(ev));
    expect(recent.map((x) => x.type)).toEqual(['ADDED', 'DELETED']);
  });
});

describe('deletion', () => {
  it('deletes pods gracefully and unscheduled pods at once', () => {
    const e = engine({ nodes: 1, systemPods: false, settleMs: 2000 });
    e.store.create('Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'nginx:1.27' }] } } as KubeObject, USER);
    e.advance(5000);
    const d = e.store.delete('Pod', 'default', 'p', USER);
    expect(d.metadata.deletionTimestamp).toBeDefined();
    expect(get(e, 'Pod', 'default', 'p')).toBeDefined();
    e.advance(2000);
    expect(get(e, 'Pod', 'default', 'p')).toBeUndefined();
    e.store.create('Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'q' }, spec: { nodeSelector: { none: 'x' }, containers: [{ name: 'a', image: 'nginx:1.27' }] } } as KubeObject, USER);
    e.advance(100);
    e.store.delete('Pod', 'default', 'q', USER);
    expect(get(e, 'Pod', 'default', 'q')).toBeUndefined();
  });

  it('cascades in the background, in the foreground, or orphans', () => {
    for (const policy of ['Background', 'Foreground', 'Orphan'] as const) {
      const e = engine({ nodes: 2, systemPods: false, settleMs: 2000 });
      createDeployment(e, deployment('web', 'nginx:1.27', 2));
      until(e, () => podsOf(e, 'web').filter((p) => p.status.phase === 'Running').length === 2);
      e.store.delete('Deployment', 'default', 'web', USER, { propagationPolicy: policy });
      if (policy === 'Foreground') expect(get<Deployment>(e, 'Deployment', 'default', 'web')?.metadata.finalizers).toEqual(['foregroundDeletion']);
      e.advance(60_000);
      expect(get(e, 'Deployment', 'default', 'web')).toBeUndefined();
      const rs = e.store.list('ReplicaSet', { namespace: 'default' }).items;
      if (policy === 'Orphan') {
        expect(rs).toHaveLength(1);
        expect(rs[0]!.metadata.ownerReferences ?? []).toEqual([]);
        expect(podsOf(e, 'web')).toHaveLength(2);
      } else {
        expect(rs).toHaveLength(0);
        expect(podsOf(e, 'web')).toHaveLength(0);
      }
    }
  });

  it('deleting a namespace removes its content', () => {
    const e = engine({ nodes: 1, systemPods: false, settleMs: 2000 });
    e.store.create('Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } as KubeObject, USER);
    const d = deployment('web', 'nginx:1.27', 2);
    d.metadata.namespace = 'team';
    createDeployment(e, d);
    e.advance(10_000);
    e.store.delete('Namespace', undefined, 'team', USER);
    expect((get(e, 'Namespace', undefined, 'team')!.status as { phase: string }).phase).toBe('Terminating');
    expect(fail(() => e.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'team' } } as KubeObject, USER)).status.code).toBe(403);
    until(e, () => !get(e, 'Namespace', undefined, 'team'), 120_000);
    expect(e.store.list('Pod', { namespace: 'team' }).items).toHaveLength(0);
  });
});
