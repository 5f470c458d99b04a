/**
 * metav1.Status errors worded as the real API server words them, so kubectl prints the same lines.
 */
import { StatusError, type Status } from '../api';
import { qualifiedResource } from '../../../shared/k8s/resources';

interface TypeLike {
  group: string;
  resource: string;
  kind: string;
}

function status(code: number, reason: string, message: string, details?: Status['details']): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

export function notFound(type: TypeLike, name: string): StatusError {
  return status(404, 'NotFound', `${qualifiedResource(type)} "${name}" not found`, { name, ...(type.group ? { group: type.group } : {}), kind: type.resource });
}

export function alreadyExists(type: TypeLike, name: string): StatusError {
  return status(409, 'AlreadyExists', `${qualifiedResource(type)} "${name}" already exists`, { name, ...(type.group ? { group: type.group } : {}), kind: type.resource });
}

export function conflict(type: TypeLike, name: string, detail = 'the object has been modified; please apply your changes to the latest version and try again'): StatusError {
  return status(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": ${detail}`, { name, ...(type.group ? { group: type.group } : {}), kind: type.resource });
}

export function badRequest(message: string): StatusError {
  return status(400, 'BadRequest', message);
}

export function forbidden(message: string, type?: TypeLike, name?: string): StatusError {
  return status(403, 'Forbidden', message, type ? { ...(name ? { name } : {}), ...(type.group ? { group: type.group } : {}), kind: type.resource } : undefined);
}

export function expired(message: string): StatusError {
  return status(410, 'Expired', message);
}

export function methodNotAllowed(message: string): StatusError {
  return status(405, 'MethodNotAllowed', message);
}

/** One field error, as field.Error renders. */
export interface FieldError {
  type: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueDuplicate' | 'FieldValueForbidden' | 'FieldValueTooLong';
  field: string;
  /** The offending value, rendered into the message for Invalid/NotSupported/Duplicate. */
  value?: unknown;
  detail?: string;
}

const TYPE_TEXT: Record<FieldError['type'], string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
};

/** A value field.Error prints with Go's %#v (a struct), given as the text upstream prints. */
export class GoValue {
  constructor(readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

/**
 * A map[string]string as field.Error prints it (%#v: keys sorted, `map[string]string(nil)` for none):
 * `Invalid value: map[string]string{"app":"web"}: ...`.
 */
export function goStringMap(map: Record<string, string> | undefined): GoValue {
  if (map === undefined) return new GoValue('map[string]string(nil)');
  const pairs = Object.keys(map)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(map[k])}`);
  return new GoValue(`map[string]string{${pairs.join(', ')}}`);
}

function renderValue(value: unknown): string {
  if (value instanceof GoValue) return value.text;
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return '';
  return JSON.stringify(value);
}

/** The cause message without the field: "Required value", `Invalid value: "x": detail`. */
export function fieldErrorBody(e: FieldError): string {
  let text = TYPE_TEXT[e.type];
  if (e.type !== 'FieldValueRequired' && e.type !== 'FieldValueForbidden' && e.value !== undefined) text += `: ${renderValue(e.value)}`;
  if (e.detail) text += `: ${e.detail}`;
  return text;
}

/** 422 Invalid: `Deployment.apps "x" is invalid: spec.selector: Required value` (several in brackets). */
export function invalid(type: TypeLike, name: string, errors: FieldError[]): StatusError {
  const rendered = errors.map((e) => `${e.field}: ${fieldErrorBody(e)}`);
  const groupKind = type.group ? `${type.kind}.${type.group}` : type.kind;
  const list = rendered.length === 1 ? rendered[0]! : `[${rendered.join(', ')}]`;
  return status(422, 'Invalid', `${groupKind} "${name}" is invalid: ${list}`, {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.kind,
    causes: errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })),
  });
}
