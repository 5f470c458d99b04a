/**
 * Tells a listener about every resource request the API server answered: the Kubernetes verb (as
 * the audit log and RBAC name it), the resource, subresource, namespace, name and the HTTP status
 * the client got. Lessons check what the learner did with it ("ran kubectl logs on a pod of the
 * Deployment"). The status is taken when the response head goes out, so a watch or `logs -f` is
 * reported as soon as it starts, not when it ends.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ResourceType } from '../engine/api';
import { parseRoute, type ResourceRoute } from './route';

export type RequestVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection' | 'proxy' | 'exec' | 'log';

export interface ApiRequestRecord {
  verb: RequestVerb | string;
  /** Plural resource (`pods`) and its API group ('' for the core group). */
  resource: string;
  group: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  status: number;
}

export type RequestListener = (record: ApiRequestRecord) => void;

/** The verb of a request, as kube-apiserver's request info resolver names it. */
export function verbOf(method: string, route: ResourceRoute, query: URLSearchParams): string {
  const sub = route.subresource;
  if (sub === 'log' || sub === 'exec' || sub === 'proxy' || sub === 'attach' || sub === 'portforward') return sub;
  const watch = query.get('watch') === 'true' || query.get('watch') === '1';
  switch (method) {
    case 'GET':
    case 'HEAD':
      // requestinfo.go: only a GET without a name becomes list or watch.
      if (route.name !== undefined) return 'get';
      return watch ? 'watch' : 'list';
    case 'DELETE':
      return route.name === undefined ? 'deletecollection' : 'delete';
    default:
      return writeVerb(method) ?? method.toLowerCase();
  }
}

/** The verb of a write method (POST create, PUT update, PATCH patch, DELETE of a named object delete). */
export function writeVerb(method: string | undefined): string | undefined {
  return method === 'POST' ? 'create' : method === 'PUT' ? 'update' : method === 'PATCH' ? 'patch' : method === 'DELETE' ? 'delete' : undefined;
}

function recordOf(verb: string, route: ResourceRoute, status: number): ApiRequestRecord {
  return {
    verb,
    resource: route.type.resource,
    group: route.type.group,
    ...(route.subresource !== undefined ? { subresource: route.subresource } : {}),
    ...(route.namespace !== undefined ? { namespace: route.namespace } : {}),
    ...(route.name !== undefined ? { name: route.name } : {}),
    status,
  };
}

function safely(listener: RequestListener, record: ApiRequestRecord): void {
  try {
    listener(record);
  } catch {
    // A listener's failure must never change what the client gets.
  }
}

/**
 * Reports the request once its response head is written (Node writes the head through writeHead
 * whether the handler calls it or writes a body directly). A request whose client went away first
 * was not answered and is not reported.
 */
export function observeResponse(req: IncomingMessage, res: ServerResponse, route: ResourceRoute, url: URL, listener: RequestListener | undefined): void {
  if (!listener) return;
  const verb = verbOf(req.method ?? 'GET', route, url.searchParams);
  const writeHead = res.writeHead;
  let reported = false;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const result = (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    if (!reported) {
      reported = true;
      safely(listener, recordOf(verb, route, typeof args[0] === 'number' ? args[0] : res.statusCode));
    }
    return result;
  } as ServerResponse['writeHead'];
}

/**
 * Reports an upgrade (`kubectl exec` over WebSocket), which never reaches the request handler: the
 * status is read from the first line written to the socket (101, or the refusal's 4xx).
 */
export function observeUpgrade(socket: Duplex, route: ResourceRoute, listener: RequestListener | undefined): void {
  if (!listener) return;
  const verb = route.subresource ?? 'get';
  const write = socket.write;
  const end = socket.end;
  let reported = false;
  const sniff = (chunk: unknown) => {
    if (reported) return;
    reported = true;
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.subarray(0, 32).toString('latin1') : '';
    const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
    if (status) safely(listener, recordOf(verb, route, Number(status)));
  };
  socket.write = function (this: Duplex, chunk: unknown, ...rest: unknown[]) {
    sniff(chunk);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as Duplex['write'];
  socket.end = function (this: Duplex, chunk?: unknown, ...rest: unknown[]) {
    if (chunk !== undefined && typeof chunk !== 'function') sniff(chunk);
    return (end as (...a: unknown[]) => Duplex).call(this, chunk, ...rest);
  } as Duplex['end'];
}

/** observeUpgrade for a raw upgrade request: routes it first (anything but a resource is ignored). */
export function observeUpgradeRequest(req: IncomingMessage, socket: Duplex, types: readonly ResourceType[], listener: RequestListener | undefined): void {
  if (!listener) return;
  const route = parseRoute(new URL(req.url ?? '/', 'https://127.0.0.1').pathname, types);
  if (route.kind === 'resource') observeUpgrade(socket, route, listener);
}
