/**
 * The storage-object-in-use protection controllers (pkg/controller/volume/pvcprotection and
 * pvprotection). Admission puts a finalizer on every claim and volume (store/admission.ts); a claim
 * deleted while a pod uses it therefore stays Terminating, and these controllers take the finalizer
 * off once nothing uses it, so the store finally removes it.
 * - A claim is in use while a scheduled pod (spec.nodeName set) has a persistentVolumeClaim volume
 *   naming it, whatever the pod's phase (podUsesPVC): a completed pod still blocks until deleted.
 * - A volume is in use while it is Bound (pvprotection isBeingUsed).
 * Both also add the finalizer to an object that lacks it and is not being deleted (NeedToAddFinalizer),
 * as upstream does for objects created before the admission plugin was enabled.
 */
import type { KubeObject, PersistentVolume, Pod } from '../../../shared/k8s/objects';
import type { Cause } from '../../../shared/sim/snapshot';
import type { EngineContext } from '../context';
import { PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER } from '../store/admission';
import { WorkQueue } from './workqueue';
import { syncErrorHandler } from './guard';

const PVC_CAUSE: Cause = { actor: 'controller', name: 'pvc-protection-controller' };
const PV_CAUSE: Cause = { actor: 'controller', name: 'pv-protection-controller' };

/** protectionutil.IsDeletionCandidate / NeedToAddFinalizer. */
function isDeletionCandidate(obj: KubeObject, finalizer: string): boolean {
  return !!obj.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).includes(finalizer);
}
function needsFinalizer(obj: KubeObject, finalizer: string): boolean {
  return !obj.metadata.deletionTimestamp && !(obj.metadata.finalizers ?? []).includes(finalizer);
}

/** The claims a pod names in its volumes. */
function claimsOf(pod: Pod): string[] {
  const volumes = pod.spec?.volumes;
  if (!Array.isArray(volumes)) return [];
  const out: string[] = [];
  for (const v of volumes as { persistentVolumeClaim?: { claimName?: unknown } }[]) {
    const claim = v?.persistentVolumeClaim?.claimName;
    if (typeof claim === 'string' && claim) out.push(claim);
  }
  return out;
}

/** volumeutil.IsPodTerminated: Failed or Succeeded, or deleted with every container stopped. */
function isPodTerminated(pod: Pod): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return true;
  return !!pod.metadata.deletionTimestamp && (pod.status?.containerStatuses ?? []).every((c) => !c.state?.running && !c.state?.waiting);
}

export class PvcProtectionController {
  readonly queue: WorkQueue;

  constructor(private ctx: EngineContext) {
    this.queue = new WorkQueue(ctx.clock, 10, (key) => this.sync(key), syncErrorHandler(ctx, 'pvc-protection-controller', 'PersistentVolumeClaim'));
    ctx.store.onChange((c) => {
      const o = c.object;
      if (o.kind === 'PersistentVolumeClaim' && c.type !== 'DELETED') {
        if (needsFinalizer(o, PVC_PROTECTION_FINALIZER) || isDeletionCandidate(o, PVC_PROTECTION_FINALIZER)) this.queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
      } else if (o.kind === 'Pod') {
        const pod = o as Pod;
        // enqueuePVCs: only a pod that can no longer block a claim is worth a look.
        if (c.type !== 'DELETED' && !isPodTerminated(pod) && pod.spec.nodeName) return;
        for (const claim of claimsOf(pod)) this.queue.add(`${pod.metadata.namespace}/${claim}`);
      }
    });
  }

  /** podUsesPVC over the namespace's pods. */
  private inUse(namespace: string, name: string): boolean {
    return (this.ctx.store.all('Pod', namespace) as Pod[]).some((pod) => !!pod.spec?.nodeName && claimsOf(pod).includes(name));
  }

  private sync(key: string): void {
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const pvc = this.ctx.store.get('PersistentVolumeClaim', namespace, name);
    if (!pvc) return;
    if (isDeletionCandidate(pvc, PVC_PROTECTION_FINALIZER)) {
      if (this.inUse(namespace, name)) return; // "Keeping PVC because it is being used"
      const finalizers = (pvc.metadata.finalizers ?? []).filter((f) => f !== PVC_PROTECTION_FINALIZER);
      this.ctx.store.update('PersistentVolumeClaim', { ...pvc, metadata: { ...pvc.metadata, finalizers } }, { ...PVC_CAUSE, detail: 'claim no longer used' });
      return;
    }
    if (needsFinalizer(pvc, PVC_PROTECTION_FINALIZER)) {
      this.ctx.store.update('PersistentVolumeClaim', { ...pvc, metadata: { ...pvc.metadata, finalizers: [...(pvc.metadata.finalizers ?? []), PVC_PROTECTION_FINALIZER] } }, { ...PVC_CAUSE, detail: 'add protection finalizer' });
    }
  }
}

export class PvProtectionController {
  readonly queue: WorkQueue;

  constructor(private ctx: EngineContext) {
    this.queue = new WorkQueue(ctx.clock, 10, (key) => this.sync(key), syncErrorHandler(ctx, 'pv-protection-controller', 'PersistentVolume'));
    ctx.store.onChange((c) => {
      const o = c.object;
      if (o.kind !== 'PersistentVolume' || c.type === 'DELETED') return;
      if (needsFinalizer(o, PV_PROTECTION_FINALIZER) || isDeletionCandidate(o, PV_PROTECTION_FINALIZER)) this.queue.add(o.metadata.name);
    });
  }

  private sync(name: string): void {
    const pv = this.ctx.store.get('PersistentVolume', undefined, name) as PersistentVolume | undefined;
    if (!pv) return;
    if (isDeletionCandidate(pv, PV_PROTECTION_FINALIZER)) {
      if (pv.status?.phase === 'Bound') return;
      const finalizers = (pv.metadata.finalizers ?? []).filter((f) => f !== PV_PROTECTION_FINALIZER);
      this.ctx.store.update('PersistentVolume', { ...pv, metadata: { ...pv.metadata, finalizers } }, { ...PV_CAUSE, detail: 'volume no longer bound' });
      return;
    }
    if (needsFinalizer(pv, PV_PROTECTION_FINALIZER)) {
      this.ctx.store.update('PersistentVolume', { ...pv, metadata: { ...pv.metadata, finalizers: [...(pv.metadata.finalizers ?? []), PV_PROTECTION_FINALIZER] } }, { ...PV_CAUSE, detail: 'add protection finalizer' });
    }
  }
}
