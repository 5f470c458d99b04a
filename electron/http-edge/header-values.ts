/**
 * Header values that can never break a response. Node throws on any header value holding a
 * character outside Latin-1 or a control character, which turned a Korean field name in a Warning
 * (or a pod's proxied header) into a 500. Every response of Kubelab's servers is an
 * EncodedHeadersResponse, so no value set anywhere can throw or inject a header line.
 */
import { ServerResponse, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';

/** What Node's header validation accepts (lib/_http_common.js checkInvalidHeaderChar). */
const NODE_INVALID = /[^\t\x20-\x7e\x80-\xff]/;
const BEYOND_LATIN1 = /[\u0100-\uffff]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/g;

/**
 * A value Node will send unchanged when it is already valid. Otherwise text beyond Latin-1 goes out
 * as its UTF-8 bytes (what Go's net/http, and so the real apiserver, puts on the wire for any
 * string), and control characters, CR and LF above all, are percent-encoded so they cannot end the
 * header line.
 */
export function encodeHeaderValue(value: string): string {
  if (!NODE_INVALID.test(value)) return value;
  const bytes = BEYOND_LATIN1.test(value) ? Buffer.from(value, 'utf8').toString('latin1') : value;
  return bytes.replace(CONTROL, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

const NON_ASCII = /[\u0080-\uffff]/;

function encodeValue<T extends OutgoingHttpHeader | undefined>(value: T): T {
  if (typeof value === 'string') return encodeHeaderValue(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => (typeof v === 'string' ? encodeHeaderValue(v) : v)) as T;
  return value;
}

function hasNonAscii(value: unknown): boolean {
  if (typeof value === 'string') return NON_ASCII.test(value);
  return Array.isArray(value) && value.some(hasNonAscii);
}

function encodeHeaders(headers: OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined): OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined {
  if (headers === undefined) return undefined;
  // writeHead's flat [name, value, name, value] form: only odd positions are values.
  if (Array.isArray(headers)) return headers.map((entry, i) => (i % 2 === 1 ? encodeValue(entry) : entry));
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) out[name] = encodeValue(value);
  return out;
}

type Chunk = string | Buffer | Uint8Array;

export class EncodedHeadersResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  /**
   * Whether a header holds bytes beyond ASCII. Node writes the head and a string body as one
   * UTF-8 string, which would encode those bytes a second time; such bodies go out as Buffers,
   * so the head keeps its Latin-1 (byte-for-byte) encoding.
   */
  private binaryHead = false;

  private track<T>(value: T): T {
    if (hasNonAscii(value)) this.binaryHead = true;
    return value;
  }

  /** Set by the first write or end: only that one carries the head along. */
  private bodyStarted = false;

  private bytes(chunk: unknown, encoding: unknown): unknown {
    const first = !this.bodyStarted;
    this.bodyStarted = true;
    // headersSent is already true after writeHead, before the head has been written.
    if (!this.binaryHead || !first || typeof chunk !== 'string') return chunk;
    return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  }

  override setHeader(name: string, value: number | string | readonly string[]): this {
    return super.setHeader(name, this.track(encodeValue(value as OutgoingHttpHeader)));
  }

  override appendHeader(name: string, value: string | readonly string[]): this {
    return super.appendHeader(name, this.track(encodeValue(value as OutgoingHttpHeader)) as string | readonly string[]);
  }

  override writeHead(statusCode: number, statusMessage?: string, headers?: OutgoingHttpHeaders | OutgoingHttpHeader[]): this;
  override writeHead(statusCode: number, headers?: OutgoingHttpHeaders | OutgoingHttpHeader[]): this;
  override writeHead(statusCode: number, messageOrHeaders?: string | OutgoingHttpHeaders | OutgoingHttpHeader[], headers?: OutgoingHttpHeaders | OutgoingHttpHeader[]): this {
    const list = (h: OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined) => {
      const encoded = encodeHeaders(h);
      if (encoded) this.track(Array.isArray(encoded) ? encoded : Object.values(encoded));
      return encoded;
    };
    if (typeof messageOrHeaders === 'string') return super.writeHead(statusCode, encodeHeaderValue(messageOrHeaders), list(headers));
    return super.writeHead(statusCode, list(messageOrHeaders));
  }

  override write(chunk: Chunk, ...rest: unknown[]): boolean {
    return (super.write as (...args: unknown[]) => boolean)(this.bytes(chunk, rest[0]), ...rest);
  }

  override end(...args: unknown[]): this {
    if (args.length > 0 && typeof args[0] !== 'function') args[0] = this.bytes(args[0], args[1]);
    return (super.end as (...a: unknown[]) => this)(...args);
  }
}
