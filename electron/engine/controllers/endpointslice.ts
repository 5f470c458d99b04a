/**
 * The EndpointSlice controller: one slice per selector-based Service, listing the pods it selects
 * that have an IP, with ready/serving/terminating conditions and the Service's ports resolved to
 * container ports (named target ports included).
 */
import type { Endpoint, EndpointPort, EndpointSlice, KubeObject, Pod, Service } from '../../../shared/k8s/objects';
import { matchesSelector, selectorFromMap } from '../../../shared/k8s/labels';
import type { Cause } from '../../../shared/sim/snapshot';
import { StatusError } from '../api';
import type { EngineContext } from '../context';
import { deepEqual } from '../util/objects';
import { isPodReady, ownerRefFor } from './podutil';
import { WorkQueue } from './workqueue';
import { syncErrorHandler } from './guard';

const CAUSE: Cause = { actor: 'controller', name: 'endpointslice-controller' };
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';

export class EndpointSliceController {
  readonly queue: WorkQueue;

  constructor(private ctx: EngineContext) {
    this.queue = new WorkQueue(ctx.clock, 15, (key) => this.sync(key), syncErrorHandler(ctx, 'endpointslice-controller', 'Service'));
    ctx.store.onChange((c) => {
      const o = c.object;
      if (o.kind === 'Service') this.queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
      else if (o.kind === 'Pod') {
        if (c.type === 'MODIFIED' && c.old && !endpointRelevantChange(c.old, o)) return;
        for (const svc of ctx.store.all('Service', o.metadata.namespace) as Service[]) {
          const sel = selectorFromMap(svc.spec.selector);
          if (matchesSelector(sel, o.metadata.labels) || (c.old && matchesSelector(sel, c.old.metadata.labels))) this.queue.add(`${svc.metadata.namespace}/${svc.metadata.name}`);
        }
      } else if (o.kind === 'EndpointSlice' && c.type === 'DELETED') {
        const svc = o.metadata.labels?.[SERVICE_NAME_LABEL];
        if (svc && o.metadata.labels?.[MANAGED_BY] === 'endpointslice-controller.k8s.io') this.queue.add(`${o.metadata.namespace}/${svc}`);
      }
    });
  }

  private sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const store = this.ctx.store;
    const svc = store.get('Service', ns, name) as Service | undefined;
    const existing = (store.all('EndpointSlice', ns) as EndpointSlice[]).filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === name && s.metadata.labels?.[MANAGED_BY] === 'endpointslice-controller.k8s.io');
    if (!svc || !svc.spec.selector || Object.keys(svc.spec.selector).length === 0 || svc.spec.type === 'ExternalName') {
      for (const s of existing) this.tryDelete(s);
      return;
    }
    const selector = selectorFromMap(svc.spec.selector);
    const pods = (store.all('Pod', ns) as Pod[]).filter((p) => matchesSelector(selector, p.metadata.labels) && p.status?.podIP && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed');
    pods.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    const endpoints: Endpoint[] = pods.map((p) => {
      const terminating = !!p.metadata.deletionTimestamp;
      const ready = isPodReady(p);
      return {
        addresses: [p.status.podIP!],
        conditions: { ready: ready && !terminating, serving: ready, terminating },
        ...(p.spec.nodeName ? { nodeName: p.spec.nodeName } : {}),
        targetRef: { kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid! },
      };
    });
    const ports: EndpointPort[] = (svc.spec.ports ?? []).map((sp) => {
      let port: number | undefined = typeof sp.targetPort === 'number' ? sp.targetPort : undefined;
      if (typeof sp.targetPort === 'string') {
        for (const p of pods) {
          const found = p.spec.containers.flatMap((c) => c.ports ?? []).find((cp) => cp.name === sp.targetPort);
          if (found) {
            port = found.containerPort;
            break;
          }
        }
      }
      return { name: sp.name ?? '', port: port ?? sp.port, protocol: sp.protocol ?? 'TCP' };
    });
    const [keep, ...extra] = existing;
    for (const s of extra) this.tryDelete(s);
    const labels = { ...(svc.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: name, [MANAGED_BY]: 'endpointslice-controller.k8s.io' };
    if (!keep) {
      const slice: EndpointSlice = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: '', generateName: `${name}-`, namespace: ns, labels, ownerReferences: [ownerRefFor(svc)], annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': svc.metadata.creationTimestamp ?? '' } },
        addressType: 'IPv4',
        endpoints,
        ports,
      };
      try {
        store.create('EndpointSlice', slice, { ...CAUSE, detail: `slice for ${name}` });
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
      }
      return;
    }
    if (deepEqual(keep.endpoints ?? [], endpoints) && deepEqual(keep.ports ?? [], ports) && deepEqual(keep.metadata.labels, labels)) return;
    try {
      store.update('EndpointSlice', { ...keep, metadata: { ...keep.metadata, labels }, endpoints, ports }, { ...CAUSE, detail: `endpoints of ${name}` });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
    }
  }

  private tryDelete(s: KubeObject): void {
    try {
      this.ctx.store.delete('EndpointSlice', s.metadata.namespace, s.metadata.name, CAUSE);
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
    }
  }
}

function endpointRelevantChange(a: KubeObject, b: KubeObject): boolean {
  const pa = a as Pod;
  const pb = b as Pod;
  return (
    pa.status?.podIP !== pb.status?.podIP ||
    isPodReady(pa) !== isPodReady(pb) ||
    !!pa.metadata.deletionTimestamp !== !!pb.metadata.deletionTimestamp ||
    pa.spec.nodeName !== pb.spec.nodeName ||
    pa.status?.phase !== pb.status?.phase ||
    !deepEqual(pa.metadata.labels, pb.metadata.labels)
  );
}
