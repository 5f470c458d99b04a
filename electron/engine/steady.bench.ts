/**
 * Steady state of a large cluster: 5k nodes and 150k running pods (1000 Deployments of 150),
 * loaded as they are (kubelets adopt the running pods). Reports RSS and the cost of a tick
 * (advance 100 ms of virtual time) while 20 changes per second are made: pod deletions (the
 * ReplicaSet replaces the pod: schedule, pull, start) and scale changes.
 */
import type { Deployment, KubeObject, Pod, ReplicaSet } from '../../shared/k8s/objects';
import { computeHash, HASH_LABEL } from './controllers/deployment/util';
import { createEngine } from './index';
import type { KubelabEngine } from './engine';

type Report = (name: string, value: number, unit: string) => void;

const NODES = Number(process.env.STEADY_NODES ?? 5000);
const DEPLOYMENTS = Number(process.env.STEADY_DEPLOYMENTS ?? 1000);
const REPLICAS = 150;
/**
 * STEADY_PROBES=1: every pod has an HTTP readiness probe and a TCP liveness probe with upstream's
 * default period (10 s): 30,000 probe ticks per virtual second. A passing probe whose answer can only
 * change with the files it read sleeps until they change (kubelet/probes.ts), so the ticks that
 * would change nothing cost nothing; new pods' probes run until they pass.
 */
const PROBES = process.env.STEADY_PROBES === '1';
const LABEL = PROBES ? 'steady (probes on every pod)' : 'steady';
const PROBE_SPEC = { readinessProbe: { httpGet: { path: '/', port: 80 } }, livenessProbe: { tcpSocket: { port: 80 } } };

function nodeName(i: number): string {
  return i === 0 ? 'minikube' : `minikube-m${String(i + 1).padStart(2, '0')}`;
}

export default async function (report: Report): Promise<void> {
  const t0 = performance.now();
  const e = createEngine({ seed: 3, nodes: NODES, systemPods: false, settleMs: 2000, recordExplanations: false, nodePods: '110' }) as KubelabEngine;
  const core = e.live;
  const stamp = '2026-01-01T00:00:01Z';
  let podIndex = 0;
  for (let d = 0; d < DEPLOYMENTS; d++) {
    const name = `app-${d}`;
    const template = { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '10m', memory: '16Mi' } }, ...(PROBES ? PROBE_SPEC : {}) }] } };
    const [dep] = [core.store.load({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default', labels: { app: name }, annotations: { 'deployment.kubernetes.io/revision': '1' } }, spec: { replicas: REPLICAS, selector: { matchLabels: { app: name } }, template }, status: {} } as KubeObject, { actor: 'system', name: 'load' }) as Deployment];
    const hash = computeHash(dep!.spec.template, undefined);
    const rsTemplate = { ...dep!.spec.template, metadata: { labels: { app: name, [HASH_LABEL]: hash } } };
    const rs = core.store.load({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `${name}-${hash}`, namespace: 'default', labels: { app: name, [HASH_LABEL]: hash }, annotations: { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': String(REPLICAS), 'deployment.kubernetes.io/max-replicas': String(REPLICAS + 38) }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: dep!.metadata.uid!, controller: true, blockOwnerDeletion: true }] },
      spec: { replicas: REPLICAS, selector: { matchLabels: { app: name, [HASH_LABEL]: hash } }, template: rsTemplate },
      status: { replicas: REPLICAS, fullyLabeledReplicas: REPLICAS, readyReplicas: REPLICAS, availableReplicas: REPLICAS, observedGeneration: 1 },
    } as KubeObject, { actor: 'system', name: 'load' }) as ReplicaSet;
    const pods: KubeObject[] = [];
    for (let r = 0; r < REPLICAS; r++, podIndex++) {
      const node = podIndex % NODES;
      const ip = `10.244.${node}.${2 + Math.floor(podIndex / NODES)}`;
      const cond = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: stamp });
      const pod: Pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${rs.metadata.name}-${r.toString(36).padStart(5, 'b')}`, namespace: 'default', labels: { app: name, [HASH_LABEL]: hash }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true }] },
        spec: { ...structuredClone(rsTemplate.spec), nodeName: nodeName(node) },
        status: {
          phase: 'Running',
          conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(cond) as Pod['status']['conditions'],
          hostIP: `192.168.49.${(node % 250) + 2}`,
          podIP: ip,
          podIPs: [{ ip }],
          startTime: stamp,
          containerStatuses: [{ name: 'web', image: 'nginx:1.27', imageID: '', containerID: `docker://${podIndex.toString(16).padStart(64, '0')}`, ready: true, started: true, restartCount: 0, state: { running: { startedAt: stamp } } }],
        },
      };
      pods.push(pod);
    }
    core.load(pods);
  }
  e.advance(5_000);
  const loadMs = performance.now() - t0;
  if (core.store.count('Pod') < DEPLOYMENTS * REPLICAS) throw new Error('pods missing');
  (globalThis as { gc?: () => void }).gc?.();
  report(`${LABEL}: build 5k nodes + 150k pods (wall)`, Math.round(loadMs / 1000), 's');
  report(`${LABEL}: RSS with 5k nodes and 150k pods`, Math.round(process.memoryUsage().rss / 1024 / 1024), 'MB');
  report(`${LABEL}: heap used`, Math.round(process.memoryUsage().heapUsed / 1024 / 1024), 'MB');

  // Ticks of 100 ms virtual time with 2 changes each (20 changes per virtual second). The first
  // WARMUP ticks are not timed: they pay for the major collection that follows loading 150k pods.
  const WARMUP = 50;
  const times: number[] = [];
  let startFrames = e.timeline.state().length;
  for (let tick = -WARMUP; tick < 300; tick++) {
    if (tick === 0) startFrames = e.timeline.state().length;
    const t = performance.now();
    for (let c = 0; c < 2; c++) {
      const d = core.rng.int(DEPLOYMENTS);
      if ((tick + c) % 2 === 0) {
        const pods = core.store.dependents(core.store.get('ReplicaSet', 'default', (core.store.all('ReplicaSet', 'default')[d] as ReplicaSet).metadata.name)!.metadata.uid!);
        const victim = pods[core.rng.int(pods.length)];
        if (victim) core.store.delete('Pod', 'default', victim.metadata.name, { actor: 'user', name: 'bench' });
      } else {
        const dep = core.store.get('Deployment', 'default', `app-${d}`) as Deployment;
        core.store.update('Deployment', { ...dep, spec: { ...dep.spec, replicas: (dep.spec.replicas ?? 0) + (tick % 4 < 2 ? 1 : -1) } }, { actor: 'user', name: 'bench' });
      }
    }
    e.advance(100);
    if (tick >= 0) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  report(`${LABEL}: tick (100 ms virtual, 20 changes/s) mean`, mean, 'ms');
  report(`${LABEL}: tick median`, times[Math.floor(times.length / 2)]!, 'ms');
  report(`${LABEL}: tick p99`, times[Math.floor(times.length * 0.99)]!, 'ms');
  report(`${LABEL}: changes recorded per virtual second`, Math.round((e.timeline.state().length - startFrames) / 30), 'changes/s');
  report(`${LABEL}: RSS after ticks`, Math.round(process.memoryUsage().rss / 1024 / 1024), 'MB');
}
