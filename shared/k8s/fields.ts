/**
 * Field selectors (`--field-selector`): `path=value`, `path==value`, `path!=value`, comma-separated.
 * Paths are dotted JSON paths into the object (metadata.name, spec.nodeName, status.phase,
 * involvedObject.uid, ...). A missing field compares as the empty string, as upstream does for
 * spec.nodeName on unscheduled pods.
 */
export interface FieldRequirement {
  path: string;
  negate: boolean;
  value: string;
}

export class FieldSelectorParseError extends Error {}

export function parseFieldSelector(input: string | undefined): FieldRequirement[] {
  if (input === undefined || input.trim() === '') return [];
  return input.split(',').map((raw) => {
    const term = raw.trim();
    const m = /^([A-Za-z0-9_.\-/]+)\s*(!=|==|=)\s*(.*)$/.exec(term);
    if (!m) throw new FieldSelectorParseError(`invalid selector: '${term}'; can't understand '${term}'`);
    return { path: m[1]!, negate: m[2] === '!=', value: m[3]!.trim() };
  });
}

export function fieldValue(object: unknown, path: string): string {
  let cur: unknown = object;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'string' ? cur : String(cur);
}

export function matchesFields(requirements: FieldRequirement[], object: unknown): boolean {
  for (const req of requirements) {
    const equal = fieldValue(object, req.path) === req.value;
    if (equal === req.negate) return false;
  }
  return true;
}

/** Field paths the API server accepts per kind (others give 400 "field label not supported"). */
export const SUPPORTED_FIELDS: Record<string, string[]> = {
  '*': ['metadata.name', 'metadata.namespace'],
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  Event: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  Node: ['spec.unschedulable'],
  Namespace: ['status.phase'],
  Secret: ['type'],
  ReplicaSet: ['status.replicas'],
  DaemonSet: [],
  ControllerRevision: [],
  PersistentVolumeClaim: [],
};

export function isFieldSupported(kind: string, path: string): boolean {
  return (SUPPORTED_FIELDS['*']!.includes(path) || (SUPPORTED_FIELDS[kind] ?? []).includes(path)) ;
}
