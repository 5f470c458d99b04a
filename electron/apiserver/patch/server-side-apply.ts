/**
 * The API-server side of field management: which manager a write is recorded under (the
 * fieldManager parameter, else the User-Agent's first segment, as the handlers' managerOrUserAgent
 * derives it), the checks of the write options (PatchOptions' fieldManager and force), and server-
 * side apply itself, whose merge, conflicts and managedFields live in the engine's store
 * (electron/engine/store/managed-fields.ts) beside the Update entries the store records.
 */
import type { IncomingMessage } from 'node:http';
import type { KubeObject } from '../../../shared/k8s/objects';
import { applyConfiguration, type ApplyRequest } from '../../engine/store/managed-fields';
import { errors } from '../status';

/** apimachinery validation.FieldManagerMaxLength. */
const FIELD_MANAGER_MAX_LENGTH = 128;

type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

/** Printable as Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** prefixFromUserAgent: up to the first `/`, unprintable characters dropped, at most 128 bytes. */
export function managerFromUserAgent(userAgent: string): string {
  let out = '';
  for (const ch of userAgent.split('/')[0] ?? '') {
    if (!PRINTABLE.test(ch)) continue;
    if (Buffer.byteLength(out + ch) > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
  }
  return out;
}

const GO_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };

/** Go's strconv.Quote (what %q prints in field.Invalid). */
function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (GO_ESCAPES[ch]) out += GO_ESCAPES[ch];
    else if (PRINTABLE.test(ch)) out += ch;
    else if (code < 0x80) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** ValidateFieldManager, reported as the options kind's Invalid error. */
function checkFieldManager(kind: OptionsKind, manager: string): void {
  if (!manager) return;
  const causes: { field: string; message: string; reason: string }[] = [];
  if (Buffer.byteLength(manager) > FIELD_MANAGER_MAX_LENGTH) {
    causes.push({ field: 'fieldManager', message: `Too long: may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes`, reason: 'FieldValueTooLong' });
  }
  let position = 0;
  for (const ch of manager) {
    if (!PRINTABLE.test(ch)) {
      const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      causes.push({ field: 'fieldManager', message: `Invalid value: ${goQuote(manager)}: invalid character U+${code} (at position ${position})`, reason: 'FieldValueInvalid' });
    }
    position += Buffer.byteLength(ch);
  }
  if (causes.length > 0) throw errors.invalid(kind, '', causes, 'meta.k8s.io');
}

/** The manager a write is recorded under, after the options' checks. */
export function fieldManagerOf(req: IncomingMessage, query: URLSearchParams, kind: OptionsKind): string {
  const named = query.get('fieldManager') ?? '';
  checkFieldManager(kind, named);
  return named || managerFromUserAgent(String(req.headers['user-agent'] ?? ''));
}

/** ValidatePatchOptions: apply needs a field manager; only apply may force. */
export function checkPatchOptions(query: URLSearchParams, isApply: boolean): boolean {
  const force = query.get('force');
  if (!isApply) {
    if (force !== null) throw errors.invalid('PatchOptions', '', [{ field: 'force', message: 'Forbidden: may not be specified for non-apply patch', reason: 'FieldValueForbidden' }], 'meta.k8s.io');
    return false;
  }
  if (!query.get('fieldManager')) throw errors.invalid('PatchOptions', '', [{ field: 'fieldManager', message: 'Required value: is required for apply patch', reason: 'FieldValueRequired' }], 'meta.k8s.io');
  return force === 'true';
}

/**
 * The checks structuredMergeManager.Apply makes of a configuration before merging it: it names
 * the endpoint's version and carries no managedFields.
 */
export function checkApplyConfiguration(config: Record<string, unknown>, expectedApiVersion: string): void {
  const version = typeof config.apiVersion === 'string' ? config.apiVersion : '';
  if (version !== expectedApiVersion) {
    throw errors.badRequest(`Incorrect version specified in apply patch. Specified patch version: ${version}, expected: ${expectedApiVersion}`);
  }
  const metadata = config.metadata;
  if (metadata && typeof metadata === 'object' && (metadata as Record<string, unknown>).managedFields != null) {
    throw errors.badRequest('metadata.managedFields must be nil');
  }
}

/** The object server-side apply writes, managedFields included. */
export function serverSideApply(input: ApplyRequest): KubeObject {
  return applyConfiguration(input).object;
}
