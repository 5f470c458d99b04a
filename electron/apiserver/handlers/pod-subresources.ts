/**
 * Pod and Service subresources that reach into the simulated containers: log (with follow, tail,
 * previous and container choice), eviction, and the HTTP proxy that lets `kubectl proxy` and curl
 * reach a pod's or a Service's simulated app through runtime.http.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../../../shared/k8s/objects';
import { StatusError } from '../../engine/api';
import type { HttpTarget } from '../../engine/api';
import { logTimestamp } from '../../engine/kubelet/loghub';
import type { ApiContext } from '../context';
import { causeOf } from '../context';
import { decodeObjectBody, readBody, sendJson } from '../http-io';
import type { ResourceRoute } from '../route';
import { errors, status, success } from '../status';
import { at, list, str } from '../tables/types';
import { getObject } from './read';
import { checkPreconditions } from './write';
import { intParam, isTrue } from './query';

function containerNames(pod: KubeObject): string[] {
  return [...list(at(pod, 'spec', 'initContainers')), ...list(at(pod, 'spec', 'containers'))].map((c) => str(at(c, 'name')));
}

/** The container a log/exec request targets: the one named, or the only one. */
export function pickContainer(pod: KubeObject, requested: string | null): string {
  const names = list(at(pod, 'spec', 'containers')).map((c) => str(at(c, 'name')));
  if (requested) {
    if (!containerNames(pod).includes(requested)) throw errors.badRequest(`container ${requested} is not valid for pod ${pod.metadata.name}`);
    return requested;
  }
  if (names.length === 1) return names[0]!;
  throw errors.badRequest(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`);
}

export function serveLog(ctx: ApiContext, _req: IncomingMessage, res: ServerResponse, route: ResourceRoute & { name: string }, query: URLSearchParams): void {
  const pod = getObject(ctx, route);
  const namespace = pod.metadata.namespace ?? 'default';
  const container = pickContainer(pod, query.get('container'));
  const previous = isTrue(query, 'previous');
  const timestamps = isTrue(query, 'timestamps');
  let lines = ctx.runtime.logs(namespace, route.name, container, { previous, ...(timestamps ? { timestamps } : {}) });
  if (lines.length > 0 && lines[lines.length - 1] === '') lines = lines.slice(0, -1);
  const tail = intParam(query, 'tailLines');
  if (tail !== undefined && tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail);
  const limitBytes = intParam(query, 'limitBytes');
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  let text = lines.map((l) => `${l}\n`).join('');
  if (limitBytes !== undefined && limitBytes > 0) text = Buffer.from(text).subarray(0, limitBytes).toString();
  if (text) res.write(text);
  if (!isTrue(query, 'follow') || previous) {
    res.end();
    return;
  }
  res.flushHeaders();
  let done = false;
  const cleanups: (() => void)[] = [];
  const finish = () => {
    if (done) return;
    done = true;
    for (const c of cleanups) c();
    if (!res.writableEnded) res.end();
  };
  // A followed line is delivered as the engine writes it, so the virtual now is its time.
  const stamp = (line: string) => (timestamps ? `${logTimestamp(ctx.clock.virtualNow())} ${line}` : line);
  cleanups.push(ctx.runtime.onLog(namespace, route.name, container, (line) => !done && res.write(`${stamp(line)}\n`)));
  // The stream ends when the pod goes away, as the kubelet's does.
  cleanups.push(
    ctx.store.watch(route.type, { namespace, fieldSelector: `metadata.name=${route.name}`, resourceVersion: ctx.store.currentResourceVersion() }, (event) => {
      if (event.type === 'DELETED') setImmediate(finish);
    }),
  );
  cleanups.push(ctx.track(finish));
  res.on('close', finish);
}

export async function serveEviction(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute & { name: string }): Promise<void> {
  // Upstream's EvictionREST is only a NamedCreater, so POST is its one route; go-restful answers
  // any other method with the generic 405.
  if (req.method !== 'POST') throw errors.methodNotRegistered();
  const raw = await readBody(req, ctx.bodyLimit);
  const body = raw.length ? decodeObjectBody(raw, req.headers['content-type']) : {};
  const pod = getObject(ctx, route);
  const deleteOptions = (body.deleteOptions ?? {}) as Record<string, unknown>;
  const options: Parameters<typeof ctx.store.delete>[4] = {};
  if (typeof deleteOptions.gracePeriodSeconds === 'number' && deleteOptions.gracePeriodSeconds >= 0) options.gracePeriodSeconds = deleteOptions.gracePeriodSeconds;
  checkPreconditions(pod, options, route);
  ctx.store.delete(route.type, route.namespace, route.name, causeOf(req, 'evict', `pods/${route.name}`), options);
  sendJson(res, 201, success(201));
}

/** `name`, `name:port` or `scheme:name:port` from a proxy URL segment. */
export function parseProxyName(raw: string): { name: string; port?: string } {
  const parts = raw.split(':');
  if (parts.length === 3 && (parts[0] === 'http' || parts[0] === 'https')) parts.shift();
  const name = parts[0] ?? '';
  const port = parts[1];
  return port ? { name, port } : { name };
}

export async function serveProxy(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute & { name: string }, search: string): Promise<void> {
  if (route.type.resource !== 'pods' && route.type.resource !== 'services') {
    throw new StatusError(status(503, 'ServiceUnavailable', `proxying to ${route.type.resource} is not simulated`));
  }
  await readBody(req, ctx.bodyLimit);
  const { name, port } = parseProxyName(route.name);
  const object = getObject(ctx, { ...route, name });
  let chosen: number | string | undefined = port === undefined ? undefined : /^\d+$/.test(port) ? Number(port) : port;
  if (chosen === undefined) {
    chosen =
      route.type.resource === 'pods'
        ? (list(at(object, 'spec', 'containers')).flatMap((c) => list(at(c, 'ports'))).map((p) => at(p, 'containerPort')).find((p) => typeof p === 'number') as number | undefined) ?? 80
        : ((at(object, 'spec', 'ports', 0, 'port') as number | undefined) ?? 80);
  }
  const target: HttpTarget = {
    kind: route.type.resource === 'pods' ? 'pod' : 'service',
    namespace: object.metadata.namespace ?? 'default',
    name,
    port: chosen,
    path: `/${route.rest ?? ''}${search}`,
    method: req.method ?? 'GET',
  };
  const answer = ctx.runtime.http(target);
  // No pod answered: the apiserver itself could not reach one, which upstream reports as a 503 Status
  // (kubectl prints "Error from server (ServiceUnavailable): ..."); a pod's own answer passes through.
  if (!answer.pod) {
    const dialFailure = answer.status === 0 || answer.status === 502 || /^dial tcp/.test(answer.body);
    const message = dialFailure ? `error trying to reach service: ${answer.body || `dial tcp: connect: connection refused`}` : answer.body || `no endpoints available for service "${name}"`;
    throw new StatusError(status(503, 'ServiceUnavailable', message));
  }
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(answer.headers)) if (/^[\w-]+$/.test(key) && !/[\r\n]/.test(value)) headers[key] = value;
  headers['Content-Length'] = String(Buffer.byteLength(answer.body));
  res.writeHead(answer.status >= 100 && answer.status < 600 ? answer.status : 502, headers);
  res.end(answer.body);
}
