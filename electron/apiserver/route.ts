/**
 * Turns a request path into what it addresses: a discovery or OpenAPI document, or a resource
 * (type, namespace, name, subresource and the rest of the path for proxy).
 */
import type { ResourceType } from '../engine/api';

export type Route =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'api' }
  | { kind: 'apis' }
  | { kind: 'group'; group: string }
  | { kind: 'groupVersion'; group: string; version: string }
  | { kind: 'openapiIndex' }
  | { kind: 'openapiDoc'; group: string; version: string }
  | { kind: 'openapiV2' }
  | ResourceRoute
  | { kind: 'notFound' };

export interface ResourceRoute {
  kind: 'resource';
  type: ResourceType;
  /** Set for namespaced requests (also when listing within a namespace). */
  namespace?: string;
  name?: string;
  subresource?: string;
  /** Path after the subresource (proxy), without a leading slash. */
  rest?: string;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function parseRoute(pathname: string, types: readonly ResourceType[]): Route {
  const trimmed = pathname.replace(/\/+$/, '') || '/';
  if (trimmed === '/version') return { kind: 'version' };
  if (trimmed === '/healthz' || trimmed === '/livez' || trimmed === '/readyz') return { kind: 'health' };
  if (trimmed === '/api') return { kind: 'api' };
  if (trimmed === '/apis') return { kind: 'apis' };
  if (trimmed === '/openapi/v3') return { kind: 'openapiIndex' };
  if (trimmed === '/openapi/v2') return { kind: 'openapiV2' };
  // Keep empty segments out but remember a trailing slash for proxy paths.
  const raw = pathname.split('/').slice(1);
  if (raw[0] === 'openapi' && raw[1] === 'v3') {
    if (raw[2] === 'api' && raw[3]) return { kind: 'openapiDoc', group: '', version: raw[3] };
    if (raw[2] === 'apis' && raw[3] && raw[4]) return { kind: 'openapiDoc', group: raw[3], version: raw[4] };
    return { kind: 'notFound' };
  }
  let group: string;
  let version: string;
  let rest: string[];
  if (raw[0] === 'api' && raw[1]) {
    group = '';
    version = raw[1];
    rest = raw.slice(2);
  } else if (raw[0] === 'apis' && raw[1]) {
    group = raw[1];
    if (!raw[2]) return { kind: 'group', group };
    version = raw[2];
    rest = raw.slice(3);
  } else return { kind: 'notFound' };
  if (rest.length === 0 || (rest.length === 1 && rest[0] === '')) return { kind: 'groupVersion', group, version };
  const find = (resource: string) => types.find((t) => t.group === group && t.version === version && t.resource === resource);

  let namespace: string | undefined;
  let segments = rest;
  if (segments[0] === 'namespaces' && segments.length >= 3 && segments[2] !== 'status' && segments[2] !== 'finalize') {
    namespace = decode(segments[1] ?? '');
    segments = segments.slice(2);
  }
  const type = find(decode(segments[0] ?? ''));
  if (!type) return { kind: 'notFound' };
  if (namespace !== undefined && !type.namespaced) return { kind: 'notFound' };
  const route: ResourceRoute = { kind: 'resource', type };
  if (namespace !== undefined) route.namespace = namespace;
  if (segments[1] !== undefined && segments[1] !== '') route.name = decode(segments[1]);
  if (segments[2] !== undefined && segments[2] !== '') route.subresource = segments[2];
  if (segments.length > 3) route.rest = segments.slice(3).join('/');
  return route;
}
