/**
 * metav1.ListOptions from the query string, converted and validated as the API server's list and
 * watch handler does (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/get.go ListResource):
 * a value the parameter codec cannot convert is a 400 with the conversion's error, then
 * ValidateListOptions' field errors are one 422 on `ListOptions.meta.k8s.io ""`
 * (staging/src/k8s.io/apimachinery/pkg/apis/meta/internalversion/validation/validation.go).
 */
import { StatusError } from '../../engine/api';
import type { ListOptions } from '../../engine/api';
import { invalid, type FieldError } from '../../engine/store/errors';
import { int64Param, isTrue, optionalBool } from './query';

export interface ParsedListOptions {
  watch: boolean;
  resourceVersion: string;
  resourceVersionMatch: string;
  limit: number;
  continue: string;
  allowWatchBookmarks: boolean;
  /** Unset unless given: its default depends on resourceVersion (see watch.ts). */
  sendInitialEvents: boolean | undefined;
  timeoutSeconds: number | undefined;
}

export function parseListOptions(query: URLSearchParams): ParsedListOptions {
  return {
    watch: isTrue(query, 'watch'),
    resourceVersion: query.get('resourceVersion') ?? '',
    resourceVersionMatch: query.get('resourceVersionMatch') ?? '',
    limit: int64Param(query, 'limit') ?? 0,
    continue: query.get('continue') ?? '',
    allowWatchBookmarks: isTrue(query, 'allowWatchBookmarks'),
    sendInitialEvents: optionalBool(query, 'sendInitialEvents'),
    timeoutSeconds: int64Param(query, 'timeoutSeconds'),
  };
}

const MATCH = 'resourceVersionMatch';

/** ValidateListOptions; `watch` picks validateWatchOptions (the WatchList gate is on in 1.32). */
export function validateListOptions(options: ParsedListOptions, watch: boolean): void {
  const errors: FieldError[] = [];
  const match = options.resourceVersionMatch;
  const forbidden = (field: string, detail: string) => errors.push({ type: 'FieldValueForbidden', field, detail });
  if (watch) {
    if (options.sendInitialEvents !== undefined && match !== 'NotOlderThan') forbidden(MATCH, 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
    if (match) {
      if (options.sendInitialEvents === undefined) forbidden(MATCH, 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided');
      if (match !== 'NotOlderThan') errors.push({ type: 'FieldValueNotSupported', field: MATCH, value: match, detail: 'supported values: "NotOlderThan"' });
      if (options.continue) forbidden(MATCH, 'resourceVersionMatch is forbidden when continue is provided');
    }
  } else {
    if (match) {
      if (!options.resourceVersion) forbidden(MATCH, 'resourceVersionMatch is forbidden unless resourceVersion is provided');
      if (options.continue) forbidden(MATCH, 'resourceVersionMatch is forbidden when continue is provided');
      if (match !== 'Exact' && match !== 'NotOlderThan') errors.push({ type: 'FieldValueNotSupported', field: MATCH, value: match, detail: 'supported values: "Exact", "NotOlderThan", ""' });
      if (match === 'Exact' && options.resourceVersion === '0') forbidden(MATCH, 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    }
    if (options.sendInitialEvents !== undefined) forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list');
  }
  if (errors.length === 0) return;
  const error = invalid({ group: 'meta.k8s.io', resource: 'ListOptions', kind: 'ListOptions' }, '', errors);
  // StatusDetails.name is omitempty: an unnamed ListOptions has none.
  const { name: _name, ...details } = error.status.details ?? {};
  throw new StatusError({ ...error.status, details });
}

/** The store's list options for a validated request. */
export function storeListOptions(options: ParsedListOptions): Pick<ListOptions, 'resourceVersion' | 'resourceVersionMatch' | 'limit' | 'continue'> {
  const out: Pick<ListOptions, 'resourceVersion' | 'resourceVersionMatch' | 'limit' | 'continue'> = {};
  if (options.resourceVersion) out.resourceVersion = options.resourceVersion;
  if (options.resourceVersionMatch === 'Exact' || options.resourceVersionMatch === 'NotOlderThan') out.resourceVersionMatch = options.resourceVersionMatch;
  if (options.limit > 0) out.limit = options.limit;
  if (options.continue) out.continue = options.continue;
  return out;
}
