/**
 * The inspector's YAML editor, applied like `kubectl apply` of one full object: parse (syntax errors
 * point at their line), find the resource type, refuse unknown fields as kubectl apply's
 * fieldValidation=Strict does, then create or replace through the store, which decodes (wrong
 * types) and validates. Any problem comes back with the field and line it concerns, and nothing is
 * written.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { KubelabServices } from '../../shared/ipc/contract';
import type { ApplyProblem, ApplyResult } from '../../shared/ipc/services/objects';
import type { KubeObject } from '../../shared/k8s/objects';
import { decodeAs, unknownFieldText } from '../../shared/k8s/schema/decode';
import { StatusError, type Engine } from '../engine/api';

const CAUSE = { actor: 'user' as const, name: 'kubelab-ui', detail: 'apply from the inspector' };

/** "spec.template.spec.containers[0].image" -> ['spec', 'template', 'spec', 'containers', 0, 'image'] */
export function fieldPath(field: string): (string | number)[] {
  return field
    .split(/\.|\[(\d+)\]/)
    .filter((part): part is string => part !== undefined && part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export function applyText(engine: Engine, text: string, dryRun = false): ApplyResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => ({ message: e.message.split('\n')[0] ?? e.message, line: lines.linePos(e.pos[0]).line })) };
  }
  const lineOf = (field: string | undefined): number | undefined => {
    if (!field) return undefined;
    const path = fieldPath(field);
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const object = doc.toJS() as KubeObject | null;
  const problems: ApplyProblem[] = [];
  if (!object || typeof object !== 'object' || Array.isArray(object)) return { ok: false, problems: [{ message: 'expected one object (a mapping with apiVersion, kind and metadata)', line: 1 }] };
  if (typeof object.apiVersion !== 'string') problems.push({ message: 'apiVersion is required', field: 'apiVersion' });
  if (typeof object.kind !== 'string') problems.push({ message: 'kind is required', field: 'kind' });
  if (typeof object.metadata?.name !== 'string' || object.metadata.name === '') problems.push({ message: 'metadata.name is required', field: 'metadata.name', line: lineOf('metadata') ?? 1 });
  if (problems.length) return { ok: false, problems };

  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const type = engine.store.resourceTypes().find((t) => t.kind === object.kind && t.group === group && t.version === version);
  if (!type) return { ok: false, problems: [{ message: `no matches for kind "${object.kind}" in version "${object.apiVersion}"`, field: 'kind', line: lineOf('kind') ?? 1 }] };
  // Strict decoding: unknown fields are refused, unless a wrong type (the store's 400) comes first.
  const decoded = decodeAs(object.apiVersion, object.kind, object);
  if (decoded && decoded.typeError === undefined && decoded.unknownFields.length > 0) {
    return {
      ok: false,
      problems: decoded.unknownFields.map((field) => {
        const line = lineOf(field);
        return { message: unknownFieldText(field), field, ...(line ? { line } : {}) };
      }),
    };
  }
  const namespace = type.namespaced ? (object.metadata.namespace ?? 'default') : undefined;
  const submitted: KubeObject = { ...object, metadata: { ...object.metadata, ...(namespace ? { namespace } : {}) } };

  try {
    const existing = engine.store.get(type, namespace, object.metadata.name);
    if (!existing) {
      engine.store.create(type, submitted, CAUSE, { dryRun });
      return { ok: true, action: 'created', kind: type.kind, ...(namespace ? { namespace } : {}), name: object.metadata.name };
    }
    // Editing what the inspector showed: keep the server-owned identity unless the text pins it.
    const next: KubeObject = {
      ...submitted,
      status: submitted.status ?? existing.status,
      metadata: { ...submitted.metadata, uid: existing.metadata.uid, resourceVersion: submitted.metadata.resourceVersion ?? existing.metadata.resourceVersion },
    };
    const same = JSON.stringify({ ...existing, status: undefined }) === JSON.stringify({ ...next, status: undefined });
    if (same) return { ok: true, action: 'unchanged', kind: type.kind, ...(namespace ? { namespace } : {}), name: object.metadata.name };
    engine.store.update(type, next, CAUSE, { dryRun });
    return { ok: true, action: 'configured', kind: type.kind, ...(namespace ? { namespace } : {}), name: object.metadata.name };
  } catch (error) {
    if (!(error instanceof StatusError)) throw error;
    const causes = error.status.details?.causes ?? [];
    if (causes.length === 0) return { ok: false, problems: [{ message: error.message }] };
    return {
      ok: false,
      problems: causes.map((c) => {
        const line = lineOf(c.field);
        return { message: c.message, ...(c.field ? { field: c.field } : {}), ...(line ? { line } : {}) };
      }),
    };
  }
}

export function createObjectsService(engine: Engine): KubelabServices['objects'] {
  return {
    apply: ({ text, dryRun }) => applyText(engine, text, dryRun ?? false),
  };
}
