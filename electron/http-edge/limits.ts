/**
 * How long a request line and its header fields may be. Node's parser counts both against one
 * maxHeaderSize and, past it, can only fail the connection; so the parser gets room for both and
 * the handler tells a long URI (414) from long header fields (431) with a proper reply.
 *
 * Upstream's apiserver sets MaxHeaderBytes 1 << 20 (staging/src/k8s.io/apiserver/pkg/server/
 * secure_serving.go) and Go's net/http answers anything over it with "431 Request Header Fields Too
 * Large", request line included; it has no separate URI limit. Kubelab keeps far smaller limits
 * because every half-sent header is held in memory per connection.
 */
import type { IncomingMessage } from 'node:http';

export interface RequestLimits {
  /** Longest request target (path and query), in bytes. */
  maxUriBytes: number;
  /** Largest total of header field lines (name, value, ": " and CRLF), in bytes. */
  maxHeaderBytes: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = { maxUriBytes: 32 * 1024, maxHeaderBytes: 32 * 1024 };

/** The parser's own limit (Node's maxHeaderSize): room for both, plus the method and version. */
export function parserHeaderLimit(limits: RequestLimits): number {
  return limits.maxUriBytes + limits.maxHeaderBytes + 64;
}

/** Which limit a parsed request exceeds, if any. */
export function exceededLimit(req: IncomingMessage, limits: RequestLimits): 'uri' | 'headers' | undefined {
  if (Buffer.byteLength(req.url ?? '', 'latin1') > limits.maxUriBytes) return 'uri';
  let size = 0;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) size += (raw[i] ?? '').length + (raw[i + 1] ?? '').length + 4;
  return size > limits.maxHeaderBytes ? 'headers' : undefined;
}

/**
 * The status and reason phrase for a request past the limits, for the servers that answer in their
 * own format rather than with a Kubernetes Status (web mode, the control endpoint, NodePorts).
 */
export function overLimit(req: IncomingMessage, limits: RequestLimits): { status: 414 | 431; message: string } | undefined {
  const over = exceededLimit(req, limits);
  if (over === 'uri') return { status: 414, message: 'URI Too Long' };
  if (over === 'headers') return { status: 431, message: 'Request Header Fields Too Large' };
  return undefined;
}
