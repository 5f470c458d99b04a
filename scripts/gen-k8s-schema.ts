/**
 * Generates shared/k8s/schema/types.generated.ts, the one schema source the API server's decoder
 * and the store's validation read: every type reachable from the kinds the server accepts, from
 * @kubernetes/client-node's generated models (built from the Kubernetes v1.32.0 OpenAPI spec).
 * client-node drops two facts the real server relies on, so they come from the override tables
 * below: which string fields are resource.Quantity, and which fields are enums (with the Go type
 * name and the values upstream validation lists). Run: npx tsx scripts/gen-k8s-schema.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MODELS = join(process.cwd(), 'node_modules/@kubernetes/client-node/dist/gen/models');
export const OUTPUT = join(process.cwd(), 'shared/k8s/schema/types.generated.ts');

/** The kinds the API server decodes request bodies into, by apiVersion/kind. */
const ROOTS: Record<string, string> = {
  'v1/Namespace': 'V1Namespace',
  'v1/Node': 'V1Node',
  'v1/Pod': 'V1Pod',
  'apps/v1/ReplicaSet': 'V1ReplicaSet',
  'apps/v1/Deployment': 'V1Deployment',
  'batch/v1/Job': 'V1Job',
  'batch/v1/CronJob': 'V1CronJob',
  'apps/v1/DaemonSet': 'V1DaemonSet',
  'apps/v1/ControllerRevision': 'V1ControllerRevision',
  'v1/Service': 'V1Service',
  'discovery.k8s.io/v1/EndpointSlice': 'V1EndpointSlice',
  'v1/Endpoints': 'V1Endpoints',
  'v1/ConfigMap': 'V1ConfigMap',
  'v1/Secret': 'V1Secret',
  'v1/PersistentVolume': 'V1PersistentVolume',
  'v1/PersistentVolumeClaim': 'V1PersistentVolumeClaim',
  'storage.k8s.io/v1/StorageClass': 'V1StorageClass',
  'v1/Event': 'CoreV1Event',
  'events.k8s.io/v1/Event': 'EventsV1Event',
  'coordination.k8s.io/v1/Lease': 'V1Lease',
  // Subresource and option bodies.
  'v1/Binding': 'V1Binding',
  'policy/v1/Eviction': 'V1Eviction',
  'autoscaling/v1/Scale': 'V1Scale',
  'v1/DeleteOptions': 'V1DeleteOptions',
};

/**
 * Fields that are resource.Quantity upstream but plain strings in client-node. A map of quantities
 * is a v1.ResourceList upstream (map[ResourceName]resource.Quantity).
 */
const QUANTITY_FIELDS = new Set([
  'V1ResourceRequirements.limits',
  'V1ResourceRequirements.requests',
  'V1VolumeResourceRequirements.limits',
  'V1VolumeResourceRequirements.requests',
  'V1NodeStatus.capacity',
  'V1NodeStatus.allocatable',
  'V1PersistentVolumeSpec.capacity',
  'V1PersistentVolumeClaimStatus.capacity',
  'V1PersistentVolumeClaimStatus.allocatedResources',
  'V1ContainerStatus.allocatedResources',
  'V1PodSpec.overhead',
  'V1EmptyDirVolumeSource.sizeLimit',
  'V1ResourceFieldSelector.divisor',
]);

/**
 * Enum fields: the upstream Go type (for type errors) and the values upstream validation accepts,
 * in the order its "supported values" message lists them (pkg/apis/core/validation,
 * pkg/apis/apps/validation, apimachinery's metav1 validation).
 */
const ENUMS: Record<string, { go: string; values: string[] }> = {
  'V1PodSpec.restartPolicy': { go: 'v1.RestartPolicy', values: ['Always', 'OnFailure', 'Never'] },
  'V1PodSpec.dnsPolicy': { go: 'v1.DNSPolicy', values: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] },
  'V1PodSpec.preemptionPolicy': { go: 'v1.PreemptionPolicy', values: ['Never', 'PreemptLowerPriority'] },
  'V1Container.imagePullPolicy': { go: 'v1.PullPolicy', values: ['Always', 'IfNotPresent', 'Never'] },
  'V1Container.terminationMessagePolicy': { go: 'v1.TerminationMessagePolicy', values: ['File', 'FallbackToLogsOnError'] },
  'V1EphemeralContainer.imagePullPolicy': { go: 'v1.PullPolicy', values: ['Always', 'IfNotPresent', 'Never'] },
  'V1EphemeralContainer.terminationMessagePolicy': { go: 'v1.TerminationMessagePolicy', values: ['File', 'FallbackToLogsOnError'] },
  'V1ContainerPort.protocol': { go: 'v1.Protocol', values: ['SCTP', 'TCP', 'UDP'] },
  'V1ServicePort.protocol': { go: 'v1.Protocol', values: ['SCTP', 'TCP', 'UDP'] },
  'DiscoveryV1EndpointPort.protocol': { go: 'v1.Protocol', values: ['SCTP', 'TCP', 'UDP'] },
  'V1ServiceSpec.type': { go: 'v1.ServiceType', values: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] },
  'V1ServiceSpec.externalTrafficPolicy': { go: 'v1.ServiceExternalTrafficPolicy', values: ['Cluster', 'Local'] },
  'V1ServiceSpec.internalTrafficPolicy': { go: 'v1.ServiceInternalTrafficPolicy', values: ['Cluster', 'Local'] },
  'V1ServiceSpec.sessionAffinity': { go: 'v1.ServiceAffinity', values: ['ClientIP', 'None'] },
  'V1ServiceSpec.ipFamilyPolicy': { go: 'v1.IPFamilyPolicy', values: ['PreferDualStack', 'RequireDualStack', 'SingleStack'] },
  'V1ServiceSpec.ipFamilies': { go: 'v1.IPFamily', values: ['IPv4', 'IPv6'] },
  'V1DeploymentStrategy.type': { go: 'v1.DeploymentStrategyType', values: ['Recreate', 'RollingUpdate'] },
  // pkg/apis/batch/validation: validateJobSpec (completionMode) and validateConcurrencyPolicy.
  'V1JobSpec.completionMode': { go: 'v1.CompletionMode', values: ['NonIndexed', 'Indexed'] },
  'V1CronJobSpec.concurrencyPolicy': { go: 'v1.ConcurrencyPolicy', values: ['Allow', 'Forbid', 'Replace'] },
  'V1DaemonSetUpdateStrategy.type': { go: 'v1.DaemonSetUpdateStrategyType', values: ['RollingUpdate', 'OnDelete'] },
  'V1PersistentVolumeClaimSpec.accessModes': { go: 'v1.PersistentVolumeAccessMode', values: ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'] },
  'V1PersistentVolumeSpec.accessModes': { go: 'v1.PersistentVolumeAccessMode', values: ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'] },
  'V1PersistentVolumeClaimSpec.volumeMode': { go: 'v1.PersistentVolumeMode', values: ['Block', 'Filesystem'] },
  'V1PersistentVolumeSpec.volumeMode': { go: 'v1.PersistentVolumeMode', values: ['Block', 'Filesystem'] },
  'V1PersistentVolumeSpec.persistentVolumeReclaimPolicy': { go: 'v1.PersistentVolumeReclaimPolicy', values: ['Delete', 'Recycle', 'Retain'] },
  'V1StorageClass.reclaimPolicy': { go: 'v1.PersistentVolumeReclaimPolicy', values: ['Delete', 'Recycle', 'Retain'] },
  'V1StorageClass.volumeBindingMode': { go: 'v1.VolumeBindingMode', values: ['Immediate', 'WaitForFirstConsumer'] },
  'V1Taint.effect': { go: 'v1.TaintEffect', values: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
  'V1Toleration.operator': { go: 'v1.TolerationOperator', values: ['Equal', 'Exists'] },
  'V1Toleration.effect': { go: 'v1.TaintEffect', values: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
  'V1LabelSelectorRequirement.operator': { go: 'v1.LabelSelectorOperator', values: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
  'V1NodeSelectorRequirement.operator': { go: 'v1.NodeSelectorOperator', values: ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] },
  'V1TopologySpreadConstraint.whenUnsatisfiable': { go: 'v1.UnsatisfiableConstraintAction', values: ['DoNotSchedule', 'ScheduleAnyway'] },
  'V1EndpointSlice.addressType': { go: 'v1.AddressType', values: ['FQDN', 'IPv4', 'IPv6'] },
};

/** Named non-enum string types whose Go name shows in type errors. */
const GO_STRING_TYPES: Record<string, string> = {
  'V1ObjectMeta.uid': 'types.UID',
  'V1OwnerReference.uid': 'types.UID',
  'V1ObjectReference.uid': 'types.UID',
  'V1Secret.type': 'v1.SecretType',
  'V1PodStatus.phase': 'v1.PodPhase',
  'V1NamespaceStatus.phase': 'v1.NamespacePhase',
  'V1PersistentVolumeClaimStatus.phase': 'v1.PersistentVolumeClaimPhase',
  'V1PersistentVolumeStatus.phase': 'v1.PersistentVolumePhase',
};

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

function attributes(model: string): Attribute[] {
  const js = readFileSync(join(MODELS, `${model}.js`), 'utf8');
  const m = /\.attributeTypeMap = (\[[\s\S]*?\]);/.exec(js);
  if (!m) throw new Error(`no attributeTypeMap in ${model}`);
  return JSON.parse(m[1]!) as Attribute[];
}

function requiredFields(model: string): string[] {
  const dts = readFileSync(join(MODELS, `${model}.d.ts`), 'utf8');
  return [...dts.matchAll(/^ {4}'([^']+)': /gm)].map((m) => m[1]!);
}

/** The compact field code the decoder reads: scalars by name, `[]T` arrays, `{}T` maps, model names. */
function fieldCode(owner: string, a: Attribute, queue: string[]): string {
  const key = `${owner}.${a.baseName}`;
  const enumGo = ENUMS[key]?.go;
  if (QUANTITY_FIELDS.has(key)) return a.type.startsWith('{') ? '{}qty' : 'qty';
  const scalar = (type: string, format: string): string => {
    if (type === 'number') return format === 'int32' ? 'i32' : format === 'int64' ? 'i64' : 'f64';
    if (type === 'string') return format === 'byte' ? 'bytes' : (enumGo ?? GO_STRING_TYPES[key] ?? 'str');
    if (type === 'boolean') return 'bool';
    // client-node names v1.MicroTime as a model it does not generate.
    if (type === 'Date' || type === 'V1MicroTime') return format === 'date-time-micro' ? 'mtime' : 'time';
    if (type === 'IntOrString') return 'ios';
    if (type === 'any') return 'any';
    queue.push(type);
    return type;
  };
  const array = /^Array<(.+)>$/.exec(a.type);
  if (array) return `[]${scalar(array[1]!, a.format)}`;
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(a.type);
  if (map) return `{}${scalar(map[1]!, a.format)}`;
  return scalar(a.type, a.format);
}

export function generateSchemaModule(): string {
  const types: Record<string, { f: Record<string, string>; r?: string[] }> = {};
  const queue = Object.values(ROOTS);
  while (queue.length > 0) {
    const model = queue.shift()!;
    if (types[model]) continue;
    const f: Record<string, string> = {};
    types[model] = { f };
    for (const a of attributes(model)) f[a.baseName] = fieldCode(model, a, queue);
    const byName = new Map(attributes(model).map((a) => [a.name, a.baseName]));
    const required = requiredFields(model).map((n) => byName.get(n) ?? n);
    if (required.length) types[model].r = required;
  }
  const sorted = Object.fromEntries(Object.keys(types).sort().map((k) => [k, types[k]]));
  const enums = Object.fromEntries(Object.entries(ENUMS).filter(([k]) => types[k.split('.')[0]!]).map(([k, v]) => [k, v.values]));
  return [
    '// Generated by scripts/gen-k8s-schema.ts from @kubernetes/client-node (Kubernetes v1.32.0 OpenAPI). Do not edit.',
    '// Field codes: i32 i64 f64 str bool bytes time mtime ios qty any, a Go string type name (v1.Protocol),',
    '// a model name, `[]T` for arrays and `{}T` for maps. `r` lists the fields the OpenAPI spec marks required.',
    '',
    'export interface SchemaType {',
    '  f: Record<string, string>;',
    '  r?: string[];',
    '}',
    '',
    `export const ROOT_TYPES: Record<string, string> = ${JSON.stringify(ROOTS)};`,
    '',
    `export const SCHEMA_TYPES: Record<string, SchemaType> = ${JSON.stringify(sorted)};`,
    '',
    '/** Enum fields (Model.jsonName) and the values upstream validation supports, in its order. */',
    `export const ENUM_VALUES: Record<string, string[]> = ${JSON.stringify(enums)};`,
    '',
  ].join('\n');
}

if (process.argv[1] && /gen-k8s-schema\.ts$/.test(process.argv[1])) {
  writeFileSync(OUTPUT, generateSchemaModule());
  console.log(`wrote ${OUTPUT}`);
}
