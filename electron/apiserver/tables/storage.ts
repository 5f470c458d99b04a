/**
 * Table rows for PersistentVolumes, PersistentVolumeClaims and StorageClasses, as upstream's
 * pkg/printers/internalversion/printers.go (1.32) prints them: access modes abbreviated, the
 * storage class from the beta annotation first, `<unset>` for unset volume modes and attribute
 * classes, and `(default)` after the default StorageClass's name.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import { since } from '../clock';
import { AGE_COLUMN, NAME_COLUMN, at, col, list, record, str } from './types';
import type { Cell, TablePrinter } from './types';

// pkg/apis/core/helper/helpers.go GetAccessModesAsString: fixed order, duplicates dropped.
const ACCESS_MODE_ABBREVIATIONS: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

export function accessModesString(modes: unknown): string {
  const present = new Set(list(modes).map(str));
  return ACCESS_MODE_ABBREVIATIONS.filter(([mode]) => present.has(mode))
    .map(([, short]) => short)
    .join(',');
}

// pkg/apis/core/helper/helpers.go GetPersistentVolumeClass / GetPersistentVolumeClaimClass.
const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

function storageClassOf(object: KubeObject, ...path: string[]): string {
  const annotations = object.metadata.annotations ?? {};
  if (Object.prototype.hasOwnProperty.call(annotations, BETA_STORAGE_CLASS)) return str(annotations[BETA_STORAGE_CLASS]);
  return str(at(object, ...path));
}

/** Phase, or Terminating once a deletion is pending. */
function phaseOf(object: KubeObject): string {
  return object.metadata.deletionTimestamp ? 'Terminating' : str(at(object, 'status', 'phase'));
}

function unsetOr(value: unknown): string {
  return typeof value === 'string' ? value : '<unset>';
}

export const persistentVolumeTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Capacity', "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
    col('Access Modes', 'accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes'),
    col('Reclaim Policy', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming'),
    col('Status', 'phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase'),
    col('Claim', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding'),
    col('StorageClass', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
    col('Reason', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    AGE_COLUMN,
    col('VolumeMode', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.', { priority: 1 }),
  ],
  row(pv, nowMs): Cell[] {
    const claimRef = at(pv, 'spec', 'claimRef');
    const claim = claimRef && typeof claimRef === 'object' ? `${str(at(claimRef, 'namespace'))}/${str(at(claimRef, 'name'))}` : '';
    return [
      pv.metadata.name,
      // An absent storage quantity prints as resource.Quantity's zero value.
      str(at(pv, 'spec', 'capacity', 'storage')) || '0',
      accessModesString(at(pv, 'spec', 'accessModes')),
      str(at(pv, 'spec', 'persistentVolumeReclaimPolicy')),
      phaseOf(pv),
      claim,
      storageClassOf(pv, 'spec', 'storageClassName'),
      unsetOr(at(pv, 'spec', 'volumeAttributesClassName')),
      str(at(pv, 'status', 'reason')),
      since(pv.metadata.creationTimestamp, nowMs),
      unsetOr(at(pv, 'spec', 'volumeMode')),
    ];
  },
};

export const persistentVolumeClaimTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1'),
    col('StorageClass', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
    AGE_COLUMN,
    col('VolumeMode', 'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.', { priority: 1 }),
  ],
  row(pvc, nowMs): Cell[] {
    // Capacity and access modes come from status, and only once the claim names its volume.
    const volumeName = str(at(pvc, 'spec', 'volumeName'));
    const bound = volumeName !== '';
    return [
      pvc.metadata.name,
      phaseOf(pvc),
      volumeName,
      bound ? str(at(pvc, 'status', 'capacity', 'storage')) || '0' : '',
      bound ? accessModesString(at(pvc, 'status', 'accessModes')) : '',
      storageClassOf(pvc, 'spec', 'storageClassName'),
      unsetOr(at(pvc, 'spec', 'volumeAttributesClassName')),
      since(pvc.metadata.creationTimestamp, nowMs),
      unsetOr(at(pvc, 'spec', 'volumeMode')),
    ];
  },
};

// pkg/apis/storage/util/helpers.go IsDefaultAnnotation.
function isDefaultClass(sc: KubeObject): boolean {
  const annotations = record(sc.metadata.annotations);
  return annotations['storageclass.kubernetes.io/is-default-class'] === 'true' || annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

export const storageClassTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Provisioner', 'provisioner indicates the type of the provisioner.'),
    col('ReclaimPolicy', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.'),
    col('VolumeBindingMode', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.'),
    col('AllowVolumeExpansion', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    AGE_COLUMN,
  ],
  row(sc, nowMs): Cell[] {
    return [
      isDefaultClass(sc) ? `${sc.metadata.name} (default)` : sc.metadata.name,
      str(at(sc, 'provisioner')),
      str(at(sc, 'reclaimPolicy')) || 'Delete',
      str(at(sc, 'volumeBindingMode')) || 'Immediate',
      at(sc, 'allowVolumeExpansion') === true,
      since(sc.metadata.creationTimestamp, nowMs),
    ];
  },
};
