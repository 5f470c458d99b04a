/**
 * The status an object starts with when it is created (the API server's PrepareForCreate resets
 * status): Pending pods with their QoS class, empty ReplicaSet counts, Active namespaces, and so on.
 */
import type { KubeObject, PodSpec } from '../../../shared/k8s/objects';

export function resetStatus(obj: KubeObject): void {
  switch (obj.kind) {
    case 'Pod':
      obj.status = { phase: 'Pending', qosClass: qosClass(obj.spec as PodSpec) };
      break;
    case 'Deployment':
    case 'ReplicaSet':
      obj.status = obj.kind === 'ReplicaSet' ? { replicas: 0 } : {};
      break;
    case 'DaemonSet':
      // apps.DaemonSetStatus{} as apps/v1 serializes it: the four counts without omitempty.
      obj.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
      break;
    // pkg/registry/batch: PrepareForCreate resets a Job's and a CronJob's status to empty.
    case 'Job':
    case 'CronJob':
      obj.status = {};
      break;
    case 'Service':
      obj.status = { loadBalancer: {} };
      break;
    case 'Namespace':
      obj.status = { phase: 'Active' };
      break;
    case 'PersistentVolumeClaim':
    case 'PersistentVolume':
      obj.status = { phase: 'Pending' };
      break;
    case 'Node':
      obj.status = {};
      break;
  }
}

/** The pod's QoS class, as computed at admission. */
export function qosClass(spec: PodSpec | undefined): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  // Status is reset before defaulting: a pod sent without a spec (or `spec: null`, pruned by the
  // decode step) has none yet, and validation refuses it just after.
  const containers = spec?.containers ?? [];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) if (!lim[r] || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
