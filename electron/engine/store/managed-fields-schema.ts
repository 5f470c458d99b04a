/**
 * What server-side apply needs to know of a type beyond its fields: which lists are associative
 * (x-kubernetes-list-type: map with x-kubernetes-list-map-keys), which are sets, which structs are
 * atomic (+structType=atomic), and which struct fields a zero-valued Go object already has (not
 * pointers), since an Update entry marks a node with `.` only when the write added it. Field shapes
 * come from the generated OpenAPI schema (shared/k8s/schema); the list semantics are the 1.32
 * OpenAPI extensions of k8s.io/api, written out here because the generated schema drops them.
 * Kinds the generated schema lacks (StatefulSet, Job, …) fall back to guesses by field name.
 */
import { rootNode, type SchemaNode } from '../../../shared/k8s/schema/compile';

export interface ListSemantics {
  type: 'atomic' | 'set' | 'map';
  keys?: readonly string[];
}

export interface Shape {
  node: SchemaNode | undefined;
  /** The model that declares this field, and the field's name. */
  parent: string | undefined;
  name: string;
  /** Under a container (for the `ports` guess on kinds without schema). */
  inContainer: boolean;
}

// k8s.io/api 1.32 `+listType=map` / `+listMapKey` (and patchMergeKey, which schemaconv maps the same way).
const LIST_MAP_KEYS: Record<string, readonly string[]> = {
  'V1PodSpec.containers': ['name'],
  'V1PodSpec.initContainers': ['name'],
  'V1PodSpec.ephemeralContainers': ['name'],
  'V1PodSpec.volumes': ['name'],
  'V1PodSpec.imagePullSecrets': ['name'],
  'V1PodSpec.hostAliases': ['ip'],
  'V1PodSpec.topologySpreadConstraints': ['topologyKey', 'whenUnsatisfiable'],
  'V1PodSpec.resourceClaims': ['name'],
  'V1PodSpec.schedulingGates': ['name'],
  'V1Container.ports': ['containerPort', 'protocol'],
  'V1Container.env': ['name'],
  'V1Container.volumeMounts': ['mountPath'],
  'V1Container.volumeDevices': ['devicePath'],
  'V1EphemeralContainer.ports': ['containerPort', 'protocol'],
  'V1EphemeralContainer.env': ['name'],
  'V1EphemeralContainer.volumeMounts': ['mountPath'],
  'V1EphemeralContainer.volumeDevices': ['devicePath'],
  'V1ServiceSpec.ports': ['port', 'protocol'],
  'V1ObjectMeta.ownerReferences': ['uid'],
  'V1PodStatus.conditions': ['type'],
  'V1PodStatus.podIPs': ['ip'],
  'V1PodStatus.hostIPs': ['ip'],
  'V1DeploymentStatus.conditions': ['type'],
  'V1ReplicaSetStatus.conditions': ['type'],
  'V1NodeStatus.conditions': ['type'],
  'V1NodeStatus.addresses': ['type'],
  'V1ServiceStatus.conditions': ['type'],
  'V1NamespaceStatus.conditions': ['type'],
  'V1PersistentVolumeClaimStatus.conditions': ['type'],
};

const LIST_SETS = new Set(['V1ObjectMeta.finalizers']);

/** Key fields with an OpenAPI default: SMD fills them in when an item omits them. */
const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

// `+structType=atomic` in k8s.io/api core/v1 and apimachinery meta/v1.
const ATOMIC_STRUCTS = new Set([
  'V1LabelSelector',
  'V1LocalObjectReference',
  'V1ObjectReference',
  'V1TypedLocalObjectReference',
  'V1TypedObjectReference',
  'V1SecretReference',
  'V1ConfigMapKeySelector',
  'V1SecretKeySelector',
  'V1ObjectFieldSelector',
  'V1ResourceFieldSelector',
  'V1NodeSelector',
  'V1NodeSelectorTerm',
  'V1TopologySelectorTerm',
]);

/** Fields that are not pointers in Go, so a zero-valued object has them (as {} or null). */
const ALWAYS_PRESENT = new Set(['metadata', 'spec', 'status', 'template', 'jobTemplate', 'strategy', 'updateStrategy', 'containers', 'loadBalancer', 'daemonEndpoints', 'kubeletEndpoint', 'nodeInfo', 'scaleTargetRef']);
const PRESENT_IN = new Map([['resources', new Set(['V1Container', 'V1EphemeralContainer', 'V1PersistentVolumeClaimSpec'])]]);

/** Models the fallback uses for well-known fields of kinds the generated schema lacks. */
const GUESSED_MODELS: Record<string, string> = { metadata: 'V1ObjectMeta', template: 'V1PodTemplateSpec', selector: 'V1LabelSelector' };

let guessNodes: Map<string, SchemaNode> | undefined;
function guessedNode(name: string): SchemaNode | undefined {
  if (!GUESSED_MODELS[name]) return undefined;
  guessNodes ??= new Map();
  let node = guessNodes.get(name);
  if (!node) {
    // Reach the models through a kind the schema has: Deployment spec.template and spec.selector.
    const deployment = rootNode('apps/v1', 'Deployment');
    const spec = deployment?.fields?.get('spec')?.node;
    node = name === 'metadata' ? deployment?.fields?.get('metadata')?.node : spec?.fields?.get(name)?.node;
    if (node) guessNodes.set(name, node);
  }
  return node;
}

export function rootShape(apiVersion: string, kind: string): Shape {
  return { node: rootNode(apiVersion, kind), parent: undefined, name: '', inContainer: false };
}

/** The shape of a field (or map entry) of a struct or map. */
export function childShape(shape: Shape, name: string): Shape {
  const node = shape.node;
  const inContainer = shape.inContainer || shape.name === 'containers' || shape.name === 'initContainers' || shape.name === 'ephemeralContainers';
  if (node?.kind === 'map') return { node: node.elem, parent: undefined, name, inContainer };
  if (node?.kind === 'struct') return { node: node.fields?.get(name)?.node, parent: node.model, name, inContainer };
  if (node) return { node: undefined, parent: undefined, name, inContainer };
  return { node: shape.name === 'jobTemplate' && name === 'spec' ? undefined : guessedNode(name), parent: undefined, name, inContainer };
}

/** The shape of a list's items. */
export function elemShape(shape: Shape): Shape {
  return { node: shape.node?.elem, parent: undefined, name: shape.name, inContainer: shape.inContainer };
}

/** Whether a key of an object value is a declared field (false for map entries and unknown fields). */
export function isDeclared(shape: Shape, name: string): boolean {
  const node = shape.node;
  if (!node) return true;
  return node.kind === 'struct' && !!node.fields?.has(name);
}

export function isAtomicStruct(shape: Shape): boolean {
  return !!shape.node?.model && ATOMIC_STRUCTS.has(shape.node.model);
}

/** A value the schema treats as one leaf (scalars, quantities, IntOrString, `any`). */
export function isScalarShape(shape: Shape): boolean {
  const kind = shape.node?.kind;
  return !!kind && kind !== 'struct' && kind !== 'map' && kind !== 'array';
}

export function listSemantics(shape: Shape): ListSemantics {
  const id = shape.parent ? `${shape.parent}.${shape.name}` : undefined;
  if (id && LIST_MAP_KEYS[id]) return { type: 'map', keys: LIST_MAP_KEYS[id] };
  if (id && LIST_SETS.has(id)) return { type: 'set' };
  if (id || shape.node) return { type: 'atomic' };
  switch (shape.name) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'env':
    case 'imagePullSecrets':
      return { type: 'map', keys: ['name'] };
    case 'ports':
      return { type: 'map', keys: shape.inContainer ? ['containerPort', 'protocol'] : ['port', 'protocol'] };
    case 'volumeMounts':
      return { type: 'map', keys: ['mountPath'] };
    case 'conditions':
      return { type: 'map', keys: ['type'] };
    case 'ownerReferences':
      return { type: 'map', keys: ['uid'] };
    case 'finalizers':
      return { type: 'set' };
    default:
      return { type: 'atomic' };
  }
}

/** The key values of an associative list item, defaults filled in as SMD fills them. */
export function itemKeys(keys: readonly string[], item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = item[key] ?? KEY_DEFAULTS[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Whether a zero-valued Go parent already has this field (so creating it adds no `.`). */
export function presentWhenZero(shape: Shape): boolean {
  if (ALWAYS_PRESENT.has(shape.name)) return shape.name !== 'containers' || !shape.parent || shape.parent === 'V1PodSpec';
  const within = PRESENT_IN.get(shape.name);
  return !!within && (!shape.parent || within.has(shape.parent));
}
