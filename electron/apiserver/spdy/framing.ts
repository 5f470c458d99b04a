/**
 * SPDY/3.1 frames on the wire (draft-mbelshe-httpbis-spdy-00 §2.2, as moby/spdystream reads and
 * writes them): the byte layout of control and data frames, a reader that cuts a byte stream into
 * frames, and the name/value header blocks. Header compression lives in headers.ts.
 */

export const SPDY_VERSION = 3;

export const FrameType = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const;

/** FLAG_FIN on SYN_STREAM, SYN_REPLY, HEADERS and DATA: the sender sends nothing more on the stream. */
export const FLAG_FIN = 0x01;

/** RST_STREAM status codes (spdystream spdy/types.go RstStreamStatus). */
export const RstStatus = {
  PROTOCOL_ERROR: 1,
  INVALID_STREAM: 2,
  REFUSED_STREAM: 3,
  UNSUPPORTED_VERSION: 4,
  CANCEL: 5,
  INTERNAL_ERROR: 6,
  FLOW_CONTROL_ERROR: 7,
  STREAM_IN_USE: 8,
  STREAM_ALREADY_CLOSED: 9,
  FRAME_TOO_LARGE: 11,
} as const;

/** GOAWAY status codes (spdystream spdy/types.go GoAwayStatus). */
export const GoAwayStatus = { OK: 0, PROTOCOL_ERROR: 1, INTERNAL_ERROR: 2 } as const;

export type Frame =
  | { control: true; version: number; type: number; flags: number; payload: Buffer }
  | { control: false; streamId: number; flags: number; payload: Buffer };

const HEADER_BYTES = 8;
/** The length field has 24 bits. */
const MAX_LENGTH = 0xffffff;

export class SpdyProtocolError extends Error {}

/** Cuts a byte stream into frames; `maxPayload` bounds what one frame may make it buffer. */
export class FrameReader {
  private buffered: Buffer[] = [];
  private size = 0;

  constructor(private maxPayload = 1 << 20) {}

  /** Frames completed by `chunk`, in order. Throws SpdyProtocolError for a frame over the limit. */
  push(chunk: Buffer): Frame[] {
    if (chunk.length) {
      this.buffered.push(chunk);
      this.size += chunk.length;
    }
    const frames: Frame[] = [];
    let all = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered, this.size);
    let offset = 0;
    while (all.length - offset >= HEADER_BYTES) {
      const first = all.readUInt32BE(offset);
      const second = all.readUInt32BE(offset + 4);
      const flags = second >>> 24;
      const length = second & MAX_LENGTH;
      if (length > this.maxPayload) throw new SpdyProtocolError(`frame of ${length} bytes is over the ${this.maxPayload} byte limit`);
      if (all.length - offset - HEADER_BYTES < length) break;
      const payload = Buffer.from(all.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + length));
      if (first & 0x80000000) frames.push({ control: true, version: (first >>> 16) & 0x7fff, type: first & 0xffff, flags, payload });
      else frames.push({ control: false, streamId: first & 0x7fffffff, flags, payload });
      offset += HEADER_BYTES + length;
    }
    all = all.subarray(offset);
    this.buffered = all.length ? [all] : [];
    this.size = all.length;
    return frames;
  }
}

function header(first: number, flags: number, length: number): Buffer {
  if (length > MAX_LENGTH) throw new RangeError(`a SPDY frame carries at most ${MAX_LENGTH} bytes`);
  const out = Buffer.alloc(HEADER_BYTES);
  out.writeUInt32BE(first >>> 0, 0);
  out.writeUInt32BE(((flags & 0xff) << 24) | length, 4);
  return out;
}

export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  return Buffer.concat([header(0x80000000 | (SPDY_VERSION << 16) | type, flags, payload.length), payload]);
}

export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  return Buffer.concat([header(streamId & 0x7fffffff, flags, data.length), data]);
}

function words(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeUInt32BE(v >>> 0, i * 4));
  return out;
}

/** SYN_REPLY: stream id, then the (compressed) header block. */
export function synReplyFrame(streamId: number, compressedHeaders: Buffer, fin = false): Buffer {
  return controlFrame(FrameType.SYN_REPLY, fin ? FLAG_FIN : 0, Buffer.concat([words(streamId & 0x7fffffff), compressedHeaders]));
}

export function rstStreamFrame(streamId: number, status: number): Buffer {
  return controlFrame(FrameType.RST_STREAM, 0, words(streamId & 0x7fffffff, status));
}

export function pingFrame(id: number): Buffer {
  return controlFrame(FrameType.PING, 0, words(id));
}

export function goAwayFrame(lastGoodStreamId: number, status: number): Buffer {
  return controlFrame(FrameType.GOAWAY, 0, words(lastGoodStreamId & 0x7fffffff, status));
}

export interface SynStream {
  streamId: number;
  associatedTo: number;
  priority: number;
  /** Still compressed. */
  headerBlock: Buffer;
}

export function parseSynStream(payload: Buffer): SynStream {
  if (payload.length < 10) throw new SpdyProtocolError('SYN_STREAM frame too short');
  return {
    streamId: payload.readUInt32BE(0) & 0x7fffffff,
    associatedTo: payload.readUInt32BE(4) & 0x7fffffff,
    priority: payload[8]! >> 5,
    headerBlock: payload.subarray(10),
  };
}

/** The stream id and the 32-bit word after it (RST_STREAM status, WINDOW_UPDATE delta, GOAWAY status). */
export function parseStreamWord(payload: Buffer): { streamId: number; value: number } {
  if (payload.length < 8) throw new SpdyProtocolError('control frame too short');
  return { streamId: payload.readUInt32BE(0) & 0x7fffffff, value: payload.readUInt32BE(4) };
}

export type HeaderList = [name: string, value: string][];

/**
 * A name/value block (§2.6.10): a 32-bit count, then length-prefixed names and values. Several
 * values of one name travel NUL-separated in one value. Names are lower case, as spdystream insists.
 */
export function encodeHeaderBlock(headers: HeaderList): Buffer {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const parts: Buffer[] = [words(grouped.size)];
  for (const [name, values] of grouped) {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(values.join('\0'), 'utf8');
    parts.push(words(n.length), n, words(v.length), v);
  }
  return Buffer.concat(parts);
}

/** Parses a decompressed name/value block into lower-cased names with their values. */
export function decodeHeaderBlock(block: Buffer): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const need = (offset: number, n: number) => {
    if (offset + n > block.length) throw new SpdyProtocolError('truncated header block');
  };
  need(0, 4);
  const count = block.readUInt32BE(0);
  let offset = 4;
  for (let i = 0; i < count; i++) {
    need(offset, 4);
    const nameLength = block.readUInt32BE(offset);
    offset += 4;
    need(offset, nameLength);
    const name = block.toString('utf8', offset, offset + nameLength).toLowerCase();
    offset += nameLength;
    need(offset, 4);
    const valueLength = block.readUInt32BE(offset);
    offset += 4;
    need(offset, valueLength);
    const value = block.toString('utf8', offset, offset + valueLength);
    offset += valueLength;
    out.set(name, [...(out.get(name) ?? []), ...value.split('\0')]);
  }
  return out;
}
