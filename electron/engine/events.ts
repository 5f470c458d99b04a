/**
 * Kubernetes Events (core/v1), recorded as client-go's EventRecorder does: named `<object>.<hex>`,
 * with involvedObject, source component/host, first/last timestamps, and a count that grows when the
 * same event repeats (the EventCorrelator's aggregation). Events expire after an hour, like the
 * API server's --event-ttl.
 */
import type { KubeEvent, KubeObject } from '../../shared/k8s/objects';
import { EPOCH_MS, parseTime, rfc3339 } from './clock/clock';
import type { VirtualClock } from './clock/clock';
import { StatusError } from './api';
import type { ObjectStore } from './store/store';

export interface EventSource {
  component: string;
  host?: string;
}

const EVENT_TTL_MS = 60 * 60 * 1000;

export class EventRecorder {
  private recent = new Map<string, { namespace: string; name: string }>();
  private seq = 0;
  enabled = true;

  constructor(
    private clock: VirtualClock,
    private store: ObjectStore,
  ) {}

  record(involved: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): void {
    if (!this.enabled) return;
    const namespace = involved.metadata.namespace ?? 'default';
    const ref = {
      kind: involved.kind,
      namespace: involved.metadata.namespace,
      name: involved.metadata.name,
      uid: involved.metadata.uid,
      apiVersion: involved.apiVersion,
      resourceVersion: involved.metadata.resourceVersion,
      ...(fieldPath ? { fieldPath } : {}),
    };
    if (!ref.namespace) delete ref.namespace;
    const key = [source.component, source.host ?? '', involved.kind, namespace, involved.metadata.name, involved.metadata.uid, fieldPath ?? '', type, reason, message].join('\u0000');
    const now = this.clock.now();
    const cause = { actor: actorOf(source.component), name: source.component, detail: `event ${reason}` } as const;
    try {
      const seen = this.recent.get(key);
      const existing = seen ? (this.store.get('Event', seen.namespace, seen.name) as KubeEvent | undefined) : undefined;
      if (existing) {
        this.store.update('Event', { ...existing, count: (existing.count ?? 1) + 1, lastTimestamp: rfc3339(now) }, cause, { trusted: true });
        return;
      }
      const nanos = (BigInt(EPOCH_MS + now) * 1_000_000n + BigInt(++this.seq % 1_000_000)).toString(16);
      const event: KubeEvent = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${involved.metadata.name}.${nanos}`, namespace },
        involvedObject: ref,
        reason,
        message,
        source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
        firstTimestamp: rfc3339(now),
        lastTimestamp: rfc3339(now),
        count: 1,
        type,
        eventTime: null,
        reportingComponent: source.component,
        reportingInstance: source.host ?? '',
      };
      const created = this.store.create('Event', event, cause, { trusted: true });
      this.recent.set(key, { namespace, name: created.metadata.name });
      this.expireLater(namespace, created.metadata.name, key, now + EVENT_TTL_MS);
    } catch (e) {
      // Events are best effort, as in client-go: a terminating namespace refuses them.
      if (!(e instanceof StatusError)) throw e;
    }
  }

  private expireLater(namespace: string, name: string, key: string, at: number): void {
    this.clock.at(at, () => {
      const ev = this.store.get('Event', namespace, name) as KubeEvent | undefined;
      if (!ev) {
        if (this.recent.get(key)?.name === name) this.recent.delete(key);
        return;
      }
      const due = parseTime(ev.lastTimestamp) + EVENT_TTL_MS;
      if (due > this.clock.now()) return this.expireLater(namespace, name, key, due);
      if (this.recent.get(key)?.name === name) this.recent.delete(key);
      try {
        this.store.delete('Event', namespace, name, { actor: 'apiserver', name: 'event-ttl', detail: 'event expired' });
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
      }
    });
  }
}

function actorOf(component: string): 'kubelet' | 'scheduler' | 'controller' {
  if (component === 'kubelet') return 'kubelet';
  if (component === 'default-scheduler') return 'scheduler';
  return 'controller';
}
