/**
 * Decodes a parsed request body against its kind's schema the way the API server's decoder does
 * (sigs.k8s.io/json, a fork of Go's encoding/json, into the kind's Go struct), in one walk:
 *
 * - type errors, worded as Go's UnmarshalTypeError: `json: cannot unmarshal string into Go struct
 *   field DeploymentSpec.spec.replicas of type int32` (Struct is the Go struct holding the field,
 *   Field the dotted path from the root without indexes). Go keeps only the first and carries on,
 *   so a later error from a custom UnmarshalJSON (Quantity, IntOrString, Time), which aborts the
 *   decode at once, wins over an earlier type error, as it does upstream.
 * - strict decoding errors: unknown fields with indexed paths, `unknown field "spec.containers[0].foo"`.
 * - facts validation needs from the same walk: enum values outside the supported set and missing
 *   fields the OpenAPI spec marks required (validation decides which of them upstream enforces).
 *
 * null is accepted everywhere (Go leaves the zero value). Recursion is bounded by the body depth
 * limit the API server enforces before decoding (100 levels).
 */
import { quantitySyntaxError } from '../quantity';
import { rootNode, type SchemaNode } from './compile';
import { goTimeParseError } from './go-time';

export interface EnumViolation {
  path: string;
  /** Model.field, e.g. V1PodSpec.restartPolicy, for validation's choice of wording. */
  key: string;
  value: string;
  values: string[];
}

export interface MissingField {
  /** Indexed path of the missing field (`spec.containers[0].name`). */
  path: string;
  /** Model.field, e.g. V1Container.name, for validation's allow-list. */
  key: string;
}

export interface DecodeResult {
  /** The decode error the API server reports (first type error, or the aborting error), if any. */
  typeError?: string;
  /** The indexed path of the field the type error concerns (`spec.containers[0].ports`). */
  typeErrorPath?: string;
  /** Unknown field paths, in document order. */
  unknownFields: string[];
  enumViolations: EnumViolation[];
  missingFields: MissingField[];
  /**
   * How many nulls the walk met where Go would leave a zero value (struct fields, map values, list
   * items): a caller that did not ask for pruneNulls can tell whether a pruning pass is needed.
   */
  nulls: number;
}

export interface DecodeOptions {
  /**
   * The source text of a number as the client wrote it (`1e308`, `1.0`), when the parser knows it
   * and the value was never also written as a plain integer: Go reports and checks the literal.
   */
  numberText?: (value: number) => string | undefined;
  /**
   * Delete struct fields that are null, in place, as decoding into Go and encoding again does
   * (the zero value is omitted), and turn null map values and list items into their zero value
   * (Go's decoder stores the zero element for them): readers never meet a null where a value belongs.
   */
  pruneNulls?: boolean;
}

class Walk {
  typeError: string | undefined;
  typeErrorPath = '';
  fatal = false;
  readonly unknownFields: string[] = [];
  readonly enumViolations: EnumViolation[] = [];
  readonly missingFields: MissingField[] = [];
  nulls = 0;
  /** Go's FieldStack: field names only. */
  private goPath: string[] = [];
  /** The strict path: `spec`, `.containers`, `[0]`. */
  private strictPath: string[] = [];
  private struct = '';

  constructor(
    private numberText: ((value: number) => string | undefined) | undefined,
    private pruneNulls: boolean,
  ) {}

  private strictAt(key: string): string {
    return this.strictPath.length === 0 ? key : `${this.strictPath.join('')}.${key}`;
  }

  private context(): string {
    return this.goPath.length === 0 ? 'Go value' : `Go struct field ${this.struct}.${this.goPath.join('.')}`;
  }

  /** A saved UnmarshalTypeError: only the first counts, decoding goes on. */
  private mismatch(what: string, go: string): void {
    if (this.typeError !== undefined) return;
    this.typeError = `json: cannot unmarshal ${what} into ${this.context()} of type ${go}`;
    this.typeErrorPath = this.strictPath.join('');
  }

  /** An error returned by a custom UnmarshalJSON: it ends the decode. */
  private abort(message: string): void {
    this.typeError = message;
    this.typeErrorPath = this.strictPath.join('');
    this.fatal = true;
  }

  private numberLiteral(value: number): string {
    return this.numberText?.(value) ?? String(value);
  }

  private integerLiteral(value: number, max: number): string | undefined {
    const text = this.numberText?.(value);
    // Go parses the literal with ParseInt: `1.0` and `1e3` are not integers there.
    if (text !== undefined && /[.eE]/.test(text)) return text;
    if (!Number.isInteger(value) || value > max || value < -max - 1) return text ?? String(value);
    return undefined;
  }

  value(node: SchemaNode, value: unknown): void {
    if (this.fatal || value === null || value === undefined) return;
    switch (node.kind) {
      case 'struct':
        if (isObject(value)) this.object(node, value);
        else this.mismatch(kindWord(value), node.go);
        return;
      case 'array':
        if (Array.isArray(value)) this.array(node.elem!, value);
        else this.mismatch(kindWord(value), node.go);
        return;
      case 'map':
        if (isObject(value)) this.map(node.elem!, value);
        else this.mismatch(kindWord(value), node.go);
        return;
      case 'int':
        if (typeof value !== 'number') this.mismatch(kindWord(value), node.go);
        else {
          const bad = this.integerLiteral(value, node.max!);
          if (bad !== undefined) this.mismatch(`number ${bad}`, node.go);
        }
        return;
      case 'float':
        if (typeof value !== 'number') this.mismatch(kindWord(value), node.go);
        return;
      case 'string':
        if (typeof value !== 'string') this.mismatch(kindWord(value), node.go);
        return;
      case 'bool':
        if (typeof value !== 'boolean') this.mismatch(kindWord(value), node.go);
        return;
      case 'bytes':
        if (typeof value !== 'string') this.mismatch(kindWord(value), node.go);
        else {
          const at = base64ErrorAt(value);
          if (at !== undefined && this.typeError === undefined) {
            this.typeError = `illegal base64 data at input byte ${at}`;
            this.typeErrorPath = this.strictPath.join('');
          }
        }
        return;
      case 'quantity':
        this.quantity(value);
        return;
      case 'intorstring':
        // IntOrString.UnmarshalJSON: a string, else json.Unmarshal into its int32.
        if (typeof value === 'string') return;
        if (typeof value !== 'number') this.abort(`json: cannot unmarshal ${kindWord(value)} into ${this.context()} of type int32`);
        else {
          const bad = this.integerLiteral(value, 2 ** 31 - 1);
          if (bad !== undefined) this.abort(`json: cannot unmarshal number ${bad} into ${this.context()} of type int32`);
        }
        return;
      case 'time':
      case 'microtime': {
        // Time.UnmarshalJSON: json.Unmarshal into a string, then time.Parse.
        if (typeof value !== 'string') {
          this.abort(`json: cannot unmarshal ${kindWord(value)} into ${this.context()} of type string`);
          return;
        }
        const error = goTimeParseError(value, node.kind === 'microtime');
        if (error) this.abort(error);
        return;
      }
      case 'any':
        return;
    }
  }

  private quantity(value: unknown): void {
    // Quantity.UnmarshalJSON strips the quotes of a string and parses the rest of the raw JSON.
    const text = typeof value === 'string' ? value : typeof value === 'number' ? this.numberLiteral(value) : rawText(value);
    const error = quantitySyntaxError(text);
    if (error) this.abort(error);
  }

  private object(node: SchemaNode, value: Record<string, unknown>): void {
    const fields = node.fields!;
    const outer = this.struct;
    for (const key in value) {
      const child = value[key];
      const field = fields.get(key);
      if (!field) {
        this.unknownFields.push(this.strictAt(key));
        continue;
      }
      if (child === null || child === undefined) {
        if (child === null) this.nulls++;
        if (this.pruneNulls) delete value[key];
        continue;
      }
      this.struct = node.struct!;
      this.goPath.push(key);
      this.strictPath.push(this.strictPath.length === 0 ? key : `.${key}`);
      this.value(field.node, child);
      if (field.enumValues) this.checkEnum(field.enumValues, field.enumKey!, child);
      this.goPath.pop();
      this.strictPath.pop();
      if (this.fatal) return;
    }
    this.struct = outer;
    if (node.required) {
      for (const key of node.required) {
        if (value[key] === undefined || value[key] === null) this.missingFields.push({ path: this.strictAt(key), key: `${node.model!}.${key}` });
      }
    }
  }

  private checkEnum(values: string[], key: string, child: unknown): void {
    if (typeof child === 'string') {
      if (child !== '' && !values.includes(child)) this.enumViolations.push({ path: this.strictPath.join(''), key, value: child, values });
    } else if (Array.isArray(child)) {
      child.forEach((item, i) => {
        if (typeof item === 'string' && item !== '' && !values.includes(item)) this.enumViolations.push({ path: `${this.strictPath.join('')}[${i}]`, key, value: item, values });
      });
    }
  }

  /** A null map value or list item: Go stores the element type's zero value there. */
  private nullElement(elem: SchemaNode, holder: Record<string, unknown> | unknown[], key: string | number): void {
    this.nulls++;
    if (!this.pruneNulls) return;
    const zero = zeroValue(elem);
    if (zero !== undefined) (holder as Record<string | number, unknown>)[key] = zero;
  }

  private array(elem: SchemaNode, value: unknown[]): void {
    for (let i = 0; i < value.length; i++) {
      if (value[i] === null) {
        this.nullElement(elem, value, i);
        continue;
      }
      this.strictPath.push(`[${i}]`);
      this.value(elem, value[i]);
      this.strictPath.pop();
      if (this.fatal) return;
    }
  }

  private map(elem: SchemaNode, value: Record<string, unknown>): void {
    for (const key in value) {
      if (value[key] === null) {
        this.nullElement(elem, value, key);
        continue;
      }
      this.strictPath.push(this.strictPath.length === 0 ? key : `.${key}`);
      this.value(elem, value[key]);
      this.strictPath.pop();
      if (this.fatal) return;
    }
  }
}

/** The JSON form of a Go zero value, where it is not null (slices, maps of maps and times stay). */
function zeroValue(node: SchemaNode): unknown {
  switch (node.kind) {
    case 'string':
    case 'bytes':
      return '';
    case 'int':
    case 'float':
      return 0;
    case 'bool':
      return false;
    case 'struct':
      return {};
    case 'quantity':
      return '0';
    case 'intorstring':
      return 0;
    default:
      return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON kind Go names in UnmarshalTypeError.Value. */
function kindWord(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return Array.isArray(value) ? 'array' : 'object';
}

function rawText(value: unknown): string {
  return typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

const BASE64 = /[A-Za-z0-9+/]/;

/** Where base64.StdEncoding.Decode (padded, ignoring CR and LF) fails, or undefined. */
export function base64ErrorAt(text: string): number | undefined {
  let digits = 0;
  let padding = 0;
  let quantumStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\r' || c === '\n') continue;
    if ((digits + padding) % 4 === 0) quantumStart = i;
    if (c === '=') {
      if (digits % 4 < 2 || padding === 2) return i;
      padding++;
      continue;
    }
    if (padding > 0 || !BASE64.test(c)) return i;
    digits++;
  }
  // An unfinished last quantum is reported where it starts.
  return (digits + padding) % 4 === 0 ? undefined : quantumStart;
}

/** Decodes a value into the schema of apiVersion/kind; undefined when the kind has no schema. */
export function decodeAs(apiVersion: string, kind: string, value: unknown, options: DecodeOptions = {}): DecodeResult | undefined {
  const root = rootNode(apiVersion, kind);
  if (!root) return undefined;
  const walk = new Walk(options.numberText, options.pruneNulls === true);
  walk.value(root, value);
  const result: DecodeResult = { unknownFields: walk.unknownFields, enumViolations: walk.enumViolations, missingFields: walk.missingFields, nulls: walk.nulls };
  if (walk.typeError !== undefined) {
    result.typeError = walk.typeError;
    result.typeErrorPath = walk.typeErrorPath;
  }
  return result;
}

/** `Deployment in version "v1" cannot be handled as a Deployment: <cause>`: the API server's wrapper. */
export function cannotHandle(kind: string, version: string, cause: string): string {
  return `${kind} in version "${version}" cannot be handled as a ${kind}: ${cause}`;
}

/** `strict decoding error: unknown field "spec.foo", duplicate field "a"`. */
export function strictDecodingError(problems: string[]): string {
  return `strict decoding error: ${problems.join(', ')}`;
}

export function unknownFieldText(path: string): string {
  return `unknown field ${JSON.stringify(path)}`;
}

export function duplicateFieldText(path: string): string {
  return `duplicate field ${JSON.stringify(path)}`;
}
