/**
 * A SPDY/3.1 client for tests, built the way spdystream's framer writes: one zlib stream with the
 * SPDY/3 dictionary (FDICT set), sync-flushed per header block. It reads the server's frames back.
 */
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary';
import { FLAG_FIN, FrameReader, FrameType, controlFrame, dataFrame, decodeHeaderBlock, encodeHeaderBlock, type Frame, type HeaderList } from './framing';

function through(stream: Deflate | Inflate, input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (c: Buffer) => chunks.push(c);
    stream.on('data', onData);
    stream.once('error', reject);
    stream.write(input);
    stream.flush(constants.Z_SYNC_FLUSH, () => {
      stream.off('data', onData);
      stream.off('error', reject);
      resolve(Buffer.concat(chunks));
    });
  });
}

export class TestSpdyClient {
  private deflate = createDeflate({ dictionary: SPDY3_DICTIONARY, level: 9 });
  private inflate = createInflate({ dictionary: SPDY3_DICTIONARY });
  private reader = new FrameReader();
  readonly frames: Frame[] = [];

  async synStream(streamId: number, headers: HeaderList, fin = false): Promise<Buffer> {
    const block = await through(this.deflate, encodeHeaderBlock(headers));
    const head = Buffer.alloc(10);
    head.writeUInt32BE(streamId, 0);
    head.writeUInt32BE(0, 4);
    head[8] = 0; // priority 0
    head[9] = 0; // slot
    return controlFrame(FrameType.SYN_STREAM, fin ? FLAG_FIN : 0, Buffer.concat([head, block]));
  }

  data(streamId: number, bytes: Buffer | string, fin = false): Buffer {
    return dataFrame(streamId, fin ? FLAG_FIN : 0, Buffer.from(bytes));
  }

  /** Records the server's frames. */
  receive(bytes: Buffer): Frame[] {
    const frames = this.reader.push(bytes);
    this.frames.push(...frames);
    return frames;
  }

  /** The header names and values of a SYN_REPLY the server sent. */
  async replyHeaders(frame: Frame): Promise<Map<string, string[]>> {
    if (!frame.control || frame.type !== FrameType.SYN_REPLY) throw new Error('not a SYN_REPLY');
    return decodeHeaderBlock(await through(this.inflate, frame.payload.subarray(4)));
  }

  /** Bytes the server wrote on a stream, and whether it half-closed it. */
  streamData(streamId: number): { data: string; fin: boolean; reset: boolean } {
    let data = '';
    let fin = false;
    let reset = false;
    for (const f of this.frames) {
      if (!f.control && f.streamId === streamId) {
        data += f.payload.toString('utf8');
        if (f.flags & FLAG_FIN) fin = true;
      }
      if (f.control && f.type === FrameType.RST_STREAM && f.payload.readUInt32BE(0) === streamId) reset = true;
    }
    return { data, fin, reset };
  }

  close(): void {
    this.deflate.destroy();
    this.inflate.destroy();
  }
}
