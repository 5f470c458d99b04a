/**
 * metav1.Status bodies with the reasons and messages kubectl turns into its familiar error lines.
 * Handlers throw StatusError; the server turns it into the HTTP reply.
 */
import { StatusError } from '../engine/api';
import type { Status } from '../engine/api';

type Details = NonNullable<Status['details']>;

export function status(code: number, reason: string, message: string, details?: Details): Status {
  const body: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) body.details = details;
  return body;
}

export function success(code = 200, details?: Details): Status {
  const body: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code };
  if (details) body.details = details;
  return body;
}

/** `pods`, or `deployments.apps`: the qualified resource name used in messages. */
export function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export const errors = {
  notFound(resource: string, group: string, name: string): StatusError {
    const details: Details = { name, kind: resource };
    if (group) details.group = group;
    return new StatusError(status(404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, details));
  },
  pathNotFound(): StatusError {
    return new StatusError(status(404, 'NotFound', 'the server could not find the requested resource', {}));
  },
  alreadyExists(resource: string, group: string, name: string): StatusError {
    const details: Details = { name, kind: resource };
    if (group) details.group = group;
    return new StatusError(status(409, 'AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, details));
  },
  badRequest(message: string): StatusError {
    return new StatusError(status(400, 'BadRequest', message));
  },
  invalid(kind: string, name: string, causes: { field: string; message: string; reason?: string }[], group = ''): StatusError {
    const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
    const details: Details = {
      name,
      kind,
      causes: causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', message: c.message, field: c.field })),
    };
    if (group) details.group = group;
    return new StatusError(status(422, 'Invalid', `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${text}`, details));
  },
  unauthorized(): StatusError {
    return new StatusError(status(401, 'Unauthorized', 'Unauthorized'));
  },
  forbidden(message: string): StatusError {
    return new StatusError(status(403, 'Forbidden', message));
  },
  /**
   * A method the path has no route for. Upstream go-restful answers these, and the apiserver's
   * serviceErrorHandler turns them into NewGenericServerResponse(405, ...): this exact message and
   * empty details (staging/src/k8s.io/apiserver/pkg/server/handler.go, apimachinery api/errors).
   */
  methodNotRegistered(): StatusError {
    return new StatusError(status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}));
  },
  /** Upstream has no URI limit below its 1 MiB header limit; Kubelab's is smaller, so it says so. */
  uriTooLong(limit: number): StatusError {
    return new StatusError(status(414, 'RequestURITooLong', `the request URI is too long: limit is ${limit} bytes`));
  },
  /** Header fields beyond the limit (excluding the request line), told apart from a long URI. */
  headersTooLarge(limit: number): StatusError {
    return new StatusError(status(431, 'RequestHeaderFieldsTooLarge', `the request header fields are too large: limit is ${limit} bytes`));
  },
  tooLarge(limit: number): StatusError {
    return new StatusError(status(413, 'RequestEntityTooLarge', `the request is too large: limit is ${limit} bytes`));
  },
  unsupportedMediaType(contentType: string): StatusError {
    return new StatusError(status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got ${contentType || 'none'})`));
  },
  notAcceptable(): StatusError {
    return new StatusError(status(406, 'NotAcceptable', 'only the following media types are accepted: application/json, application/yaml'));
  },
  internal(message: string): StatusError {
    return new StatusError(status(500, 'InternalError', `Internal error occurred: ${message}`));
  },
};

/** Any thrown value as a Status: StatusErrors keep theirs, anything else is a 500. */
export function toStatus(error: unknown): Status {
  if (error instanceof StatusError) return error.status;
  const message = error instanceof Error ? error.message : String(error);
  return status(500, 'InternalError', `Internal error occurred: ${message}`);
}
