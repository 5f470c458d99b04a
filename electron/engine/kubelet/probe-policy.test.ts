/**
 * Probes of a terminating pod on the real engine: the readiness worker keeps probing, so a preStop
 * hook that removes the ready file turns the container unready and its EndpointSlice endpoint
 * serving=false, terminating=true while it still runs; the liveness worker stops, so the same
 * missing file never restarts the container.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../../shared/k8s/objects';
import { engine, events, get, isReady, until, USER } from '../testkit';
import { keepsProbing, probesWhileTerminating } from './probe-policy';

type Slice = { endpoints?: { addresses: string[]; conditions: { ready: boolean; serving: boolean; terminating: boolean } }[] };

function pod(): Pod {
  const probe = (file: string) => ({ exec: { command: ['cat', file] }, periodSeconds: 1, failureThreshold: 1 });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'nginx',
          ports: [{ containerPort: 80 }],
          readinessProbe: probe('/tmp/ready'),
          livenessProbe: probe('/tmp/alive'),
          lifecycle: {
            postStart: { exec: { command: ['sh', '-c', 'touch /tmp/ready /tmp/alive'] } },
            preStop: { exec: { command: ['sh', '-c', 'rm /tmp/ready /tmp/alive; sleep 20'] } },
          },
        },
      ],
    },
    status: {},
  } as Pod;
}

const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };

function endpoint(e: ReturnType<typeof engine>) {
  const slices = e.store.list('EndpointSlice', { namespace: 'default', labelSelector: 'kubernetes.io/service-name=web' }).items as unknown as Slice[];
  return slices.flatMap((s) => s.endpoints ?? [])[0];
}

describe('probes while the pod terminates', () => {
  // Runs once probes.ts asks keepsProbing(kind, sb) instead of stopping every worker on
  // sb.terminating (its live() check); until then the readiness result stays frozen at deletion.
  it('readiness keeps probing: the endpoint turns serving=false, terminating=true; liveness does not restart it', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Service', service as KubeObject, USER);
    e.store.create('Pod', pod(), USER);
    until(e, () => isReady(get<Pod>(e, 'Pod', 'default', 'web')!) && endpoint(e)?.conditions.ready === true, 60_000, 200);
    e.store.delete('Pod', 'default', 'web', USER);
    until(e, () => endpoint(e)?.conditions.terminating === true, 10_000, 100);
    expect(endpoint(e)!.conditions).toEqual({ ready: false, serving: true, terminating: true });
    // The preStop hook removed the ready file; the next readiness probe (1 s) fails.
    until(e, () => endpoint(e)?.conditions.serving === false, 10_000, 100);
    const p = get<Pod>(e, 'Pod', 'default', 'web')!;
    expect(p.status.containerStatuses![0]!.state!.running).toBeDefined();
    expect(p.status.containerStatuses![0]!.ready).toBe(false);
    expect(endpoint(e)!.conditions).toEqual({ ready: false, serving: false, terminating: true });
    const unhealthy = events(e, { name: 'web', namespace: 'default', reason: 'Unhealthy' }).map((ev) => ev.message);
    expect(unhealthy.some((m) => m.startsWith('Readiness probe failed'))).toBe(true);
    expect(unhealthy.some((m) => m.startsWith('Liveness probe failed'))).toBe(false);
    until(e, () => get(e, 'Pod', 'default', 'web') === undefined, 60_000, 500);
    expect(events(e, { name: 'web', namespace: 'default', reason: 'Killing' }).map((ev) => ev.message)).toEqual(['Stopping container web']);
  });
});

describe('probe policy', () => {
  it('only readiness probes a terminating pod', () => {
    expect(probesWhileTerminating('readiness')).toBe(true);
    expect(probesWhileTerminating('liveness')).toBe(false);
    expect(probesWhileTerminating('startup')).toBe(false);
    const sb = { terminating: true } as Parameters<typeof keepsProbing>[1];
    expect(keepsProbing('liveness', sb)).toBe(false);
    expect(keepsProbing('readiness', sb)).toBe(true);
    expect(keepsProbing('liveness', { ...sb, terminating: false })).toBe(true);
  });
});
