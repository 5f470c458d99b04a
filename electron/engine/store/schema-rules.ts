/**
 * Required fields and enum values as validation errors, from what the schema decoder already
 * collected in its walk (no second pass over the object). The OpenAPI `required` lists are only a
 * starting point: upstream validation (pkg/apis/core/validation/validation.go,
 * pkg/apis/apps/validation/validation.go) enforces some of them, others are defaulted first or are
 * Go struct values that cannot be missing, so only the fields below count. Enums are reported as
 * upstream's field.NotSupported, except where upstream words them otherwise.
 */
import type { DecodeResult } from '../../../shared/k8s/schema/decode';
import { GoValue, type FieldError } from './errors';

/**
 * Model.field -> the detail upstream's field.Required gives ('' for none). Each is an OpenAPI
 * required field that validation.go refuses when empty after defaulting.
 */
export const ENFORCED_REQUIRED: Record<string, string> = {
  // ValidatePodSpec / validateContainers / validateContainerCommon
  'V1PodSpec.containers': '',
  'V1Container.name': '',
  'V1EphemeralContainer.name': '',
  // validateContainerPorts: a zero containerPort is Required, not out of range
  'V1ContainerPort.containerPort': '',
  // ValidateEnv, validateConfigMapKeySelector, validateSecretKeySelector, validateObjectFieldSelector
  'V1EnvVar.name': '',
  'V1ConfigMapKeySelector.key': '',
  'V1SecretKeySelector.key': '',
  'V1ObjectFieldSelector.fieldPath': '',
  'V1ResourceFieldSelector.resource': '',
  // ValidateVolumes and the volume sources learners use
  'V1Volume.name': '',
  'V1VolumeMount.name': '',
  'V1VolumeMount.mountPath': '',
  'V1KeyToPath.key': '',
  'V1KeyToPath.path': '',
  'V1HostPathVolumeSource.path': '',
  'V1PersistentVolumeClaimVolumeSource.claimName': '',
  'V1NFSVolumeSource.server': '',
  'V1NFSVolumeSource.path': '',
  'V1CSIVolumeSource.driver': '',
  'V1DownwardAPIVolumeFile.path': '',
  'V1ServiceAccountTokenProjection.path': '',
  // ValidatePodAffinityTermSelector / ValidateTopologyKey
  'V1PodAffinityTerm.topologyKey': 'can not be empty',
  'V1TopologySpreadConstraint.topologyKey': 'can not be empty',
  // validateNodeTaints -> validateTaintEffect(allowEmpty=false)
  'V1Taint.effect': '',
  // apps ValidateDeploymentSpec / ValidateReplicaSetSpec: a nil selector
  'V1DeploymentSpec.selector': '',
  'V1ReplicaSetSpec.selector': '',
  'V1DaemonSetSpec.selector': '',
  // storage ValidateStorageClass -> validateProvisioner
  'V1StorageClass.provisioner': '',
};

/** metav1validation.ValidateLabelSelectorRequirement and ValidateNodeSelectorRequirement. */
const INVALID_OPERATOR = 'not a valid selector operator';
const ENUM_AS_INVALID: Record<string, string> = {
  'V1LabelSelectorRequirement.operator': INVALID_OPERATOR,
  'V1NodeSelectorRequirement.operator': INVALID_OPERATOR,
};

function supported(values: string[]): string {
  return `supported values: ${values.map((v) => JSON.stringify(v)).join(', ')}`;
}

function enumError(v: DecodeResult['enumViolations'][number]): FieldError {
  const invalid = ENUM_AS_INVALID[v.key];
  if (invalid) return { type: 'FieldValueInvalid', field: v.path, value: v.value, detail: invalid };
  if (v.key === 'V1DeploymentStrategy.type') {
    // ValidateDeploymentStrategy reports field.NotSupported(fldPath, strategy, ...): the whole
    // strategy, printed with %#v. A type other than RollingUpdate gets no rollingUpdate default.
    const parent = v.path.slice(0, -'.type'.length);
    return { type: 'FieldValueNotSupported', field: parent, value: new GoValue(`apps.DeploymentStrategy{Type:${JSON.stringify(v.value)}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`), detail: supported(v.values) };
  }
  if (v.key === 'V1DaemonSetUpdateStrategy.type') {
    // ValidateDaemonSetUpdateStrategy: field.NotSupported(fldPath, strategy, ...), the same way.
    const parent = v.path.slice(0, -'.type'.length);
    return { type: 'FieldValueNotSupported', field: parent, value: new GoValue(`apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(v.value)}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}`), detail: supported(v.values) };
  }
  return { type: 'FieldValueNotSupported', field: v.path, value: v.value, detail: supported(v.values) };
}

/** The schema's validation errors for one object, handed out by path so they land in upstream's order. */
export class SchemaErrors {
  private pending: FieldError[];

  constructor(decoded: DecodeResult | undefined, skipPrefix?: string) {
    this.pending = [];
    if (!decoded || (decoded.missingFields.length === 0 && decoded.enumViolations.length === 0)) return;
    for (const m of decoded.missingFields) {
      const detail = ENFORCED_REQUIRED[m.key];
      if (detail === undefined) continue;
      this.pending.push(detail ? { type: 'FieldValueRequired', field: m.path, detail } : { type: 'FieldValueRequired', field: m.path });
    }
    for (const v of decoded.enumViolations) this.pending.push(enumError(v));
    if (skipPrefix) this.pending = this.pending.filter((e) => !e.field.startsWith(skipPrefix));
  }

  /**
   * The errors under a path prefix ('' for all that are left), minus any the hand-written checks
   * already reported for the same field and type. They are handed out once.
   */
  take(prefix: string, reported: FieldError[]): FieldError[] {
    if (this.pending.length === 0) return [];
    const taken: FieldError[] = [];
    const kept: FieldError[] = [];
    for (const e of this.pending) {
      if (!e.field.startsWith(prefix)) kept.push(e);
      else if (!reported.some((r) => r.field === e.field && r.type === e.type)) taken.push(e);
    }
    this.pending = kept;
    return taken;
  }
}
