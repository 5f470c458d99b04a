/** GET of one object or a collection, as a Table (kubectl get) or as JSON (-o yaml|json|...). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ListOptions } from '../../engine/api';
import type { ApiContext } from '../context';
import { typeMetaOf } from '../context';
import { sendJson } from '../http-io';
import type { ResourceRoute } from '../route';
import { parseFieldSelector, parseLabelSelector } from '../selectors';
import { errors } from '../status';
import { buildTable } from '../tables';
import { includeObject, wantsTable } from './query';

export function listOptions(route: ResourceRoute, query: URLSearchParams): ListOptions {
  const options: ListOptions = {};
  if (route.namespace !== undefined) options.namespace = route.namespace;
  const labelSelector = query.get('labelSelector');
  const fieldSelector = query.get('fieldSelector');
  // Validate here so a malformed selector is a 400 whatever the store does with it.
  if (labelSelector) {
    parseLabelSelector(labelSelector);
    options.labelSelector = labelSelector;
  }
  if (fieldSelector) {
    parseFieldSelector(fieldSelector);
    options.fieldSelector = fieldSelector;
  }
  return options;
}

export function getObject(ctx: ApiContext, route: ResourceRoute & { name: string }) {
  const object = ctx.store.get(route.type, route.namespace, route.name);
  if (!object) throw errors.notFound(route.type.resource, route.type.group, route.name);
  return object;
}

export function serveGet(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute & { name: string }, query: URLSearchParams): void {
  const object = getObject(ctx, route);
  if (wantsTable(req)) {
    const table = buildTable(route.type, [object], ctx.clock.virtualNow(), {
      include: includeObject(query),
      resourceVersion: object.metadata.resourceVersion ?? '',
      present: ctx.present,
      presentMetadata: ctx.presentMetadata,
    });
    sendJson(res, 200, table);
    return;
  }
  sendJson(res, 200, ctx.present(object));
}

export function serveList(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, query: URLSearchParams): void {
  const result = ctx.store.list(route.type, listOptions(route, query));
  if (wantsTable(req)) {
    const table = buildTable(route.type, result.items, ctx.clock.virtualNow(), {
      include: includeObject(query),
      resourceVersion: result.resourceVersion,
      present: ctx.present,
      presentMetadata: ctx.presentMetadata,
    });
    sendJson(res, 200, table);
    return;
  }
  const meta = typeMetaOf(route.type);
  sendJson(res, 200, {
    kind: `${route.type.kind}List`,
    apiVersion: meta.apiVersion,
    metadata: { resourceVersion: result.resourceVersion },
    items: result.items.map((item) => ctx.present(item)),
  });
}
