/**
 * VolumeBinding's PreFilter (pkg/scheduler/framework/plugins/volumebinding/volume_binding.go): a
 * pod whose PersistentVolumeClaim is missing, lost or being deleted, or whose claim of an
 * Immediate-binding class is not bound yet, fits no node. The verdict is
 * UnschedulableAndUnresolvable with podHasPVCs' error or "pod has unbound immediate
 * PersistentVolumeClaims", which FitError prints once as its PreFilter message. Generic ephemeral
 * volumes are not counted: no controller here creates their claims.
 */
import type { PersistentVolumeClaim, StorageClass, Volume } from '../../../../shared/k8s/objects';
import type { ObjectStore } from '../../store/store';
import { SUCCESS, unresolvable, type PreFilterPlugin, type Status } from '../framework';

const NAME = 'VolumeBinding';
/** volume.AnnBindCompleted: the PV controller finished binding the claim. */
const BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';

/** isPVCFullyBound, also taking a claim whose status says Bound (a loaded or pre-bound one). */
function fullyBound(pvc: PersistentVolumeClaim): boolean {
  if (pvc.status?.phase === 'Bound') return true;
  return !!pvc.spec.volumeName && pvc.metadata.annotations?.[BIND_COMPLETED] !== undefined;
}

/** volume.IsDelayBindingMode: only a class that exists and says WaitForFirstConsumer delays binding. */
function delaysBinding(store: ObjectStore, pvc: PersistentVolumeClaim): boolean {
  const className = pvc.spec.storageClassName ?? '';
  if (!className) return false;
  const sc = store.get('StorageClass', undefined, className) as (StorageClass & { volumeBindingMode?: string }) | undefined;
  return sc?.volumeBindingMode === 'WaitForFirstConsumer';
}

export function volumeBindingPreFilter(store: ObjectStore): PreFilterPlugin {
  return {
    name: NAME,
    preFilter(state): Status {
      const pod = state.pod;
      const volumes = pod.spec.volumes as Volume[] | undefined;
      if (!volumes) return SUCCESS;
      const ns = pod.metadata.namespace ?? 'default';
      let unboundImmediate = false;
      for (const v of volumes) {
        const claimName = v.persistentVolumeClaim?.claimName;
        if (claimName === undefined) continue;
        const pvc = store.get('PersistentVolumeClaim', ns, claimName) as PersistentVolumeClaim | undefined;
        // podHasPVCs: the lister's NotFound error, then the claim's own state.
        if (!pvc) return unresolvable(NAME, `persistentvolumeclaim "${claimName}" not found`);
        if (pvc.status?.phase === 'Lost') return unresolvable(NAME, `persistentvolumeclaim "${claimName}" bound to non-existent persistentvolume "${pvc.spec.volumeName ?? ''}"`);
        if (pvc.metadata.deletionTimestamp) return unresolvable(NAME, `persistentvolumeclaim "${claimName}" is being deleted`);
        if (!fullyBound(pvc) && !delaysBinding(store, pvc)) unboundImmediate = true;
      }
      return unboundImmediate ? unresolvable(NAME, 'pod has unbound immediate PersistentVolumeClaims') : SUCCESS;
    },
  };
}
