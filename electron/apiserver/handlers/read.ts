/**
 * GET of one object or a collection, as a Table (kubectl get) or as JSON (-o yaml|json|...). Lists
 * honour resourceVersion/resourceVersionMatch and limit/continue (list-options.ts, store/list.ts),
 * reporting continue and remainingItemCount in the list's metadata as ListMeta does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ListOptions } from '../../engine/api';
import type { ApiContext } from '../context';
import { typeMetaOf } from '../context';
import { sendJson } from '../http-io';
import type { ResourceRoute } from '../route';
import { parseFieldSelector, parseLabelSelector } from '../selectors';
import { errors } from '../status';
import { buildTable } from '../tables';
import { parseListOptions, storeListOptions, validateListOptions } from './list-options';
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
  const parsed = parseListOptions(query);
  validateListOptions(parsed, false);
  const result = ctx.store.list(route.type, { ...listOptions(route, query), ...storeListOptions(parsed) });
  // ListMeta: continue and remainingItemCount are omitempty.
  const listMeta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion: result.resourceVersion };
  if (result.continue) listMeta.continue = result.continue;
  if (result.remainingItemCount !== undefined) listMeta.remainingItemCount = result.remainingItemCount;
  if (wantsTable(req)) {
    const table = buildTable(route.type, result.items, ctx.clock.virtualNow(), {
      include: includeObject(query),
      resourceVersion: result.resourceVersion,
      present: ctx.present,
      presentMetadata: ctx.presentMetadata,
    });
    sendJson(res, 200, { ...table, metadata: { ...table.metadata, ...listMeta } });
    return;
  }
  const meta = typeMetaOf(route.type);
  sendJson(res, 200, {
    kind: `${route.type.kind}List`,
    apiVersion: meta.apiVersion,
    metadata: listMeta,
    items: result.items.map((item) => ctx.present(item)),
  });
}
