/**
 * OpenAPI schemas as upstream's v1.32 specs have them, built from the one schema source
 * (shared/k8s/schema/types.generated.ts: field types, required fields, enums) and the generated
 * descriptions (openapi-docs.generated.ts), in either dialect: v3 components (a reference wrapped
 * in `allOf` beside its field's description) or v2 definitions (a bare `$ref` beside it).
 * `kubectl explain` walks these: descriptions, references, `enum` values and
 * `x-kubernetes-group-version-kind` on the top-level kinds.
 */
import { ROOT_TYPES, SCHEMA_TYPES } from '../../shared/k8s/schema/types.generated';
import { OPENAPI_DOCS, OPENAPI_ENUMS, OPENAPI_PATCH, SCHEMA_NAMES } from './openapi-docs.generated';

export type JsonSchema = Record<string, unknown>;

/** v3 refers to `#/components/schemas/`, v2 to `#/definitions/`. */
export type Dialect = 'v2' | 'v3';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const TIME = `${META}.Time`;
const MICRO_TIME = `${META}.MicroTime`;
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/**
 * The apimachinery value types as upstream's v3 documents describe them: Time as a date-time
 * string, IntOrString and Quantity as a oneOf with no `type` (so explain names them).
 */
const VALUE_SCHEMAS: Record<string, JsonSchema> = {
  [TIME]: { description: 'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.', type: 'string', format: 'date-time' },
  [MICRO_TIME]: { description: 'MicroTime is version of Time with microsecond level precision.', type: 'string', format: 'date-time' },
  [INT_OR_STRING]: { description: 'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.', format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
  [QUANTITY]: { description: 'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.', oneOf: [{ type: 'string' }, { type: 'number' }] },
};

/** v2's value types: plain strings with a format (v2 has no oneOf). */
const VALUE_SCHEMAS_V2: Record<string, JsonSchema> = {
  [TIME]: VALUE_SCHEMAS[TIME]!,
  [MICRO_TIME]: VALUE_SCHEMAS[MICRO_TIME]!,
  [INT_OR_STRING]: { description: VALUE_SCHEMAS[INT_OR_STRING]!.description, type: 'string', format: 'int-or-string' },
  [QUANTITY]: { description: VALUE_SCHEMAS[QUANTITY]!.description, type: 'string' },
};

const ref = (name: string, dialect: Dialect): JsonSchema => ({ $ref: dialect === 'v3' ? `#/components/schemas/${name}` : `#/definitions/${name}` });

/** A field code's schema and the component names it references. */
function codeSchema(code: string, enumValues: string[] | undefined, refs: Set<string>, dialect: Dialect): JsonSchema {
  if (code.startsWith('[]')) return { type: 'array', items: codeSchema(code.slice(2), undefined, refs, dialect) };
  if (code.startsWith('{}')) return { type: 'object', additionalProperties: codeSchema(code.slice(2), undefined, refs, dialect) };
  switch (code) {
    case 'i32':
      return { type: 'integer', format: 'int32' };
    case 'i64':
      return { type: 'integer', format: 'int64' };
    case 'f64':
      return { type: 'number', format: 'double' };
    case 'bool':
      return { type: 'boolean' };
    case 'bytes':
      return { type: 'string', format: 'byte' };
    case 'any':
      return { type: 'object' };
    case 'time':
    case 'mtime':
    case 'ios':
    case 'qty': {
      const name = code === 'time' ? TIME : code === 'mtime' ? MICRO_TIME : code === 'ios' ? INT_OR_STRING : QUANTITY;
      refs.add(name);
      return ref(name, dialect);
    }
    default:
      if (code === 'str' || /^[a-z0-9]+\.\w+$/.test(code)) return enumValues ? { type: 'string', enum: enumValues } : { type: 'string' };
      refs.add(SCHEMA_NAMES[code] ?? code);
      return ref(SCHEMA_NAMES[code] ?? code, dialect);
  }
}

/** The GVK a root model stands for, from ROOT_TYPES ("apps/v1/Deployment" -> V1Deployment). */
const GVK_BY_MODEL = new Map<string, { group: string; version: string; kind: string }>();
for (const [key, model] of Object.entries(ROOT_TYPES)) {
  const parts = key.split('/');
  const kind = parts.pop()!;
  const version = parts.pop()!;
  GVK_BY_MODEL.set(model, { group: parts[0] ?? '', version, kind });
}

const MODEL_BY_NAME = new Map(Object.entries(SCHEMA_NAMES).map(([model, name]) => [name, model]));

/** One model's component schema; `refs` collects what it references. */
function modelSchema(model: string, refs: Set<string>, dialect: Dialect): JsonSchema {
  const type = SCHEMA_TYPES[model]!;
  const docs = OPENAPI_DOCS[model];
  const properties: Record<string, JsonSchema> = {};
  for (const field of Object.keys(type.f).sort()) {
    const key = `${model}.${field}`;
    const inner = codeSchema(type.f[field]!, OPENAPI_ENUMS[key], refs, dialect);
    const description = docs?.f[field];
    // In v3 a reference is wrapped in allOf so it can carry the field's own description.
    const schema: JsonSchema = inner.$ref && dialect === 'v3' ? { allOf: [inner] } : { ...inner };
    const patch = OPENAPI_PATCH[key];
    if (patch?.key) schema['x-kubernetes-patch-merge-key'] = patch.key;
    if (patch) schema['x-kubernetes-patch-strategy'] = patch.strategy;
    properties[field] = description ? { description, ...schema } : schema;
  }
  const out: JsonSchema = {};
  if (docs?.d) out.description = docs.d;
  out.type = 'object';
  out.properties = properties;
  if (type.r) out.required = [...type.r].sort();
  const gvk = GVK_BY_MODEL.get(model);
  if (gvk) out['x-kubernetes-group-version-kind'] = [gvk];
  return out;
}

/** The upstream schema name for a kind (io.k8s.api.apps.v1.Deployment), when the schema source has it. */
export function schemaNameForKind(group: string, version: string, kind: string): string | undefined {
  const model = ROOT_TYPES[group ? `${group}/${version}/${kind}` : `${version}/${kind}`];
  return model ? SCHEMA_NAMES[model] : undefined;
}

/**
 * The component schemas reachable from `names`, each built once. Unknown names (kinds the
 * schema source does not describe) are left to the caller.
 */
export function componentSchemas(names: readonly string[], dialect: Dialect = 'v3'): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  const values = dialect === 'v3' ? VALUE_SCHEMAS : VALUE_SCHEMAS_V2;
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (out[name]) continue;
    if (values[name]) {
      out[name] = values[name]!;
      continue;
    }
    const model = MODEL_BY_NAME.get(name);
    if (!model) continue;
    const refs = new Set<string>();
    out[name] = modelSchema(model, refs, dialect);
    for (const r of refs) if (!out[r]) queue.push(r);
  }
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]!]));
}

/** The schema name upstream would use for a kind the schema source lacks (metrics, reviews). */
export function fallbackSchemaName(group: string, version: string, kind: string): string {
  if (group === 'metrics.k8s.io') return `io.k8s.metrics.pkg.apis.metrics.${version}.${kind}`;
  const pkg = group === '' ? 'core' : group.replace(/\.k8s\.io$/, '').replace(/\./g, '');
  return `io.k8s.api.${pkg}.${version}.${kind}`;
}

// The first sentences of upstream's descriptions (metrics-server, k8s.io/api authorization and authentication).
const FALLBACK_DESCRIPTIONS: Record<string, string> = {
  NodeMetrics: 'NodeMetrics sets resource usage metrics of a node.',
  PodMetrics: 'PodMetrics sets resource usage metrics of a pod.',
  SelfSubjectAccessReview: 'SelfSubjectAccessReview checks whether or the current user can perform an action.  Not filling in a spec.namespace means "in all namespaces".  Self is a special case, because users should always be able to check whether they can perform an action',
  SelfSubjectRulesReview: 'SelfSubjectRulesReview enumerates the set of actions the current user can perform within a namespace.',
  SelfSubjectReview: 'SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request.',
};

/** A schema for such a kind: its type meta and metadata, so explain still finds it. */
export function fallbackSchema(group: string, version: string, kind: string, dialect: Dialect = 'v3'): JsonSchema {
  const meta = OPENAPI_DOCS.V1Pod?.f ?? {};
  return {
    ...(FALLBACK_DESCRIPTIONS[kind] ? { description: FALLBACK_DESCRIPTIONS[kind] } : {}),
    type: 'object',
    properties: {
      apiVersion: { description: meta.apiVersion, type: 'string' },
      kind: { description: meta.kind, type: 'string' },
      metadata: dialect === 'v3' ? { description: meta.metadata, allOf: [ref(`${META}.ObjectMeta`, dialect)] } : { description: meta.metadata, ...ref(`${META}.ObjectMeta`, dialect) },
    },
    'x-kubernetes-group-version-kind': [{ group, version, kind }],
  };
}

/** Every upstream schema name the schema source describes (all served kinds and what they use). */
export function allSchemaNames(): string[] {
  return Object.values(SCHEMA_NAMES);
}
