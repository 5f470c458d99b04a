/** The autoscaling/v1 Scale subresource of Deployments, ReplicaSets and StatefulSets (kubectl scale). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject, LabelSelector } from '../../../shared/k8s/objects';
import type { ApiContext } from '../context';
import { causeOf } from '../context';
import { decodeObjectBody, decodePatchBody, readBody, sendJson } from '../http-io';
import type { ResourceRoute } from '../route';
import { formatLabelSelector } from '../selectors';
import { errors } from '../status';
import { at } from '../tables/types';
import { getObject } from './read';
import { applyPatch } from './write';
import { dryRun } from './query';
import type { WriteOptions } from '../../engine/api';
import { fieldManagerOf } from '../patch/server-side-apply';

function toScale(object: KubeObject): Record<string, unknown> {
  const spec = (object.spec ?? {}) as { replicas?: number; selector?: LabelSelector };
  const selector = formatLabelSelector(spec.selector);
  const meta: Record<string, unknown> = { name: object.metadata.name, uid: object.metadata.uid, resourceVersion: object.metadata.resourceVersion, creationTimestamp: object.metadata.creationTimestamp };
  if (object.metadata.namespace) meta.namespace = object.metadata.namespace;
  const replicas = at(object, 'status', 'replicas');
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: meta,
    spec: { replicas: spec.replicas ?? 1 },
    status: { replicas: typeof replicas === 'number' ? replicas : 0, selector: selector === '<none>' ? '' : selector },
  };
}

function replicasOf(scale: unknown): number {
  const replicas = at(scale, 'spec', 'replicas');
  if (replicas === undefined) return 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) throw errors.badRequest('spec.replicas must be an integer');
  return replicas;
}

export async function serveScale(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute & { name: string }, query: URLSearchParams): Promise<void> {
  if (!['deployments', 'replicasets', 'statefulsets', 'replicationcontrollers'].includes(route.type.resource)) throw errors.pathNotFound();
  // Upstream's ScaleREST is a Getter and an Updater (so a Patcher): only GET, PUT and PATCH are
  // routed, and go-restful answers any other method with 405 before the object is looked up.
  if (req.method !== 'GET' && req.method !== 'PUT' && req.method !== 'PATCH') throw errors.methodNotRegistered();
  const object = getObject(ctx, route);
  if (req.method === 'GET') {
    sendJson(res, 200, ctx.present(toScale(object)));
    return;
  }
  const raw = await readBody(req, ctx.bodyLimit);
  let target: unknown;
  if (req.method === 'PUT') target = decodeObjectBody(raw, req.headers['content-type']);
  else {
    const { type, patch } = decodePatchBody(raw, req.headers['content-type']);
    target = applyPatch(toScale(object) as unknown as KubeObject, type === 'application/apply-patch+yaml' ? 'application/merge-patch+json' : type, patch);
  }
  const replicas = replicasOf(target);
  if (replicas < 0) {
    throw errors.invalid('Scale', route.name, [{ field: 'spec.replicas', message: `Invalid value: ${replicas}: must be greater than or equal to 0` }], 'autoscaling');
  }
  const updated = structuredClone(object);
  updated.spec = { ...((updated.spec ?? {}) as Record<string, unknown>), replicas };
  // Recorded in managedFields under the scale subresource, as upstream's ScaleHandler maps it onto the parent.
  const options: WriteOptions = { ...(dryRun(query) ? { dryRun: true } : {}), fieldManager: fieldManagerOf(req, query, req.method === 'PUT' ? 'UpdateOptions' : 'PatchOptions'), fieldSubresource: 'scale' };
  const stored = ctx.store.update(route.type, updated, causeOf(req, 'scale', `${route.type.resource}/${route.name}`), options);
  sendJson(res, 200, ctx.present(toScale(stored)));
}
