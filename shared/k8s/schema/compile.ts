/**
 * Turns the generated schema's compact field codes into linked node objects once, so the decoder's
 * walk does a property read per field instead of parsing codes. Each node carries the Go type name
 * the API server prints in type errors (`[]v1.Container`, `intstr.IntOrString`, `v1.ResourceList`).
 */
import { ENUM_VALUES, ROOT_TYPES, SCHEMA_TYPES } from './types.generated';

export type NodeKind = 'int' | 'float' | 'string' | 'bool' | 'bytes' | 'time' | 'microtime' | 'intorstring' | 'quantity' | 'any' | 'struct' | 'array' | 'map';

export interface SchemaNode {
  kind: NodeKind;
  /** Go's reflect.Type.String() of the field's type. */
  go: string;
  /** int fields: the largest value the Go integer type holds. */
  max?: number;
  elem?: SchemaNode;
  /** struct nodes */
  model?: string;
  /** Go struct name: the model name without its group/version prefix. */
  struct?: string;
  fields?: Map<string, FieldNode>;
  required?: string[];
}

export interface FieldNode {
  node: SchemaNode;
  /** Values upstream validation supports, for enum fields (and arrays of enums). */
  enumValues?: string[];
  /** Model.jsonName of an enum field (V1PodSpec.restartPolicy), the key of ENUM_VALUES. */
  enumKey?: string;
}

const MODEL_PREFIX = /^([A-Z][a-z]+)*?(V\d+(?:alpha\d+|beta\d+)?)(?=[A-Z])/;

/** V1DeploymentSpec → DeploymentSpec, CoreV1Event → Event (Go's struct name). */
export function structName(model: string): string {
  return model.replace(MODEL_PREFIX, '');
}

function packageName(model: string): string {
  return MODEL_PREFIX.exec(model)?.[2]?.toLowerCase() ?? 'v1';
}

const SCALARS: Record<string, SchemaNode> = {
  i32: { kind: 'int', go: 'int32', max: 2 ** 31 - 1 },
  i64: { kind: 'int', go: 'int64', max: 2 ** 63 },
  f64: { kind: 'float', go: 'float64' },
  str: { kind: 'string', go: 'string' },
  bool: { kind: 'bool', go: 'bool' },
  bytes: { kind: 'bytes', go: '[]uint8' },
  time: { kind: 'time', go: 'v1.Time' },
  mtime: { kind: 'microtime', go: 'v1.MicroTime' },
  ios: { kind: 'intorstring', go: 'intstr.IntOrString' },
  qty: { kind: 'quantity', go: 'resource.Quantity' },
  any: { kind: 'any', go: 'interface {}' },
};

const structs = new Map<string, SchemaNode>();

function nodeFor(code: string): SchemaNode {
  if (code.startsWith('[]')) {
    const elem = nodeFor(code.slice(2));
    return { kind: 'array', go: `[]${elem.go}`, elem };
  }
  if (code.startsWith('{}')) {
    const elem = nodeFor(code.slice(2));
    // A map of quantities is a v1.ResourceList upstream.
    return { kind: 'map', go: elem.kind === 'quantity' ? 'v1.ResourceList' : `map[string]${elem.go}`, elem };
  }
  const scalar = SCALARS[code];
  if (scalar) return scalar;
  // A named Go string type (v1.Protocol, types.UID).
  if (code.includes('.')) return { kind: 'string', go: code };
  return structNode(code);
}

function structNode(model: string): SchemaNode {
  const known = structs.get(model);
  if (known) return known;
  const type = SCHEMA_TYPES[model];
  if (!type) throw new Error(`schema has no type ${model}`);
  const node: SchemaNode = { kind: 'struct', go: `${packageName(model)}.${structName(model)}`, model, struct: structName(model), fields: new Map() };
  if (type.r) node.required = type.r;
  structs.set(model, node);
  for (const [name, code] of Object.entries(type.f)) {
    const field: FieldNode = { node: nodeFor(code) };
    const values = ENUM_VALUES[`${model}.${name}`];
    if (values) {
      field.enumValues = values;
      field.enumKey = `${model}.${name}`;
    }
    node.fields!.set(name, field);
  }
  return node;
}

/** The root node for an apiVersion and kind the server decodes, or undefined. */
export function rootNode(apiVersion: string, kind: string): SchemaNode | undefined {
  const model = ROOT_TYPES[`${apiVersion}/${kind}`];
  return model ? structNode(model) : undefined;
}
