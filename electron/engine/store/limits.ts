/**
 * Kubelab's built-in object limits: a cap on the objects in one namespace and in the whole
 * cluster, so a runaway writer (a Deployment scaled to a million replicas, a script in a loop) meets
 * a refusal instead of exhausting memory. These are not a ResourceQuota object but are reported
 * like one: a 403 Forbidden worded as upstream's quota admission
 * (plugin/pkg/admission/resourcequota/controller.go:
 * "exceeded quota: %s, requested: %s, used: %s, limited: %s").
 *
 * Sized well above the benchmarks (150k pods on 5k nodes, loaded in bulk, which is exempt anyway).
 * Events are not counted: they expire after an hour and are best effort.
 */
import type { ResourceInfo } from '../../../shared/k8s/resources';
import { forbidden } from './errors';
import type { StatusError } from '../api';

export interface ObjectLimits {
  perNamespace: number;
  total: number;
}

export const DEFAULT_LIMITS: ObjectLimits = { perNamespace: 250_000, total: 500_000 };

/** The quota names in the message, after upstream's object-count quota `count/<resource>`. */
const NAMESPACE_QUOTA = 'kubelab-namespace-objects';
const CLUSTER_QUOTA = 'kubelab-cluster-objects';

export class ObjectCounter {
  private byNamespace = new Map<string, number>();
  private all = 0;
  limits: ObjectLimits = { ...DEFAULT_LIMITS };

  static counted(kind: string): boolean {
    return kind !== 'Event';
  }

  added(kind: string, namespace: string): void {
    if (!ObjectCounter.counted(kind)) return;
    this.all++;
    this.byNamespace.set(namespace, (this.byNamespace.get(namespace) ?? 0) + 1);
  }

  removed(kind: string, namespace: string): void {
    if (!ObjectCounter.counted(kind)) return;
    this.all--;
    const n = (this.byNamespace.get(namespace) ?? 1) - 1;
    if (n > 0) this.byNamespace.set(namespace, n);
    else this.byNamespace.delete(namespace);
  }

  total(): number {
    return this.all;
  }

  inNamespace(namespace: string): number {
    return this.byNamespace.get(namespace) ?? 0;
  }

  /** The refusal for creating one more object of `info` in `namespace`, or undefined when it fits. */
  check(info: ResourceInfo, namespace: string | undefined, name: string): StatusError | undefined {
    if (!ObjectCounter.counted(info.kind)) return undefined;
    const resource = info.group ? `${info.resource}.${info.group}` : info.resource;
    const ns = namespace ?? '';
    const used = this.inNamespace(ns);
    if (namespace && used >= this.limits.perNamespace) {
      return forbidden(`${resource} "${name}" is forbidden: exceeded quota: ${NAMESPACE_QUOTA}, requested: count/objects=1, used: count/objects=${used}, limited: count/objects=${this.limits.perNamespace}`, info, name);
    }
    if (this.all >= this.limits.total) {
      return forbidden(`${resource} "${name}" is forbidden: exceeded quota: ${CLUSTER_QUOTA}, requested: count/objects=1, used: count/objects=${this.all}, limited: count/objects=${this.limits.total}`, info, name);
    }
    return undefined;
  }
}
