/**
 * What the mutating admission plugins of a 1.32 API server add to an object at create, after
 * defaulting and before validation (so validation sees what is stored):
 * - ServiceAccount (plugin/pkg/admission/serviceaccount/admission.go): serviceAccountName
 *   `default`, and the projected `kube-api-access-<5 chars>` volume with the token, the cluster's
 *   CA and the namespace, mounted read-only in every container and init container;
 * - StorageObjectInUseProtection (plugin/pkg/admission/storage/storageobjectinuseprotection):
 *   the `kubernetes.io/pvc-protection` and `kubernetes.io/pv-protection` finalizers, which the
 *   protection controllers (controllers/protection.ts) remove once the object is no longer used.
 * Both handle only Create: an update never adds them.
 */
import type { Container, KubeObject, PodSpec } from '../../../shared/k8s/objects';
import type { Random } from '../clock/random';

/** plugin/pkg/admission/serviceaccount: ServiceAccountVolumeName and DefaultAPITokenMountPath. */
export const SERVICE_ACCOUNT_VOLUME_PREFIX = 'kube-api-access-';
export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** pkg/volume/util: PVCProtectionFinalizer and PVProtectionFinalizer. */
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';
/** The ConfigMap the root-ca-cert-publisher keeps in every namespace (controllers/rootca.ts). */
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
/** pkg/kubelet/types MirrorPodAnnotationKey: the API server leaves static pods' specs alone. */
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

type Obj = Record<string, unknown>;

/**
 * TokenVolumeSource: expirationSeconds 3607 is serviceaccount.WarnOnlyBoundTokenExpirationSeconds,
 * defaultMode 420 is set explicitly (ProjectedVolumeSourceDefaultMode).
 */
export function tokenVolumeSource(): Obj {
  return {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: ROOT_CA_CONFIGMAP, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  };
}

/** shouldAutomount: the pod's preference wins; there are no ServiceAccount objects to ask next, so the default (true) follows. */
function shouldAutomount(spec: PodSpec): boolean {
  return spec.automountServiceAccountToken !== false;
}

/** mountServiceAccountToken: every container without a mount at the token path gets one; the volume is added if any did. */
function mountServiceAccountToken(spec: PodSpec, rng: Random): void {
  const volumes = Array.isArray(spec.volumes) ? (spec.volumes as Obj[]) : undefined;
  if (spec.volumes !== undefined && !volumes) return; // not a list: validation refuses it
  const existing = volumes?.find((v) => typeof v.name === 'string' && v.name.startsWith(SERVICE_ACCOUNT_VOLUME_PREFIX));
  // names.SimpleNameGenerator: the prefix plus utilrand.String(5).
  const name = existing ? String(existing.name) : `${SERVICE_ACCOUNT_VOLUME_PREFIX}${rng.alphanumeric(5)}`;
  let needsVolume = false;
  const containers = [...((Array.isArray(spec.initContainers) ? spec.initContainers : []) as Container[]), ...(Array.isArray(spec.containers) ? spec.containers : [])];
  for (const c of containers) {
    if (!c || typeof c !== 'object') continue;
    const mounts = c.volumeMounts as Obj[] | undefined;
    if (mounts !== undefined && !Array.isArray(mounts)) continue;
    if (mounts?.some((m) => m?.mountPath === SERVICE_ACCOUNT_MOUNT_PATH)) continue;
    c.volumeMounts = [...(mounts ?? []), { name, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH }] as Container['volumeMounts'];
    needsVolume = true;
  }
  if (!existing && needsVolume) spec.volumes = [...(volumes ?? []), { name, projected: tokenVolumeSource() }] as PodSpec['volumes'];
}

function admitPod(pod: KubeObject, rng: Random): void {
  if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return;
  const spec = pod.spec as PodSpec | undefined;
  if (!spec || typeof spec !== 'object') return;
  // Defaulting already made it `default` when unset; kept here as the plugin does it.
  if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
  if (shouldAutomount(spec)) mountServiceAccountToken(spec, rng);
}

function addFinalizer(obj: KubeObject, finalizer: string): void {
  const finalizers = obj.metadata.finalizers;
  if (finalizers !== undefined && !Array.isArray(finalizers)) return;
  if (finalizers?.includes(finalizer)) return;
  obj.metadata.finalizers = [...(finalizers ?? []), finalizer];
}

/** The create-time admission of the plugins above; `rng` is the store's seeded PRNG. */
export function admitCreate(obj: KubeObject, rng: Random): void {
  switch (obj.kind) {
    case 'Pod':
      return admitPod(obj, rng);
    case 'PersistentVolumeClaim':
      return addFinalizer(obj, PVC_PROTECTION_FINALIZER);
    case 'PersistentVolume':
      return addFinalizer(obj, PV_PROTECTION_FINALIZER);
  }
}
