/**
 * The store's own decode check: every untrusted write (API, the inspector's YAML editor, lesson
 * set-ups) is refused with the API server's 400 when a field has the wrong type, so nothing the
 * engine later reads can hold a string where it expects a number. The cause names the field's
 * indexed path, so an editor can point at the line. Nulls are pruned as the API server's decode
 * into Go structs prunes them (a null field is left at its zero value and then omitted), so no
 * caller, HTTP or not, can hand a controller a null where a string belongs.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import type { ResourceInfo } from '../../../shared/k8s/resources';
import { cannotHandle, decodeAs, type DecodeResult } from '../../../shared/k8s/schema/decode';
import { StatusError } from '../api';

function apiVersionOf(info: ResourceInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/**
 * Decodes an incoming object as the caller handed it (not changed; NaN and the like are still
 * there to be refused, a JSON copy would have turned them into null) and returns what validation
 * needs from the same walk: enum values and missing required fields.
 */
export function decodeIncoming(info: ResourceInfo, object: KubeObject): DecodeResult | undefined {
  const apiVersion = apiVersionOf(info);
  const decoded = decodeAs(apiVersion, info.kind, { ...object, apiVersion, kind: info.kind });
  if (decoded === undefined) return undefined;
  if (decoded.typeError !== undefined) {
    const message = cannotHandle(info.kind, info.version, decoded.typeError);
    throw new StatusError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason: 'BadRequest',
      details: { causes: [{ reason: 'FieldValueTypeInvalid', message: decoded.typeError, field: decoded.typeErrorPath ?? '' }] },
      code: 400,
    });
  }
  return decoded;
}

/** Prunes nulls in the store's own copy of an object decodeIncoming accepted (rare: a second walk then). */
export function pruneNulls(info: ResourceInfo, copy: KubeObject, decoded: DecodeResult | undefined): void {
  if (decoded && decoded.nulls > 0) decodeAs(apiVersionOf(info), info.kind, copy, { pruneNulls: true });
}
