/**
 * fieldValidation for the parts of an object every kind shares: the top-level fields of each kind
 * and ObjectMeta. `kubectl apply` and `create -f` send fieldValidation=Strict, so a typo such as
 * `specs:` or `metadata.label` is refused with the strict decoding error a real server gives;
 * Warn (the default) lets the request through with a Warning header. Fields inside spec are
 * not checked (that needs every kind's full schema).
 */
import type { ServerResponse } from 'node:http';
import type { ResourceType } from '../engine/api';
import { errors } from './status';

const COMMON = ['apiVersion', 'kind', 'metadata'];
const TOP_LEVEL: Record<string, string[]> = {
  ConfigMap: [...COMMON, 'data', 'binaryData', 'immutable'],
  Secret: [...COMMON, 'data', 'stringData', 'type', 'immutable'],
  EndpointSlice: [...COMMON, 'addressType', 'endpoints', 'ports'],
  StorageClass: [...COMMON, 'provisioner', 'parameters', 'reclaimPolicy', 'mountOptions', 'allowVolumeExpansion', 'volumeBindingMode', 'allowedTopologies'],
  ServiceAccount: [...COMMON, 'secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
};
const OBJECT_META = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

/** Unknown field paths in an object of this type (top level and metadata only). */
export function unknownFields(type: ResourceType, object: Record<string, unknown>): string[] {
  // Events carry many top-level fields across two API versions; they are not checked.
  if (type.kind === 'Event') return [];
  const allowed = new Set(TOP_LEVEL[type.kind] ?? [...COMMON, 'spec', 'status']);
  const unknown = Object.keys(object).filter((key) => !allowed.has(key));
  const metadata = object.metadata;
  if (metadata && typeof metadata === 'object' && !Array.isArray(metadata)) {
    for (const key of Object.keys(metadata)) if (!OBJECT_META.has(key)) unknown.push(`metadata.${key}`);
  }
  return unknown;
}

/**
 * Applies the request's fieldValidation to an object: Strict refuses unknown fields with 400,
 * Warn (the default) adds a Warning header, Ignore does nothing.
 */
export function checkFields(res: ServerResponse, query: URLSearchParams, type: ResourceType, object: Record<string, unknown>): void {
  const mode = query.get('fieldValidation') ?? 'Warn';
  if (mode === 'Ignore') return;
  const unknown = unknownFields(type, object);
  if (unknown.length === 0) return;
  if (mode === 'Strict') {
    const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
    throw errors.badRequest(`${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: strict decoding error: ${list}`);
  }
  if (!res.headersSent) res.setHeader('Warning', unknown.map((f) => `299 - "unknown field \\"${f}\\""`).join(', '));
}
