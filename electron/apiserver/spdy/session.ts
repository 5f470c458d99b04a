/**
 * The server side of a SPDY/3.1 connection as kubectl's spdystream client needs it: client streams
 * (odd ids) are accepted with an empty SYN_REPLY or refused with RST_STREAM CANCEL, as
 * apimachinery's httpstream/spdy newSpdyStream does; DATA flows both ways with FIN half-closes;
 * RST_STREAM tears a stream down; client PINGs are echoed (kubectl pings every 10 s); GOAWAY ends
 * the connection. spdystream keeps no flow-control windows (it neither sends nor honours
 * WINDOW_UPDATE), so this server keeps none either and ignores SETTINGS and WINDOW_UPDATE.
 */
import { EventEmitter } from 'node:events';
import {
  FLAG_FIN,
  FrameReader,
  FrameType,
  GoAwayStatus,
  RstStatus,
  SPDY_VERSION,
  SpdyProtocolError,
  dataFrame,
  decodeHeaderBlock,
  encodeHeaderBlock,
  goAwayFrame,
  parseStreamWord,
  parseSynStream,
  pingFrame,
  rstStreamFrame,
  synReplyFrame,
  type Frame,
} from './framing';
import { HeaderCompressor, HeaderDecompressor } from './headers';

/** Where the session's bytes go: a raw socket after `Upgrade: SPDY/3.1`, or WebSocket binary messages. */
export interface SpdyTransport {
  /** One whole frame per call, so a message-based tunnel never splits a frame. */
  write(bytes: Buffer): void;
  end(): void;
}

export interface StreamHandler {
  /** A new client stream: a reason to refuse it, or undefined to accept it. */
  accept(stream: SpdyStream): string | undefined;
  /** Called once the SYN_REPLY of an accepted stream is on the wire. */
  opened(stream: SpdyStream): void;
}

/** Largest DATA frame written; spdystream reads any size, this keeps one write's latency small. */
const MAX_DATA_FRAME = 32 * 1024;

export interface SpdyStreamEvents {
  data: [Buffer];
  /** The client half-closed (FIN). */
  end: [];
  /** RST_STREAM from the client, or the connection went away. */
  reset: [];
}

export class SpdyStream extends EventEmitter<SpdyStreamEvents> {
  localClosed = false;
  remoteClosed = false;
  wasReset = false;

  constructor(
    readonly id: number,
    readonly headers: Map<string, string[]>,
    private session: SpdySession,
  ) {
    super();
  }

  /** The first value of a header (names are lower case on the wire), or ''. */
  header(name: string): string {
    return this.headers.get(name.toLowerCase())?.[0] ?? '';
  }

  get open(): boolean {
    return !this.wasReset && !this.localClosed;
  }

  write(data: Buffer | string): void {
    if (!this.open) return;
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let offset = 0; offset < bytes.length; offset += MAX_DATA_FRAME) {
      this.session.send(dataFrame(this.id, 0, bytes.subarray(offset, offset + MAX_DATA_FRAME)));
    }
  }

  /** Half-close: an empty DATA frame with FIN, as spdystream's Stream.Close sends. */
  end(): void {
    if (!this.open) return;
    this.localClosed = true;
    this.session.send(dataFrame(this.id, FLAG_FIN, Buffer.alloc(0)));
    this.session.settle(this);
  }

  reset(status: number = RstStatus.CANCEL): void {
    if (this.wasReset) return;
    this.markReset();
    this.session.send(rstStreamFrame(this.id, status));
  }

  /** @internal the stream is gone (RST either way, or the connection closed). */
  markReset(): void {
    if (this.wasReset) return;
    this.wasReset = true;
    this.session.forget(this);
    this.emit('reset');
  }
}

export class SpdySession {
  private reader: FrameReader;
  private inflater = new HeaderDecompressor();
  private deflater = new HeaderCompressor();
  private streams = new Map<number, SpdyStream>();
  private pending: Frame[] = [];
  private draining = false;
  private lastStreamId = 0;
  private closed = false;

  constructor(
    private transport: SpdyTransport,
    private handler: StreamHandler,
    options: { maxFrameBytes?: number } = {},
  ) {
    this.reader = new FrameReader(options.maxFrameBytes);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  openStreams(): number {
    return this.streams.size;
  }

  /** Bytes from the client. */
  receive(chunk: Buffer): void {
    if (this.closed) return;
    try {
      this.pending.push(...this.reader.push(chunk));
    } catch (error) {
      this.fail(error);
      return;
    }
    void this.drain();
  }

  /** Ends the connection: GOAWAY, then the transport closes and every stream is reset. */
  close(status: number = GoAwayStatus.OK): void {
    if (this.closed) return;
    this.send(goAwayFrame(this.lastStreamId, status));
    this.shutdown();
  }

  /** The transport went away under the session. */
  transportClosed(): void {
    this.shutdown(false);
  }

  /** @internal */
  send(bytes: Buffer): void {
    if (!this.closed) this.transport.write(bytes);
  }

  /** @internal drops a stream once both halves are closed. */
  settle(stream: SpdyStream): void {
    if (stream.localClosed && stream.remoteClosed) this.streams.delete(stream.id);
  }

  /** @internal */
  forget(stream: SpdyStream): void {
    this.streams.delete(stream.id);
  }

  private shutdown(endTransport = true): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    for (const stream of [...this.streams.values()]) stream.markReset();
    this.streams.clear();
    this.inflater.close();
    if (endTransport) this.transport.end();
  }

  private fail(error: unknown): void {
    if (error instanceof SpdyProtocolError) this.close(GoAwayStatus.PROTOCOL_ERROR);
    else this.close(GoAwayStatus.INTERNAL_ERROR);
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.pending.length && !this.closed) await this.handle(this.pending.shift()!);
    } catch (error) {
      this.fail(error);
    } finally {
      this.draining = false;
    }
  }

  private async handle(frame: Frame): Promise<void> {
    if (!frame.control) {
      this.onData(frame.streamId, frame.flags, frame.payload);
      return;
    }
    if (frame.version !== SPDY_VERSION) throw new SpdyProtocolError(`unsupported SPDY version ${frame.version}`);
    switch (frame.type) {
      case FrameType.SYN_STREAM:
        return this.onSynStream(frame.flags, frame.payload);
      case FrameType.SYN_REPLY:
      case FrameType.HEADERS:
        // Not expected from a client here, but their blocks still advance the shared zlib stream.
        if (frame.payload.length < 4) throw new SpdyProtocolError('control frame too short');
        await this.inflater.decompress(frame.payload.subarray(4));
        return;
      case FrameType.RST_STREAM: {
        const { streamId } = parseStreamWord(frame.payload);
        this.streams.get(streamId)?.markReset();
        return;
      }
      case FrameType.PING: {
        if (frame.payload.length < 4) throw new SpdyProtocolError('PING frame too short');
        const id = frame.payload.readUInt32BE(0);
        // Client pings carry odd ids; an even one would answer a ping of ours, and we send none.
        if (id % 2 === 1) this.send(pingFrame(id));
        return;
      }
      case FrameType.GOAWAY:
        this.shutdown();
        return;
      default:
        // SETTINGS, WINDOW_UPDATE and unknown types: nothing to do (see the header comment).
        return;
    }
  }

  private async onSynStream(flags: number, payload: Buffer): Promise<void> {
    const syn = parseSynStream(payload);
    const headers = decodeHeaderBlock(await this.inflater.decompress(syn.headerBlock));
    if (this.closed) return;
    if (syn.streamId === 0 || syn.streamId % 2 === 0 || syn.streamId <= this.lastStreamId) {
      this.send(rstStreamFrame(syn.streamId, this.streams.has(syn.streamId) ? RstStatus.STREAM_IN_USE : RstStatus.PROTOCOL_ERROR));
      return;
    }
    this.lastStreamId = syn.streamId;
    const stream = new SpdyStream(syn.streamId, headers, this);
    this.streams.set(stream.id, stream);
    const refusal = this.handler.accept(stream);
    if (refusal !== undefined) {
      stream.reset(RstStatus.CANCEL);
      return;
    }
    this.send(synReplyFrame(stream.id, this.deflater.compress(encodeHeaderBlock([]))));
    if (flags & FLAG_FIN) stream.remoteClosed = true;
    this.handler.opened(stream);
    if (stream.remoteClosed && !stream.wasReset) stream.emit('end');
  }

  private onData(streamId: number, flags: number, data: Buffer): void {
    const stream = this.streams.get(streamId);
    // spdystream ignores DATA for a stream it no longer knows; so does this server.
    if (!stream || stream.remoteClosed) return;
    if (data.length) stream.emit('data', data);
    if (flags & FLAG_FIN && !stream.remoteClosed) {
      stream.remoteClosed = true;
      stream.emit('end');
      this.settle(stream);
    }
  }
}
