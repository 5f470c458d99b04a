/**
 * Kubernetes Events (core/v1), recorded as client-go's EventRecorder does: named `<object>.<hex>`,
 * with involvedObject, source component/host, first/last timestamps, and a count that grows when the
 * same event repeats (the EventCorrelator's aggregation). Events expire after an hour, like the
 * API server's --event-ttl.
 */
import type { KubeEvent, KubeObject } from '../../shared/k8s/objects';
import type { VirtualClock } from './clock/clock';
import { StatusError } from './api';
import type { ObjectStore } from './store/store';
import type { Cause } from '../../shared/sim/snapshot';

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
    const cause = this.causeFor(source.component, reason);
    try {
      const seen = this.recent.get(key);
      const existing = seen ? (this.store.get('Event', seen.namespace, seen.name) as KubeEvent | undefined) : undefined;
      if (existing) {
        this.store.update('Event', { ...existing, count: (existing.count ?? 1) + 1, lastTimestamp: this.clock.stamp(now) }, cause, { trusted: true });
        return;
      }
      const nanos = (BigInt(this.clock.wallMs(now)) * 1_000_000n + BigInt(++this.seq % 1_000_000)).toString(16);
      const event: KubeEvent = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${involved.metadata.name}.${nanos}`, namespace },
        involvedObject: ref,
        reason,
        message,
        source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
        firstTimestamp: this.clock.stamp(now),
        lastTimestamp: this.clock.stamp(now),
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

  /** One Cause object per (component, reason), so the event log interns it without building a key. */
  private causeFor(component: string, reason: string): Cause {
    const key = `${component}\u0000${reason}`;
    let cause = this.causes.get(key);
    if (!cause) this.causes.set(key, (cause = { actor: actorOf(component), name: component, detail: `event ${reason}` }));
    return cause;
  }

  private causes = new Map<string, Cause>();

  /**
   * Expiry at `at`. Events are created in time order with one TTL, so their expiries form a FIFO
   * queue served by a single clock timer, instead of one timer each in the clock's heap (an hour of
   * events is 10^5 timers in a busy cluster). A due time earlier than the queue's tail (an
   * aggregated event re-armed from its lastTimestamp) gets its own timer.
   */
  private expireLater(namespace: string, name: string, key: string, at: number): void {
    const tail = this.expiry[this.expiry.length - 1];
    if (tail && at < tail.at) {
      this.clock.at(at, () => this.expire(namespace, name, key));
      return;
    }
    this.expiry.push({ at, namespace, name, key });
    if (!this.expiryArmed) this.armExpiry();
  }

  private expiry: { at: number; namespace: string; name: string; key: string }[] = [];
  private expiryHead = 0;
  private expiryArmed = false;

  private armExpiry(): void {
    const head = this.expiry[this.expiryHead];
    this.expiryArmed = head !== undefined;
    if (head) this.clock.at(head.at, () => this.runExpiry());
  }

  private runExpiry(): void {
    const now = this.clock.now();
    for (let head = this.expiry[this.expiryHead]; head && head.at <= now; head = this.expiry[this.expiryHead]) {
      this.expiryHead++;
      this.expire(head.namespace, head.name, head.key);
    }
    // Drop the served prefix now and then, so the array does not grow for ever.
    if (this.expiryHead > 1024 && this.expiryHead * 2 > this.expiry.length) {
      this.expiry = this.expiry.slice(this.expiryHead);
      this.expiryHead = 0;
    }
    this.armExpiry();
  }

  private expire(namespace: string, name: string, key: string): void {
    const ev = this.store.get('Event', namespace, name) as KubeEvent | undefined;
    if (!ev) {
      if (this.recent.get(key)?.name === name) this.recent.delete(key);
      return;
    }
    const due = this.clock.virtualOf(ev.lastTimestamp) + EVENT_TTL_MS;
    if (due > this.clock.now()) return this.expireLater(namespace, name, key, due);
    if (this.recent.get(key)?.name === name) this.recent.delete(key);
    try {
      this.store.delete('Event', namespace, name, { actor: 'apiserver', name: 'event-ttl', detail: 'event expired' });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
    }
  }
}

function actorOf(component: string): 'kubelet' | 'scheduler' | 'controller' {
  if (component === 'kubelet') return 'kubelet';
  if (component === 'default-scheduler') return 'scheduler';
  return 'controller';
}
