/** metrics.k8s.io/v1beta1 for `kubectl top`, served from runtime.metrics() on the virtual clock. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext } from './context';
import { sendJson } from './http-io';
import type { ResourceRoute } from './route';
import { matchesLabels, parseLabelSelector } from './selectors';
import { errors } from './status';

const GV = 'metrics.k8s.io/v1beta1';

function cpu(milli: number): string {
  return `${Math.max(0, Math.round(milli))}m`;
}

function memory(bytes: number): string {
  return `${Math.max(0, Math.round(bytes / 1024))}Ki`;
}

export function serveMetrics(ctx: ApiContext, _req: IncomingMessage, res: ServerResponse, route: ResourceRoute, query: URLSearchParams): void {
  if (route.subresource) throw errors.pathNotFound();
  const metrics = ctx.runtime.metrics();
  const timestamp = new Date(ctx.clock.virtualNow()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const selector = parseLabelSelector(query.get('labelSelector') ?? undefined);
  if (route.type.resource === 'nodes') {
    const nodeType = ctx.store.resourceTypes().find((t) => t.group === '' && t.resource === 'nodes');
    const items = metrics.nodes
      .filter((n) => !route.name || n.name === route.name)
      .filter((n) => selector.length === 0 || (nodeType && matchesLabels(selector, ctx.store.get(nodeType, undefined, n.name)?.metadata.labels)))
      .map((n) => ({ metadata: { name: n.name, creationTimestamp: timestamp }, timestamp, window: '10s', usage: { cpu: cpu(n.cpuMilli), memory: memory(n.memoryBytes) } }));
    if (route.name) {
      const item = items[0];
      if (!item) throw errors.notFound('nodes', 'metrics.k8s.io', route.name);
      sendJson(res, 200, ctx.present({ kind: 'NodeMetrics', apiVersion: GV, ...item }));
      return;
    }
    sendJson(res, 200, ctx.present({ kind: 'NodeMetricsList', apiVersion: GV, metadata: {}, items }));
    return;
  }
  const podType = ctx.store.resourceTypes().find((t) => t.group === '' && t.resource === 'pods');
  const items = metrics.pods
    .filter((p) => route.namespace === undefined || p.namespace === route.namespace)
    .filter((p) => !route.name || p.name === route.name)
    .map((p) => ({ p, labels: podType ? ctx.store.get(podType, p.namespace, p.name)?.metadata.labels : undefined }))
    .filter(({ labels }) => matchesLabels(selector, labels))
    .map(({ p, labels }) => ({
      metadata: { name: p.name, namespace: p.namespace, creationTimestamp: timestamp, ...(labels ? { labels } : {}) },
      timestamp,
      window: '10s',
      containers: p.containers.map((c) => ({ name: c.name, usage: { cpu: cpu(c.cpuMilli), memory: memory(c.memoryBytes) } })),
    }));
  if (route.name) {
    const item = items[0];
    if (!item) throw errors.notFound('pods', 'metrics.k8s.io', route.name);
    sendJson(res, 200, ctx.present({ kind: 'PodMetrics', apiVersion: GV, ...item }));
    return;
  }
  sendJson(res, 200, ctx.present({ kind: 'PodMetricsList', apiVersion: GV, metadata: {}, items }));
}
