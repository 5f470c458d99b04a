/**
 * List continue tokens, byte for byte as the API server makes them: base64url (no padding) of
 * `{"v":"meta.k8s.io/v1","rv":N,"start":"<key after the last item>\u0000"}`, the start key relative
 * to the listed prefix (`<namespace>/<name>` across namespaces, `<name>` within one or for a
 * cluster-scoped kind). rv -1 means "continue at the latest revision", which a 410 for a compacted
 * token hands back. Messages are upstream's (staging/src/k8s.io/apiserver/pkg/storage/continue.go).
 */
import { badRequest } from './errors';

export interface ContinueToken {
  /** The revision every page of the list describes; -1 for "latest". */
  rv: number;
  /** List keys >= start (the last returned key plus "\u0000"). */
  start: string;
}

export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start }), 'utf8').toString('base64url');
}

/** The token, or a 400 `invalid continue token: ...` as etcd3/store.go GetList answers. */
export function decodeContinue(value: string): ContinueToken {
  const invalid = (reason: string) => badRequest(`invalid continue token: ${reason}`);
  // Go's base64.RawURLEncoding: URL alphabet, no padding; anything else is "illegal base64 data".
  const bad = /[^A-Za-z0-9_-]/.exec(value);
  if (bad || value.length % 4 === 1) throw invalid(`continue key is not valid: illegal base64 data at input byte ${bad ? bad.index : value.length - 1}`);
  const bytes = Buffer.from(value, 'base64url');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalid(`continue key is not valid: ${jsonSyntaxError(bytes)}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('continue key is not valid: json: cannot unmarshal into Go value of type storage.continueToken');
  const { v, rv, start } = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (v !== 'meta.k8s.io/v1') throw invalid(`continue key is not valid: server does not recognize this encoded version ${typeof v === 'string' ? v : ''}`);
  if (typeof rv !== 'number' || !Number.isInteger(rv) || rv === 0) throw invalid('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof start !== 'string' || start.length === 0) throw invalid('continue key is not valid: encoded start key empty (version meta.k8s.io/v1)');
  // Path traversal defence: the key must already be clean (path.Clean of "/"+key unchanged).
  const key = start.startsWith('/') ? start : `/${start}`;
  if (cleanPath(key) !== key) throw invalid(`continue key is not valid: ${start}`);
  return { rv, start: key.slice(1) };
}

/** Go's path.Clean for an absolute path. */
function cleanPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** encoding/json's message for a body that is not JSON, for the common cases (empty, a bad first character). */
function jsonSyntaxError(bytes: Buffer): string {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  if (i >= bytes.length) return 'unexpected end of JSON input';
  const c = bytes[i]!;
  if (!/[{["\-0-9tfn]/.test(String.fromCharCode(c))) {
    // Go's quoteChar: the byte as a rune, escaped as strconv.Quote does for unprintable ones.
    const ch = String.fromCharCode(c);
    const shown = c === 0x27 ? "\\'" : c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) ? `\\x${c.toString(16).padStart(2, '0')}` : ch;
    return `invalid character '${shown}' looking for beginning of value`;
  }
  return 'invalid character looking for beginning of value';
}
