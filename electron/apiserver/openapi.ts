/**
 * /openapi/v3 and its per-group-version documents: just enough for `apply`/`create -f` (PATCH
 * operations declaring the fieldValidation parameter, so kubectl validates server-side) and for
 * `kubectl explain` (component schemas with x-kubernetes-group-version-kind). SMP is deliberately
 * not listed as a PATCH body type: kubectl then computes apply patches from its built-in types.
 */
import { createHash } from 'node:crypto';
import type { ResourceType } from '../engine/api';
import { groupVersion } from './catalog';
import { SCHEMAS, genericSchema, schemaName } from './openapi-schemas';
import type { SchemaDef } from './openapi-schemas';

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function groupVersions(types: readonly ResourceType[]): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of types) seen.set(groupVersion(t), { group: t.group, version: t.version });
  return [...seen.values()];
}

function fieldSchema(type: string, description: string): Record<string, unknown> {
  if (type.endsWith('[]')) {
    const inner = type.slice(0, -2);
    return { type: 'array', description, items: fieldSchema(inner, '') };
  }
  const clean = (s: Record<string, unknown>) => {
    if (!description) delete s.description;
    return s;
  };
  switch (type) {
    case 'string':
    case 'integer':
    case 'boolean':
      return clean({ type, description });
    case 'object':
      return clean({ type: 'object', description });
    case 'map':
      return clean({ type: 'object', description, additionalProperties: { type: 'string', default: '' } });
    default:
      return clean({ description, allOf: [{ $ref: `#/components/schemas/${type}` }] });
  }
}

function schemaJson(def: SchemaDef): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, [type, description]] of Object.entries(def.fields)) properties[name] = fieldSchema(type, description);
  const out: Record<string, unknown> = { description: def.description, type: 'object', properties };
  if (def.required) out.required = def.required;
  if (def.gvk) out['x-kubernetes-group-version-kind'] = [def.gvk];
  return out;
}

/** Every schema reachable from `name`, so a document is self-contained. */
function collect(name: string, into: Map<string, SchemaDef>, fallback: SchemaDef | undefined): void {
  if (into.has(name)) return;
  const def = SCHEMAS[name] ?? fallback;
  if (!def) return;
  into.set(name, def);
  for (const [type] of Object.values(def.fields)) {
    const ref = type.replace(/\[\]$/, '');
    if (ref.includes('.')) collect(ref, into, undefined);
  }
}

export function openApiDocument(types: readonly ResourceType[], group: string, version: string): Record<string, unknown> | undefined {
  const matching = types.filter((t) => t.group === group && t.version === version);
  if (matching.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas = new Map<string, SchemaDef>();
  const prefix = `/${gvPath(group, version)}`;
  for (const t of matching) {
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    const path = t.namespaced ? `${prefix}/namespaces/{namespace}/${t.resource}/{name}` : `${prefix}/${t.resource}/{name}`;
    paths[path] = {
      patch: {
        'x-kubernetes-group-version-kind': gvk,
        'x-kubernetes-action': 'patch',
        parameters: [
          { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } },
        ],
        requestBody: { content: { 'application/merge-patch+json': {}, 'application/json-patch+json': {}, 'application/apply-patch+yaml': {} } },
      },
    };
    const name = schemaName(t.group, t.version, t.kind);
    collect(name, schemas, genericSchema(t.group, t.version, t.kind));
  }
  const components: Record<string, unknown> = {};
  for (const [name, def] of schemas) components[name] = schemaJson(def);
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths, components: { schemas: components } };
}

export function openApiIndex(types: readonly ResourceType[]): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const gv of groupVersions(types)) {
    const path = gvPath(gv.group, gv.version);
    const hash = createHash('sha256').update(JSON.stringify(openApiDocument(types, gv.group, gv.version))).digest('hex').slice(0, 32).toUpperCase();
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  }
  return { paths };
}
