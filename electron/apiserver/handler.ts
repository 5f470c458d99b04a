/**
 * The request dispatcher: guard, then route to discovery, OpenAPI, or a resource handler by
 * method and subresource. Every failure becomes a metav1.Status reply; nothing throws out of here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceType } from '../engine/api';
import type { ApiContext } from './context';
import { AGGREGATED_CONTENT_TYPE, VERSION_INFO, aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions, wantsAggregated } from './discovery';
import { checkRequest } from './guard';
import { exceededLimit, type RequestLimits } from '../http-edge/limits';
import { markStart, sendJson, sendJsonText, sendStatus, sendText } from './http-io';
import { serveMetrics } from './metrics';
import { serveReview } from './reviews';
import { openApiDocument, openApiIndex } from './openapi';
import { OPENAPI_V2_PROTOBUF, openApiV2Document, openApiV2Protobuf, wantsV2Protobuf } from './openapi-v2';
import { parseRoute } from './route';
import { observeResponse, type RequestListener } from './request-log';
import type { ResourceRoute } from './route';
import { errors, toStatus } from './status';
import { serveLog, serveEviction, serveProxy } from './handlers/pod-subresources';
import { serveGet, serveList } from './handlers/read';
import { serveScale } from './handlers/scale';
import { serveWatch } from './handlers/watch';
import { serveCreate, serveDelete, serveDeleteCollection, servePatch, serveUpdate } from './handlers/write';
import { isTrue } from './handlers/query';
import { kubectlSession, pausedRequestOf, type PauseWarnings } from './pause-warning';
import type { ClockSkewWarnings } from './clock-skew-warning';
import { addWarnings } from './warnings';

export interface HandlerOptions {
  port: () => number;
  token: string;
  /** URI and header-field limits answered with 414/431 Status (see http-edge/limits.ts); none when unset. */
  limits?: RequestLimits;
  /** Called once a request has shown the token, so its connection is no longer a stranger's. */
  onAuthenticated?: (req: IncomingMessage) => void;
  /** Told about every resource request answered, with its verb and status (request-log.ts). */
  onRequest?: RequestListener;
  /** Tells clients the cluster is paused or shown in the past (pause-warning.ts); silent when unset. */
  pauseWarnings?: PauseWarnings;
  /** Tells describe and `kubectl events` when the cluster's clock leads the computer's (clock-skew-warning.ts). */
  clockSkewWarnings?: ClockSkewWarnings;
}

/**
 * Discovery and OpenAPI bodies depend only on the resource types, so each is serialised once per
 * types list (kubectl with a fresh cache fetches them for every command).
 */
const documents = new WeakMap<readonly ResourceType[], Map<string, string>>();

function cachedDocument(types: readonly ResourceType[], key: string, build: () => unknown): string | undefined {
  let bodies = documents.get(types);
  if (!bodies) documents.set(types, (bodies = new Map()));
  let text = bodies.get(key);
  if (text === undefined) {
    const doc = build();
    if (doc === undefined) return undefined; // Unknown groups are not remembered: clients choose those names.
    text = JSON.stringify(doc);
    bodies.set(key, text);
  }
  return text;
}

function sendDocument(res: ServerResponse, types: readonly ResourceType[], key: string, build: () => unknown, contentType?: string): void {
  const text = cachedDocument(types, key, build);
  if (text === undefined) throw errors.pathNotFound();
  sendJsonText(res, 200, text, contentType);
}

function serveDiscovery(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ReturnType<typeof parseRoute>): boolean {
  const types = ctx.types();
  switch (route.kind) {
    case 'version':
      sendJson(res, 200, VERSION_INFO);
      return true;
    case 'health':
      sendText(res, 200, 'ok');
      return true;
    case 'api':
      if (wantsAggregated(req.headers.accept)) sendDocument(res, types, 'aggregated /api', () => aggregatedDiscovery(types, true), AGGREGATED_CONTENT_TYPE);
      else sendDocument(res, types, '/api', () => apiVersions());
      return true;
    case 'apis':
      if (wantsAggregated(req.headers.accept)) sendDocument(res, types, 'aggregated /apis', () => aggregatedDiscovery(types, false), AGGREGATED_CONTENT_TYPE);
      else sendDocument(res, types, '/apis', () => apiGroupList(types));
      return true;
    case 'group':
      sendDocument(res, types, `group ${route.group}`, () => apiGroup(types, route.group));
      return true;
    case 'groupVersion':
      sendDocument(res, types, `groupVersion ${route.group}/${route.version}`, () => apiResourceList(types, route.group, route.version));
      return true;
    case 'openapiIndex':
      sendDocument(res, types, 'openapi index', () => openApiIndex(types));
      return true;
    case 'openapiDoc':
      sendDocument(res, types, `openapi ${route.group}/${route.version}`, () => openApiDocument(types, route.group, route.version));
      return true;
    case 'openapiV2':
      // Definitions only, no paths: kubectl keeps its built-in types for apply patches (openapi-v2.ts).
      if (wantsV2Protobuf(req.headers.accept)) {
        const body = openApiV2Protobuf(types);
        res.writeHead(200, { 'Content-Type': OPENAPI_V2_PROTOBUF, 'Content-Length': body.length });
        res.end(body);
      } else sendDocument(res, types, 'openapi v2', () => openApiV2Document(types));
      return true;
    default:
      return false;
  }
}

async function serveResource(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, url: URL): Promise<void> {
  const query = url.searchParams;
  const method = req.method ?? 'GET';
  if (route.type.group === 'authorization.k8s.io' || route.type.group === 'authentication.k8s.io') {
    if (method !== 'POST' || route.name !== undefined) throw errors.methodNotRegistered();
    return serveReview(ctx, req, res, route);
  }
  if (route.type.group === 'metrics.k8s.io') {
    if (method !== 'GET') throw errors.methodNotRegistered();
    serveMetrics(ctx, req, res, route, query);
    return;
  }
  const name = route.name;
  if (name === undefined) {
    switch (method) {
      case 'GET':
        if (isTrue(query, 'watch')) serveWatch(ctx, req, res, route, query);
        else serveList(ctx, req, res, route, query);
        return;
      // Upstream's installer registers only list and watch on the all-namespaces path of a
      // namespaced resource (`/api/v1/pods`); create and deletecollection exist only under
      // /namespaces/{namespace}/, so go-restful answers 405 here
      // (staging/src/k8s.io/apiserver/pkg/endpoints/installer.go, "list or post across namespace").
      case 'POST':
        if (route.type.namespaced && route.namespace === undefined) throw errors.methodNotRegistered();
        return serveCreate(ctx, req, res, route, query);
      case 'DELETE':
        if (route.type.namespaced && route.namespace === undefined) throw errors.methodNotRegistered();
        return serveDeleteCollection(ctx, req, res, route, query);
      default:
        throw errors.methodNotRegistered();
    }
  }
  if (route.type.namespaced && route.namespace === undefined) throw errors.pathNotFound();
  const named = { ...route, name };
  switch (route.subresource) {
    case undefined:
      switch (method) {
        case 'GET':
          // A named GET stays a get whatever `watch` says: RequestInfo turns only nameless GETs
          // into list or watch, and GetResource decodes the query as GetOptions, which has no
          // watch (endpoints/request/requestinfo.go, endpoints/handlers/get.go). Clients watch
          // one object with fieldSelector=metadata.name=NAME on the collection.
          return serveGet(ctx, req, res, named, query);
        case 'PUT':
          return serveUpdate(ctx, req, res, named, query);
        case 'PATCH':
          return servePatch(ctx, req, res, named, query);
        case 'DELETE':
          return serveDelete(ctx, req, res, named, query);
        default:
          throw errors.methodNotRegistered();
      }
    case 'status':
      switch (method) {
        case 'GET':
          return serveGet(ctx, req, res, named, query);
        case 'PUT':
          return serveUpdate(ctx, req, res, named, query, 'status');
        case 'PATCH':
          return servePatch(ctx, req, res, named, query, 'status');
        default:
          throw errors.methodNotRegistered();
      }
    case 'scale':
      return serveScale(ctx, req, res, named, query);
    case 'proxy':
      return serveProxy(ctx, req, res, named, url.search);
    default:
      break;
  }
  if (route.type.resource !== 'pods') throw errors.pathNotFound();
  switch (route.subresource) {
    case 'log':
      if (method !== 'GET') throw errors.methodNotRegistered();
      return serveLog(ctx, req, res, named, query);
    case 'eviction':
      return serveEviction(ctx, req, res, named);
    case 'portforward':
      // Not an upgrade (portforward/upgrade.ts answers those): apimachinery upgradeaware.go's words.
      throw errors.badRequest('Upgrade request required');
    case 'exec':
    case 'attach':
      // A plain request or an SPDY upgrade: only WebSocket (v5.channel.k8s.io) is simulated.
      throw errors.badRequest(`Upgrade request required: Kubelab supports ${route.subresource} only over WebSocket (v5.channel.k8s.io); SPDY is not supported`);
    default:
      throw errors.pathNotFound();
  }
}

/** Refuses a URI or header fields past the limits before anything else reads them. */
function checkLimits(req: IncomingMessage, limits: RequestLimits | undefined): void {
  if (!limits) return;
  const over = exceededLimit(req, limits);
  if (over === 'uri') throw errors.uriTooLong(limits.maxUriBytes);
  if (over === 'headers') throw errors.headersTooLarge(limits.maxHeaderBytes);
}

/**
 * The reply when a handler failed. If even that throws (a header set earlier that Node refuses, a
 * body that cannot be serialised), the headers are dropped and the Status sent again; only when
 * that fails too is the socket destroyed, so a client always gets a Status or a closed connection.
 */
export function replyWithError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  // Drain what is left of the body so the connection stays usable, then answer.
  req.resume();
  const reply = toStatus(error);
  try {
    sendStatus(res, reply);
    return;
  } catch {
    // Fall through: answer without whatever header broke the first attempt.
  }
  try {
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    sendStatus(res, toStatus(errors.internal('the response headers could not be encoded')));
  } catch {
    res.destroy();
  }
}

/** The lines that say the cluster's time is not the computer's: paused, in the past, or ahead. */
function timeWarnings(req: IncomingMessage, route: ResourceRoute, url: URL, options: HandlerOptions): string[] {
  const texts: string[] = [];
  const paused = options.pauseWarnings && pausedRequestOf(req.method ?? 'GET', route, url.searchParams, req.headers);
  const pause = paused && options.pauseWarnings!.warningFor(paused);
  if (pause) texts.push(pause);
  const skew = options.clockSkewWarnings?.warningFor(String(req.headers['kubectl-command'] ?? ''), kubectlSession(req.headers));
  if (skew) texts.push(skew);
  return texts;
}

export function createRequestHandler(ctx: ApiContext, options: HandlerOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    markStart(res);
    const run = async () => {
      checkLimits(req, options.limits);
      checkRequest(req, options.port(), options.token);
      options.onAuthenticated?.(req);
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const route = parseRoute(url.pathname, ctx.types());
      if (serveDiscovery(ctx, req, res, route)) return;
      if (route.kind !== 'resource') throw errors.pathNotFound();
      observeResponse(req, res, route, url, options.onRequest);
      addWarnings(res, timeWarnings(req, route, url, options));
      await serveResource(ctx, req, res, route, url);
    };
    run().catch((error: unknown) => replyWithError(req, res, error));
  };
}
