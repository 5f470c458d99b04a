/**
 * /openapi/v3 and its per-group-version documents: PATCH operations declaring the fieldValidation
 * parameter (so `apply`/`create -f` validate server-side) and the component schemas of every kind
 * the group-version serves, with what they reference, for `kubectl explain` (which reads v3 in
 * 1.32). SMP is deliberately not listed as a PATCH body type: the schemas carry no patch
 * strategies, so kubectl computes apply patches from its built-in types instead.
 */
import { createHash } from 'node:crypto';
import type { ResourceType } from '../engine/api';
import { groupVersion } from './catalog';
import { componentSchemas, fallbackSchema, fallbackSchemaName, schemaNameForKind } from './openapi-schemas';
import type { JsonSchema } from './openapi-schemas';

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function groupVersions(types: readonly ResourceType[]): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of types) seen.set(groupVersion(t), { group: t.group, version: t.version });
  return [...seen.values()];
}

// Documents are built once per type list (the context caches it): core/v1's is a few hundred KB.
const documentCache = new WeakMap<readonly ResourceType[], Map<string, Record<string, unknown> | undefined>>();
const indexCache = new WeakMap<readonly ResourceType[], Record<string, unknown>>();

export function openApiDocument(types: readonly ResourceType[], group: string, version: string): Record<string, unknown> | undefined {
  let cache = documentCache.get(types);
  if (!cache) {
    cache = new Map();
    documentCache.set(types, cache);
  }
  const key = `${group}/${version}`;
  if (!cache.has(key)) cache.set(key, buildDocument(types, group, version));
  return cache.get(key);
}

function buildDocument(types: readonly ResourceType[], group: string, version: string): Record<string, unknown> | undefined {
  const matching = types.filter((t) => t.group === group && t.version === version);
  if (matching.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const roots: string[] = [];
  const fallbacks: Record<string, JsonSchema> = {};
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
    const name = schemaNameForKind(t.group, t.version, t.kind);
    if (name) roots.push(name);
    else fallbacks[fallbackSchemaName(t.group, t.version, t.kind)] = fallbackSchema(t.group, t.version, t.kind);
  }
  const schemas = { ...componentSchemas([...roots, ...(Object.keys(fallbacks).length ? ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'] : [])]), ...fallbacks };
  const components = Object.fromEntries(Object.keys(schemas).sort().map((k) => [k, schemas[k]]));
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths, components: { schemas: components } };
}

export function openApiIndex(types: readonly ResourceType[]): Record<string, unknown> {
  const cached = indexCache.get(types);
  if (cached) return cached;
  const paths: Record<string, unknown> = {};
  for (const gv of groupVersions(types)) {
    const path = gvPath(gv.group, gv.version);
    const hash = createHash('sha256').update(JSON.stringify(openApiDocument(types, gv.group, gv.version))).digest('hex').slice(0, 32).toUpperCase();
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  }
  const index = { paths };
  indexCache.set(types, index);
  return index;
}
