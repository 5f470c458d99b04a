/**
 * Query parameters shared by the handlers, read defensively (every value is client input) and
 * converted as the API server's parameter codec converts them, so every handler reads a boolean
 * or a number the same way.
 */
import type { IncomingMessage } from 'node:http';
import type { IncludeObject } from '../tables';
import { errors } from '../status';

export function wantsTable(req: IncomingMessage): boolean {
  const accept = String(req.headers.accept ?? '');
  return accept.split(',').some((part) => /;\s*as=Table/.test(part) && part.includes('g=meta.k8s.io'));
}

export function includeObject(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject');
  return v === 'Object' || v === 'None' ? v : 'Metadata';
}

/**
 * A boolean parameter as runtime.Convert_Slice_string_To_bool reads it (the generated url.Values
 * conversions of ListOptions, PodLogOptions, PatchOptions use it;
 * staging/src/k8s.io/apimachinery/pkg/runtime/conversion.go): absent is false, "0" or "false" in
 * any case is false, anything else (the empty string, "True", "yes") is true. It never refuses a
 * value, so Python's `watch=True` is a watch.
 */
export function isTrue(query: URLSearchParams, name: string): boolean {
  return optionalBool(query, name) ?? false;
}

/** The same conversion for a *bool (Convert_Slice_string_To_Pointer_bool): unset when absent. */
export function optionalBool(query: URLSearchParams, name: string): boolean | undefined {
  const v = query.get(name);
  if (v === null) return undefined;
  return !(v === '0' || v.toLowerCase() === 'false');
}

export function intParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

const INT64_MAX = 2n ** 63n - 1n;

/**
 * An int64 parameter as runtime.Convert_Slice_string_To_int64 reads it (strconv.ParseInt, base
 * 10): a value it cannot parse is a 400 carrying strconv's error, as get.go answers a
 * DecodeParameters failure (errors.NewBadRequest(err.Error())).
 */
export function int64Param(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null) return undefined;
  if (!/^[+-]?\d+$/.test(v)) throw errors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  const n = BigInt(v);
  if (n > INT64_MAX || n < -INT64_MAX - 1n) throw errors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: value out of range`);
  return Number(n);
}

export function dryRun(query: URLSearchParams): boolean {
  return query.getAll('dryRun').includes('All');
}
