/**
 * Reading request bodies (with a size limit) and decoding them by Content-Type (JSON, YAML,
 * protobuf), and writing JSON replies and Status errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Status } from '../engine/api';
import { rememberFacts, scanJson } from './body-facts';
import { parseYamlLinear } from './yaml-body';
import { decodeProtobufObject } from './protobuf';
import { errors } from './status';

export const DEFAULT_BODY_LIMIT = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      req.resume();
      reject(errors.tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(errors.tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
    });
  });
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw errors.badRequest(`error decoding JSON: ${(error as Error).message}`);
  }
  if (value && typeof value === 'object') rememberFacts(value, scanJson(text));
  return value;
}

function parseYamlBody(body: Buffer): unknown {
  const { value, duplicates } = parseYamlLinear(body.toString('utf8'));
  // sigs.k8s.io/yaml's YAMLToJSONStrict error, which the strict decoder reports as one strict error.
  if (duplicates.length > 0 && value && typeof value === 'object') {
    rememberFacts(value, { strictErrors: [`error converting YAML to JSON: yaml: unmarshal errors:\n  ${duplicates.join('\n  ')}`] });
  }
  return value;
}

const MAX_DEPTH = 100;

/** Refuses absurdly deep documents up front, so no recursive step later can exhaust the stack. */
function assertDepth(value: unknown): void {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (depth > MAX_DEPTH) throw errors.badRequest(`the request body nests deeper than ${MAX_DEPTH} levels`);
    for (const child of Object.values(node as Record<string, unknown>)) if (child && typeof child === 'object') stack.push({ node: child, depth: depth + 1 });
  }
}

/** Decodes an object body (create/update) from JSON, YAML or protobuf. */
export function decodeObjectBody(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  const type = mediaType(contentType);
  let value: unknown;
  if (type === 'application/json' || type === '') value = parseJson(body);
  else if (type === 'application/yaml' || type === 'application/apply-patch+yaml') value = parseYamlBody(body);
  else if (type === 'application/vnd.kubernetes.protobuf') value = decodeProtobufObject(body);
  else throw errors.unsupportedMediaType(type);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw errors.badRequest('the request body must be a JSON object');
  assertDepth(value);
  return value as Record<string, unknown>;
}

/** Decodes a PATCH body: JSON for the three JSON patch types, YAML (or JSON) for apply. */
export function decodePatchBody(body: Buffer, contentType: string | undefined): { type: string; patch: unknown } {
  const type = mediaType(contentType);
  switch (type) {
    case 'application/strategic-merge-patch+json':
    case 'application/merge-patch+json':
    case 'application/json-patch+json': {
      const patch = parseJson(body);
      assertDepth(patch);
      return { type, patch };
    }
    case 'application/apply-patch+yaml': {
      const patch = parseYamlBody(body);
      assertDepth(patch);
      return { type, patch };
    }
    default:
      throw errors.unsupportedMediaType(type);
  }
}

const STARTED = Symbol('startedAt');

/** Marks when the server began handling a request, for the Server-Timing header. */
export function markStart(res: ServerResponse): void {
  (res as ServerResponse & { [STARTED]?: number })[STARTED] = performance.now();
}

function timing(res: ServerResponse): Record<string, string> {
  const started = (res as ServerResponse & { [STARTED]?: number })[STARTED];
  return started === undefined ? {} : { 'Server-Timing': `app;dur=${(performance.now() - started).toFixed(2)}` };
}

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  if (res.headersSent || res.destroyed) return;
  // A Buffer body makes Node write the header block as latin1, so a Warning carrying UTF-8 bytes
  // (warnings.ts) reaches the client as those bytes; with a string body Node would re-encode it.
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': bytes.length, 'Cache-Control': 'no-cache, private', ...timing(res) });
  res.end(bytes);
}

/** Sends an already serialised JSON body (discovery and OpenAPI documents are built once). */
export function sendJsonText(res: ServerResponse, code: number, text: string, contentType = 'application/json'): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private', ...timing(res) });
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: Status): void {
  sendJson(res, status.code, status);
}

export function sendText(res: ServerResponse, code: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
