/**
 * /openapi/v2: the Swagger 2.0 document, as JSON or as the gnostic protobuf Document kubectl asks
 * for (`kubectl explain --output plaintext-openapiv2` reads it). It carries every served kind's
 * definitions and no paths: without a PATCH operation to read patch types from, `kubectl apply`
 * keeps computing strategic merge patches from its built-in types (cmd/apply/patcher.go
 * getPatchTypeFromOpenAPI: "unable to find any patch type ... in Open API").
 */
import { stringify } from 'yaml';
import type { ResourceType } from '../engine/api';
import { allSchemaNames, componentSchemas, fallbackSchema, fallbackSchemaName, schemaNameForKind } from './openapi-schemas';
import type { JsonSchema } from './openapi-schemas';

/** What kube-apiserver answers the protobuf Accept with (a media type Go's mime package parses). */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

const documentCache = new WeakMap<readonly ResourceType[], Record<string, unknown>>();
const protobufCache = new WeakMap<readonly ResourceType[], Buffer>();

export function openApiV2Document(types: readonly ResourceType[]): Record<string, unknown> {
  const cached = documentCache.get(types);
  if (cached) return cached;
  const fallbacks: Record<string, JsonSchema> = {};
  for (const t of types) {
    if (!schemaNameForKind(t.group, t.version, t.kind)) fallbacks[fallbackSchemaName(t.group, t.version, t.kind)] = fallbackSchema(t.group, t.version, t.kind, 'v2');
  }
  const schemas = { ...componentSchemas(allSchemaNames(), 'v2'), ...fallbacks };
  const definitions = Object.fromEntries(Object.keys(schemas).sort().map((k) => [k, schemas[k]]));
  const doc = { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths: {}, definitions };
  documentCache.set(types, doc);
  return doc;
}

export function openApiV2Protobuf(types: readonly ResourceType[]): Buffer {
  const cached = protobufCache.get(types);
  if (cached) return cached;
  const encoded = encodeDocument(openApiV2Document(types));
  protobufCache.set(types, encoded);
  return encoded;
}

/** True when the client asked for the protobuf form (kubectl's openapi v2 client does). */
export function wantsV2Protobuf(accept: string | undefined): boolean {
  return !!accept && accept.includes('protobuf');
}

// A minimal proto3 writer for gnostic's openapiv2/OpenAPIv2.proto (google/gnostic-models v0.6.8).
function varint(n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

function bytesField(field: number, value: Buffer): Buffer {
  return Buffer.concat([varint((field << 3) | 2), varint(value.length), value]);
}

function stringField(field: number, value: unknown): Buffer {
  return typeof value === 'string' && value !== '' ? bytesField(field, Buffer.from(value, 'utf8')) : Buffer.alloc(0);
}

/** gnostic Any{yaml=2}: kube-openapi stores enum values and vendor extensions as YAML text. */
function anyMessage(value: unknown): Buffer {
  return stringField(2, stringify(value));
}

function namedAny(name: string, value: unknown): Buffer {
  return Buffer.concat([stringField(1, name), bytesField(2, anyMessage(value))]);
}

function encodeSchema(schema: JsonSchema): Buffer {
  const parts: Buffer[] = [stringField(1, schema.$ref), stringField(2, schema.format), stringField(4, schema.description)];
  if (Array.isArray(schema.required)) for (const r of schema.required) parts.push(stringField(19, r));
  if (Array.isArray(schema.enum)) for (const e of schema.enum) parts.push(bytesField(20, anyMessage(e)));
  const additional = schema.additionalProperties;
  if (additional && typeof additional === 'object') parts.push(bytesField(21, bytesField(1, encodeSchema(additional as JsonSchema))));
  if (typeof schema.type === 'string') parts.push(bytesField(22, stringField(1, schema.type)));
  const items = schema.items;
  if (items && typeof items === 'object') parts.push(bytesField(23, bytesField(1, encodeSchema(items as JsonSchema))));
  const properties = schema.properties;
  if (properties && typeof properties === 'object') {
    const named = Object.entries(properties as Record<string, JsonSchema>).map(([name, s]) => bytesField(1, Buffer.concat([stringField(1, name), bytesField(2, encodeSchema(s))])));
    parts.push(bytesField(25, Buffer.concat(named)));
  }
  for (const [key, value] of Object.entries(schema)) if (key.startsWith('x-')) parts.push(bytesField(31, namedAny(key, value)));
  return Buffer.concat(parts);
}

function encodeDocument(doc: Record<string, unknown>): Buffer {
  const info = doc.info as { title: string; version: string };
  const definitions = Object.entries(doc.definitions as Record<string, JsonSchema>).map(([name, s]) => bytesField(1, Buffer.concat([stringField(1, name), bytesField(2, encodeSchema(s))])));
  return Buffer.concat([
    stringField(1, doc.swagger),
    bytesField(2, Buffer.concat([stringField(1, info.title), stringField(2, info.version)])),
    bytesField(8, Buffer.alloc(0)),
    bytesField(9, Buffer.concat(definitions)),
  ]);
}
