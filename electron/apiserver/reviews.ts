/**
 * `kubectl auth can-i` and `kubectl auth whoami`: the token holder is Kubelab's only user and
 * administers the simulated cluster, so every access review is allowed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext } from './context';
import { decodeObjectBody, mediaType, readBody, sendJson } from './http-io';
import type { ResourceRoute } from './route';

const USER = { username: 'kubelab-admin', groups: ['system:masters', 'system:authenticated'] };

export async function serveReview(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute): Promise<void> {
  const raw = await readBody(req, ctx.bodyLimit);
  // kubectl's typed client may send protobuf; the answer does not depend on the question.
  const body = raw.length > 0 && mediaType(req.headers['content-type']) !== 'application/vnd.kubernetes.protobuf' ? decodeObjectBody(raw, req.headers['content-type']) : {};
  const typeMeta = { apiVersion: `${route.type.group}/${route.type.version}`, kind: route.type.kind };
  switch (route.type.resource) {
    case 'selfsubjectaccessreviews':
      sendJson(res, 201, { ...typeMeta, metadata: {}, spec: body.spec ?? {}, status: { allowed: true, reason: 'Kubelab: the kubeconfig user administers the simulated cluster' } });
      return;
    case 'selfsubjectrulesreviews':
      sendJson(res, 201, {
        ...typeMeta,
        metadata: {},
        spec: body.spec ?? {},
        status: { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false },
      });
      return;
    default:
      sendJson(res, 201, { ...typeMeta, metadata: {}, status: { userInfo: USER } });
  }
}
