/**
 * The endpoints controller (pkg/controller/endpoint/endpoints_controller.go): keeps one core/v1
 * Endpoints object per selector-based Service, named like the Service, beside the EndpointSlices.
 * Ready pods go to `addresses`, the others to `notReadyAddresses` (all to `addresses` when the
 * Service publishes not-ready addresses), each with its nodeName and a targetRef; subsets are
 * repacked so pods sharing the same ports share a subset. Level-triggered: Service, Pod and
 * Endpoints changes only queue the Service's key; the sync recomputes everything from the store.
 */
import type { EndpointAddress, EndpointSubset, Endpoints, EndpointsPort, KubeObject, Pod, Service, ServicePort } from '../../../shared/k8s/objects';
import { matchesSelector, selectorFromMap } from '../../../shared/k8s/labels';
import type { Cause } from '../../../shared/sim/snapshot';
import type { EngineContext } from '../context';
import { deepEqual } from '../util/objects';
import { isPodReady, podCondition } from './podutil';
import { syncErrorHandler } from './guard';
import { WorkQueue } from './workqueue';

const COMPONENT = 'endpoint-controller';
const CAUSE: Cause = { actor: 'controller', name: COMPONENT };
// k8s.io/api/core/v1 annotation_key_constants.go / well_known_labels.go.
export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/** Per Service: the trigger times already exported (trigger_time_tracker.go's ServiceState). */
interface TriggerState {
  service: string;
  pods: Map<string, string>;
}

export class EndpointsController {
  readonly queue: WorkQueue;
  private triggers = new Map<string, TriggerState>();

  constructor(private ctx: EngineContext) {
    this.queue = new WorkQueue(ctx.clock, 15, (key) => this.sync(key), syncErrorHandler(ctx, COMPONENT, 'Service'));
    ctx.store.onChange((c) => {
      const o = c.object;
      if (o.kind === 'Service') this.queue.add(keyOf(o));
      else if (o.kind === 'Pod') {
        if (c.type === 'MODIFIED' && c.old && !endpointsRelevantChange(c.old as Pod, o as Pod)) return;
        // The services selecting the pod now or before the change (getPodServiceMemberships).
        for (const svc of ctx.store.all('Service', o.metadata.namespace) as Service[]) {
          if (!hasSelector(svc)) continue;
          const selector = selectorFromMap(svc.spec.selector);
          if (matchesSelector(selector, o.metadata.labels) || (c.old && matchesSelector(selector, c.old.metadata.labels))) this.queue.add(keyOf(svc));
        }
      } else if (o.kind === 'Endpoints' && c.type === 'DELETED') this.queue.add(keyOf(o));
    });
  }

  private sync(key: string): void {
    const slash = key.indexOf('/');
    const ns = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const store = this.ctx.store;
    const svc = store.get('Service', ns, name) as Service | undefined;
    const current = store.get('Endpoints', ns, name) as Endpoints | undefined;
    if (!svc) {
      // The Service is gone: so are its Endpoints (syncService's NotFound branch).
      this.triggers.delete(key);
      if (current) store.delete('Endpoints', ns, name, CAUSE);
      return;
    }
    // ExternalName Services get no endpoints; selector-less ones are managed by their users. An
    // empty selector is stored as none upstream (protobuf drops empty maps), so it selects nothing.
    if (svc.spec.type === 'ExternalName' || !hasSelector(svc)) return;
    const selector = selectorFromMap(svc.spec.selector);
    const tolerateUnready = svc.spec.publishNotReadyAddresses === true;
    const pods = (store.all('Pod', ns) as Pod[]).filter((p) => matchesSelector(selector, p.metadata.labels) && shouldPodBeInEndpoints(p, tolerateUnready));
    const subsets = repackSubsets(pods.flatMap((p) => podSubsets(svc, p, tolerateUnready)));
    const labels = svc.metadata.labels ?? {};
    const triggerTime = this.triggerTime(key, svc, pods);
    if (current && deepEqual(current.subsets ?? [], subsets) && deepEqual(withoutHeadless(current.metadata.labels), labels)) return;

    const headless = svc.spec.clusterIP === 'None' || !svc.spec.clusterIP;
    const annotations = { ...(current?.metadata.annotations ?? {}) };
    if (triggerTime) annotations[LAST_CHANGE_TRIGGER_TIME] = triggerTime;
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    const next: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { ...(current?.metadata ?? { name, namespace: ns }), labels: headless ? { ...labels, [HEADLESS_LABEL]: '' } : { ...labels }, annotations },
      subsets,
    };
    if (Object.keys(annotations).length === 0) delete next.metadata.annotations;
    if (current) store.update('Endpoints', next, { ...CAUSE, detail: `endpoints of ${name}` });
    else store.create('Endpoints', next, { ...CAUSE, detail: `endpoints for ${name}` });
  }

  /**
   * trigger_time_tracker.go ComputeEndpointLastChangeTriggerTime: the earliest trigger time that
   * changed since the last sync, from the pods' Ready transitions and the Service's creation;
   * undefined when none changed (the annotation is then dropped).
   */
  private triggerTime(key: string, svc: Service, pods: readonly Pod[]): string | undefined {
    let state = this.triggers.get(key);
    if (!state) {
      state = { service: '', pods: new Map() };
      this.triggers.set(key, state);
    }
    let earliest: string | undefined;
    const earlier = (t: string) => {
      if (!earliest || Date.parse(t) < Date.parse(earliest)) earliest = t;
    };
    const seen = new Map<string, string>();
    for (const pod of pods) {
      const t = podCondition(pod, 'Ready')?.lastTransitionTime;
      if (!t) continue;
      seen.set(pod.metadata.name, t);
      const last = state.pods.get(pod.metadata.name);
      if (!last || Date.parse(t) > Date.parse(last)) earlier(t);
    }
    const created = svc.metadata.creationTimestamp;
    if (created && (!state.service || Date.parse(created) > Date.parse(state.service))) earlier(created);
    state.pods = seen;
    if (created) state.service = created;
    return earliest;
  }
}

function hasSelector(svc: Service): boolean {
  return !!svc.spec.selector && Object.keys(svc.spec.selector).length > 0;
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace}/${o.metadata.name}`;
}

function withoutHeadless(labels: Record<string, string> | undefined): Record<string, string> {
  if (!labels || !(HEADLESS_LABEL in labels)) return labels ?? {};
  const { [HEADLESS_LABEL]: _headless, ...rest } = labels;
  return rest;
}

/** pkg/controller/util/endpoint ShouldPodBeInEndpoints. */
function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return false;
  if (!pod.status?.podIP) return false;
  return includeTerminating || !pod.metadata.deletionTimestamp;
}

/** pkg/api/v1/pod FindPort: a number as is, a name looked up among the containers' ports. */
function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  const protocol = sp.protocol ?? 'TCP';
  for (const c of pod.spec.containers) for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  return undefined;
}

function podAddress(svc: Service, pod: Pod): EndpointAddress {
  const address: EndpointAddress = { ip: pod.status.podIP! };
  // podToEndpointAddressForService: a hostname only for pods in the Service's subdomain.
  const spec = pod.spec as { hostname?: string; subdomain?: string };
  if (spec.hostname && spec.subdomain === svc.metadata.name) address.hostname = spec.hostname;
  if (pod.spec.nodeName) address.nodeName = pod.spec.nodeName;
  address.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
  return address;
}

/** One subset per resolvable Service port (addEndpointSubset), ready or not. */
function podSubsets(svc: Service, pod: Pod, tolerateUnready: boolean): EndpointSubset[] {
  const address = podAddress(svc, pod);
  const ready = tolerateUnready || isPodReady(pod);
  const subset = (ports: EndpointsPort[] | undefined): EndpointSubset => (ready ? { addresses: [address], ports } : { notReadyAddresses: [address], ports });
  const servicePorts = svc.spec.ports ?? [];
  if (servicePorts.length === 0) return svc.spec.clusterIP === 'None' ? [subset(undefined)] : [];
  const out: EndpointSubset[] = [];
  for (const sp of servicePorts) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointsPort = { ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' };
    const appProtocol = (sp as { appProtocol?: string }).appProtocol;
    if (appProtocol) ep.appProtocol = appProtocol;
    out.push(subset([ep]));
  }
  return out;
}

/**
 * pkg/api/v1/endpoints RepackSubsets: each port's addresses (ready wins over not ready for the
 * same address), then ports grouped by identical address sets, addresses sorted by IP and UID.
 * Upstream orders subsets and ports by hash; here they keep the Service's order, which is stable.
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const byPort = new Map<string, { port: EndpointsPort | undefined; ready: Map<string, EndpointAddress>; notReady: Map<string, EndpointAddress> }>();
  const add = (port: EndpointsPort | undefined, address: EndpointAddress, ready: boolean) => {
    const portKey = port ? `${port.name ?? ''}/${port.port}/${port.protocol ?? ''}/${port.appProtocol ?? ''}` : '-';
    let entry = byPort.get(portKey);
    if (!entry) {
      entry = { port, ready: new Map(), notReady: new Map() };
      byPort.set(portKey, entry);
    }
    const addressKey = `${address.ip}/${address.targetRef?.uid ?? ''}`;
    if (ready) {
      entry.ready.set(addressKey, address);
      entry.notReady.delete(addressKey);
    } else if (!entry.ready.has(addressKey)) entry.notReady.set(addressKey, address);
  };
  for (const s of subsets) {
    const ports = s.ports && s.ports.length > 0 ? s.ports : [undefined];
    for (const port of ports) {
      for (const a of s.addresses ?? []) add(port, a, true);
      for (const a of s.notReadyAddresses ?? []) add(port, a, false);
    }
  }
  const grouped = new Map<string, EndpointSubset>();
  for (const { port, ready, notReady } of byPort.values()) {
    const readyList = sortAddresses([...ready.values()]);
    const notReadyList = sortAddresses([...notReady.values()]);
    const key = `${[...ready.keys()].sort().join(',')}|${[...notReady.keys()].sort().join(',')}`;
    let subset = grouped.get(key);
    if (!subset) {
      subset = {};
      if (readyList.length) subset.addresses = readyList;
      if (notReadyList.length) subset.notReadyAddresses = notReadyList;
      grouped.set(key, subset);
    }
    if (port) (subset.ports ??= []).push(port);
  }
  return [...grouped.values()];
}

function ipKey(ip: string): string {
  // IPv4 addresses compare numerically (bytes.Compare on the parsed IP); others as text.
  const parts = ip.split('.');
  return parts.length === 4 ? parts.map((p) => p.padStart(3, '0')).join('.') : ip;
}

function sortAddresses(addresses: EndpointAddress[]): EndpointAddress[] {
  return addresses.sort((a, b) => {
    const ka = ipKey(a.ip);
    const kb = ipKey(b.ip);
    if (ka !== kb) return ka < kb ? -1 : 1;
    const ua = a.targetRef?.uid ?? '';
    const ub = b.targetRef?.uid ?? '';
    return ua < ub ? -1 : ua > ub ? 1 : 0;
  });
}

function endpointsRelevantChange(a: Pod, b: Pod): boolean {
  return (
    a.status?.podIP !== b.status?.podIP ||
    isPodReady(a) !== isPodReady(b) ||
    !!a.metadata.deletionTimestamp !== !!b.metadata.deletionTimestamp ||
    a.spec.nodeName !== b.spec.nodeName ||
    a.status?.phase !== b.status?.phase ||
    !deepEqual(a.metadata.labels, b.metadata.labels)
  );
}
