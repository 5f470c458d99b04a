/**
 * Create, update (PUT), patch (strategic merge, JSON merge, JSON patch, server-side apply),
 * delete and deletecollection. Bodies are decoded and checked completely before the store is
 * touched, so a malformed request never leaves anything half-written.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../../../shared/k8s/objects';
import { resourceByName } from '../../../shared/k8s/resources';
import { StatusError } from '../../engine/api';
import type { DeleteOptions, ResourceType, WriteOptions } from '../../engine/api';
import type { ApiContext } from '../context';
import { causeOf, typeMetaOf } from '../context';
import { decodeObjectBody, decodePatchBody, mediaType, readBody, sendJson } from '../http-io';
import { JsonPatchError, jsonPatch } from '../patch/json-patch';
import { mergePatch } from '../patch/merge-patch';
import { strategicMergePatch } from '../patch/strategic-merge';
import { checkApplyConfiguration, checkPatchOptions, fieldManagerOf, serverSideApply } from '../patch/server-side-apply';
import type { ResourceRoute } from '../route';
import { checkFields } from '../field-validation';
import { errors, status, success } from '../status';
import { getObject, listOptions } from './read';
import { dryRun, intParam } from './query';

/** Kinds whose status a client may not set on create (the controllers own it). */
const STATUS_RESET = new Set(['pods', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'services', 'replicationcontrollers']);

function writeOptions(req: IncomingMessage, query: URLSearchParams, kind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions', subresource?: 'status'): WriteOptions {
  const options: WriteOptions = {};
  if (dryRun(query)) options.dryRun = true;
  // Every client write records an Update entry in managedFields (patch/server-side-apply.ts).
  options.fieldManager = fieldManagerOf(req, query, kind);
  if (subresource) options.subresource = subresource;
  return options;
}

function checkTypeMeta(type: ResourceType, body: Record<string, unknown>): void {
  const expected = typeMetaOf(type);
  if (body.apiVersion !== undefined && body.apiVersion !== expected.apiVersion) {
    throw errors.badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expected.apiVersion})`);
  }
  if (body.kind !== undefined && body.kind !== expected.kind) {
    throw errors.badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${expected.kind})`);
  }
}

/** Checks the shape the store relies on: an object with metadata, a usable name and the request's namespace. */
export function normalizeObject(route: ResourceRoute, body: Record<string, unknown>, requireName: boolean): KubeObject {
  checkTypeMeta(route.type, body);
  const metadata = body.metadata ?? {};
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) throw errors.badRequest('metadata must be an object');
  const meta = { ...(metadata as Record<string, unknown>) };
  for (const key of ['name', 'generateName', 'namespace', 'resourceVersion']) {
    if (meta[key] !== undefined && typeof meta[key] !== 'string') throw errors.badRequest(`metadata.${key} must be a string`);
  }
  for (const key of ['labels', 'annotations']) {
    const value = meta[key];
    if (value === undefined || value === null) {
      delete meta[key];
      continue;
    }
    if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
      throw errors.badRequest(`metadata.${key} must be a map of strings`);
    }
  }
  const name = (meta.name as string | undefined) ?? '';
  if (requireName && !name && !meta.generateName) {
    throw errors.invalid(route.type.kind, '', [{ field: 'metadata.name', message: 'Required value: name or generateName is required', reason: 'FieldValueRequired' }], route.type.group);
  }
  if (name && (name.length > 253 || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name))) {
    throw errors.invalid(route.type.kind, name, [
      {
        field: 'metadata.name',
        message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      },
    ], route.type.group);
  }
  if (route.type.namespaced) {
    const ns = route.namespace ?? 'default';
    if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== ns) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = ns;
  } else delete meta.namespace;
  const meta2 = typeMetaOf(route.type);
  return { ...body, apiVersion: meta2.apiVersion, kind: meta2.kind, metadata: meta as KubeObject['metadata'] };
}

export async function serveCreate(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, query: URLSearchParams): Promise<void> {
  const body = decodeObjectBody(await readBody(req, ctx.bodyLimit), req.headers['content-type']);
  checkFields(res, query, route.type, body);
  const object = ctx.accept(normalizeObject(route, body, true));
  if (STATUS_RESET.has(route.type.resource) && !route.type.group.includes('metrics')) {
    delete object.status;
    if (route.type.resource === 'services') object.status = { loadBalancer: {} };
  }
  const created = ctx.store.create(route.type, object, causeOf(req, 'create', `${route.type.resource}/${object.metadata.name ?? ''}`), writeOptions(req, query, 'CreateOptions'));
  sendJson(res, 201, ctx.present(created));
}

export async function serveUpdate(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute & { name: string }, query: URLSearchParams, subresource?: 'status'): Promise<void> {
  const body = decodeObjectBody(await readBody(req, ctx.bodyLimit), req.headers['content-type']);
  checkFields(res, query, route.type, body);
  const object = ctx.accept(normalizeObject(route, body, false));
  if (object.metadata.name && object.metadata.name !== route.name) {
    throw errors.badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${route.name})`);
  }
  object.metadata.name = route.name;
  getObject(ctx, route);
  const updated = ctx.store.update(route.type, object, causeOf(req, subresource ? 'update status' : 'update', `${route.type.resource}/${route.name}`), writeOptions(req, query, 'UpdateOptions', subresource));
  sendJson(res, 200, ctx.present(updated));
}

/** Applies a decoded patch of the given media type to an object. */
export function applyPatch(original: KubeObject, type: string, patch: unknown): KubeObject {
  try {
    switch (type) {
      case 'application/merge-patch+json':
        return mergePatch(original, patch);
      case 'application/json-patch+json':
        return jsonPatch(original, patch);
      default:
        return strategicMergePatch(original, patch);
    }
  } catch (error) {
    if (error instanceof JsonPatchError) throw new StatusError(status(422, 'Invalid', `the server rejected our request due to an error in our request: ${error.message}`));
    throw errors.badRequest((error as Error).message);
  }
}

function checkPatched(route: ResourceRoute, original: KubeObject, patched: unknown): KubeObject {
  if (!patched || typeof patched !== 'object' || Array.isArray(patched)) throw errors.badRequest('the patched object is not a JSON object');
  const object = normalizeObject(route, patched as Record<string, unknown>, false);
  if (object.metadata.name !== original.metadata.name) object.metadata.name = original.metadata.name;
  if (!object.metadata.resourceVersion) object.metadata.resourceVersion = original.metadata.resourceVersion ?? '';
  return object;
}

export async function servePatch(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute & { name: string }, query: URLSearchParams, subresource?: 'status'): Promise<void> {
  const raw = await readBody(req, ctx.bodyLimit);
  const { type, patch } = decodePatchBody(raw, req.headers['content-type']);
  const cause = causeOf(req, type === 'application/apply-patch+yaml' ? 'apply' : 'patch', `${route.type.resource}/${route.name}`);
  const existing = ctx.store.get(route.type, route.namespace, route.name);
  const force = checkPatchOptions(query, type === 'application/apply-patch+yaml');
  const options = writeOptions(req, query, 'PatchOptions', subresource);
  if (type === 'application/apply-patch+yaml') {
    if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw errors.badRequest('the apply configuration must be an object');
    checkApplyConfiguration(patch as Record<string, unknown>, typeMetaOf(route.type).apiVersion);
    checkFields(res, query, route.type, patch as Record<string, unknown>);
    const config = ctx.accept(normalizeObject(route, patch as Record<string, unknown>, false));
    if (config.metadata.name && config.metadata.name !== route.name) {
      throw errors.badRequest(`the name of the object (${config.metadata.name}) does not match the name on the URL (${route.name})`);
    }
    config.metadata.name = route.name;
    if (!existing && subresource) throw errors.notFound(route.type.resource, route.type.group, route.name);
    const hasStatus = !!resourceByName(route.type.group, route.type.resource)?.hasStatus;
    const time = new Date(Math.floor(ctx.clock.virtualNow() / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const applied = serverSideApply({ live: existing, config, manager: options.fieldManager ?? '', force, subresource: subresource ?? '', hasStatus, time });
    const applyOptions: WriteOptions = { ...options, appliedManagedFields: true };
    if (!existing) {
      if (STATUS_RESET.has(route.type.resource)) delete applied.status;
      const created = ctx.store.create(route.type, applied, cause, applyOptions);
      sendJson(res, 201, ctx.present(created));
      return;
    }
    const merged = checkPatched(route, existing, applied);
    merged.metadata.resourceVersion = config.metadata.resourceVersion || existing.metadata.resourceVersion || '';
    const updated = ctx.store.update(route.type, merged, cause, applyOptions);
    sendJson(res, 200, ctx.present(updated));
    return;
  }
  if (!existing) throw errors.notFound(route.type.resource, route.type.group, route.name);
  const result = applyPatch(existing, type, ctx.accept(patch));
  // As upstream, the patched result is what gets decoded; duplicate keys come from the patch body.
  if (result && typeof result === 'object' && !Array.isArray(result)) checkFields(res, query, route.type, result as Record<string, unknown>, patch && typeof patch === 'object' ? patch : result);
  const patched = checkPatched(route, existing, result);
  const updated = ctx.store.update(route.type, patched, cause, options);
  sendJson(res, 200, ctx.present(updated));
}

async function deleteOptionsFrom(ctx: ApiContext, req: IncomingMessage, query: URLSearchParams): Promise<DeleteOptions> {
  const options: DeleteOptions = {};
  const raw = await readBody(req, ctx.bodyLimit);
  let body: Record<string, unknown> = {};
  if (raw.length > 0) {
    const type = mediaType(req.headers['content-type']);
    body = decodeObjectBody(raw, type || 'application/json');
  }
  const grace = intParam(query, 'gracePeriodSeconds') ?? body.gracePeriodSeconds;
  if (grace !== undefined) {
    if (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 0) throw errors.badRequest('gracePeriodSeconds must be a non-negative integer');
    options.gracePeriodSeconds = grace;
  }
  const policy = query.get('propagationPolicy') ?? body.propagationPolicy ?? (body.orphanDependents === true ? 'Orphan' : undefined);
  if (policy !== undefined) {
    if (policy !== 'Background' && policy !== 'Foreground' && policy !== 'Orphan') {
      throw errors.badRequest(`propagationPolicy: Unsupported value: "${String(policy)}": supported values: "Foreground", "Background", "Orphan"`);
    }
    options.propagationPolicy = policy;
  }
  const pre = body.preconditions;
  if (pre && typeof pre === 'object') {
    const p = pre as Record<string, unknown>;
    options.preconditions = {};
    if (typeof p.uid === 'string') options.preconditions.uid = p.uid;
    if (typeof p.resourceVersion === 'string') options.preconditions.resourceVersion = p.resourceVersion;
  }
  if (dryRun(query) || (Array.isArray(body.dryRun) && body.dryRun.includes('All'))) options.dryRun = true;
  return options;
}

export function checkPreconditions(object: KubeObject, options: DeleteOptions, route: ResourceRoute): void {
  const pre = options.preconditions;
  if (!pre) return;
  if ((pre.uid && pre.uid !== object.metadata.uid) || (pre.resourceVersion && pre.resourceVersion !== object.metadata.resourceVersion)) {
    throw new StatusError(
      status(409, 'Conflict', `Operation cannot be fulfilled on ${route.type.group ? `${route.type.resource}.${route.type.group}` : route.type.resource} "${object.metadata.name}": Precondition failed: UID in precondition: ${pre.uid ?? ''}, UID in object meta: ${object.metadata.uid ?? ''}`, { name: object.metadata.name, kind: route.type.resource }),
    );
  }
}

export async function serveDelete(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute & { name: string }, query: URLSearchParams): Promise<void> {
  const options = await deleteOptionsFrom(ctx, req, query);
  const existing = getObject(ctx, route);
  checkPreconditions(existing, options, route);
  const result = ctx.store.delete(route.type, route.namespace, route.name, causeOf(req, 'delete', `${route.type.resource}/${route.name}`), options);
  if (result.metadata.deletionTimestamp) {
    sendJson(res, 200, ctx.present(result));
    return;
  }
  const details: NonNullable<ReturnType<typeof success>['details']> = { name: route.name, kind: route.type.resource };
  if (route.type.group) details.group = route.type.group;
  if (result.metadata.uid) details.uid = result.metadata.uid;
  sendJson(res, 200, success(200, details));
}

export async function serveDeleteCollection(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, query: URLSearchParams): Promise<void> {
  const options = await deleteOptionsFrom(ctx, req, query);
  const items = ctx.store.list(route.type, listOptions(route, query)).items;
  const deleted: KubeObject[] = [];
  for (const item of items) {
    try {
      deleted.push(ctx.store.delete(route.type, item.metadata.namespace, item.metadata.name, causeOf(req, 'deletecollection', `${route.type.resource}/${item.metadata.name}`), options));
    } catch (error) {
      // Something else removed it meanwhile: that is what was asked for.
      if (!(error instanceof StatusError && error.status.code === 404)) throw error;
    }
  }
  const meta = typeMetaOf(route.type);
  sendJson(res, 200, { kind: `${route.type.kind}List`, apiVersion: meta.apiVersion, metadata: { resourceVersion: ctx.store.currentResourceVersion() }, items: deleted.map((d) => ctx.present(d)) });
}
