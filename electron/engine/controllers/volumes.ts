/**
 * PersistentVolume binding and the default StorageClass's provisioner (minikube's hostpath
 * provisioner): a Pending claim of class `standard` gets a new PV `pvc-<uid>`, and both are bound;
 * claims without a class bind to a matching Available PV; a released PV with reclaim policy Delete
 * is deleted.
 */
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../../shared/k8s/objects';
import { quantityValue } from '../../../shared/k8s/quantity';
import type { Cause } from '../../../shared/sim/snapshot';
import { StatusError } from '../api';
import type { EngineContext } from '../context';
import { WorkQueue } from './workqueue';
import { syncErrorHandler } from './guard';

const CAUSE: Cause = { actor: 'controller', name: 'persistentvolume-binder-controller' };
const PROVISIONER = 'k8s.io/minikube-hostpath';

export class VolumeController {
  readonly queue: WorkQueue;

  constructor(private ctx: EngineContext) {
    this.queue = new WorkQueue(ctx.clock, 500, (key) => this.sync(key), syncErrorHandler(ctx, 'persistentvolume-binder-controller', (key) =>
      // ProvisioningFailed: the PV controller's reason when a claim cannot be provisioned.
      key.startsWith('pvc|') ? { kind: 'PersistentVolumeClaim', key: key.slice(4) } : { kind: 'PersistentVolume', key: key.slice(3) }, 'ProvisioningFailed'));
    ctx.store.onChange((c) => {
      if (c.object.kind === 'PersistentVolumeClaim' && c.type !== 'DELETED') this.queue.add(`pvc|${c.object.metadata.namespace}/${c.object.metadata.name}`);
      if (c.object.kind === 'PersistentVolumeClaim' && c.type === 'DELETED') {
        for (const pv of ctx.store.all('PersistentVolume') as PersistentVolume[]) if (pv.spec.claimRef?.uid === c.object.metadata.uid) this.queue.add(`pv|${pv.metadata.name}`);
      }
      if (c.object.kind === 'PersistentVolume' && c.type !== 'DELETED') this.queue.add(`pv|${c.object.metadata.name}`);
    });
  }

  private sync(key: string): void {
    try {
      if (key.startsWith('pvc|')) this.syncClaim(key.slice(4));
      else this.syncVolume(key.slice(3));
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
    }
  }

  private syncClaim(nsName: string): void {
    const [ns, name] = nsName.split('/') as [string, string];
    const store = this.ctx.store;
    const pvc = store.get('PersistentVolumeClaim', ns, name) as PersistentVolumeClaim | undefined;
    if (!pvc || pvc.status?.phase === 'Bound' || pvc.metadata.deletionTimestamp) return;
    const want = quantityValue(pvc.spec.resources?.requests?.storage ?? '0');
    const className = pvc.spec.storageClassName ?? '';
    let pv = (store.all('PersistentVolume') as PersistentVolume[]).find(
      (v) => (v.status?.phase === 'Available' || v.status?.phase === 'Pending') && !v.spec.claimRef && (v.spec.storageClassName ?? '') === className && quantityValue(v.spec.capacity?.storage ?? '0') >= want,
    );
    if (!pv && className) {
      const sc = store.get('StorageClass', undefined, className) as StorageClass | undefined;
      if (!sc) return;
      this.ctx.events.record(pvc, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${ns}/${name}"`, { component: `${PROVISIONER}_minikube` });
      pv = store.create('PersistentVolume', {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: `pvc-${pvc.metadata.uid}`, annotations: { 'hostPathProvisionerIdentity': 'minikube', 'pv.kubernetes.io/provisioned-by': PROVISIONER } },
        spec: {
          capacity: { storage: pvc.spec.resources?.requests?.storage ?? '1Gi' },
          accessModes: pvc.spec.accessModes ?? ['ReadWriteOnce'],
          persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
          storageClassName: className,
          hostPath: { path: `/tmp/hostpath-provisioner/${ns}/${name}`, type: '' },
          volumeMode: 'Filesystem',
          claimRef: { kind: 'PersistentVolumeClaim', namespace: ns, name, uid: pvc.metadata.uid!, apiVersion: 'v1', resourceVersion: pvc.metadata.resourceVersion! },
        },
      }, { ...CAUSE, name: PROVISIONER, detail: `provision for ${ns}/${name}` }) as PersistentVolume;
      this.ctx.events.record(pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pv.metadata.name}`, { component: `${PROVISIONER}_minikube` });
    }
    if (!pv) {
      this.ctx.events.record(pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', { component: 'persistentvolume-controller' });
      return;
    }
    const boundPv = store.update('PersistentVolume', { ...pv, spec: { ...pv.spec, claimRef: { kind: 'PersistentVolumeClaim', namespace: ns, name, uid: pvc.metadata.uid!, apiVersion: 'v1', resourceVersion: pvc.metadata.resourceVersion! } }, metadata: { ...pv.metadata, annotations: { ...(pv.metadata.annotations ?? {}), 'pv.kubernetes.io/bound-by-controller': 'yes' } } }, CAUSE) as PersistentVolume;
    store.update('PersistentVolume', { ...boundPv, status: { phase: 'Bound' } }, CAUSE, { subresource: 'status' });
    const claim = store.update('PersistentVolumeClaim', { ...pvc, spec: { ...pvc.spec, volumeName: pv.metadata.name }, metadata: { ...pvc.metadata, annotations: { ...(pvc.metadata.annotations ?? {}), 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes', 'volume.beta.kubernetes.io/storage-provisioner': PROVISIONER, 'volume.kubernetes.io/storage-provisioner': PROVISIONER } } }, CAUSE);
    store.update('PersistentVolumeClaim', { ...claim, status: { phase: 'Bound', accessModes: pv.spec.accessModes ?? ['ReadWriteOnce'], capacity: { ...(pv.spec.capacity ?? {}) } } }, CAUSE, { subresource: 'status' });
  }

  private syncVolume(name: string): void {
    const store = this.ctx.store;
    const pv = store.get('PersistentVolume', undefined, name) as PersistentVolume | undefined;
    if (!pv) return;
    const ref = pv.spec.claimRef;
    if (!ref) {
      if (pv.status?.phase !== 'Available') store.update('PersistentVolume', { ...pv, status: { phase: 'Available' } }, CAUSE, { subresource: 'status' });
      return;
    }
    const claim = store.get('PersistentVolumeClaim', ref.namespace, ref.name ?? '');
    if (claim && claim.metadata.uid === ref.uid) return;
    // The claim is gone: the volume is Released first, then reclaimed (pv_controller syncVolume,
    // reclaimVolume), so the pv-protection controller, which keeps a Bound volume, lets it go.
    if (pv.status?.phase !== 'Released') {
      store.update('PersistentVolume', { ...pv, status: { phase: 'Released' } }, CAUSE, { subresource: 'status' });
      return; // the status change syncs it again
    }
    if (pv.spec.persistentVolumeReclaimPolicy === 'Delete' && !pv.metadata.deletionTimestamp) store.delete('PersistentVolume', undefined, name, { ...CAUSE, detail: 'reclaim Delete' });
  }
}
