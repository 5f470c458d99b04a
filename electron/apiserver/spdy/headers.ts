/**
 * SPDY/3 header compression (§2.6.10.1): one zlib stream per direction for the whole connection,
 * sync-flushed after every header block, primed with the SPDY/3 dictionary.
 *
 * Inflating what kubectl sends needs the dictionary and the connection-long zlib state, so it runs
 * through one Node Inflate stream (asynchronous; the session serialises frames around it).
 * What the server sends is written as stored (uncompressed) deflate blocks inside one zlib stream:
 * a valid continuation of the stream for any inflater (Go's compress/zlib included), synchronous,
 * deterministic, and the server's header blocks are a few bytes of empty SYN_REPLY anyway.
 */
import { constants, createInflate, type Inflate } from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary';
import { SpdyProtocolError } from './framing';

/** zlib header: deflate, 32K window, no preset dictionary (FDICT clear), FCHECK so that CMF·256+FLG ≡ 0 mod 31. */
const ZLIB_HEADER = Buffer.from([0x78, 0x01]);
const MAX_STORED_BLOCK = 0xffff;
const SYNC_FLUSH_MARKER = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);

export class HeaderCompressor {
  private started = false;

  compress(block: Buffer): Buffer {
    const parts: Buffer[] = [];
    if (!this.started) {
      parts.push(ZLIB_HEADER);
      this.started = true;
    }
    for (let offset = 0; offset === 0 || offset < block.length; offset += MAX_STORED_BLOCK) {
      const piece = block.subarray(offset, offset + MAX_STORED_BLOCK);
      const head = Buffer.alloc(5);
      // BFINAL=0, BTYPE=00 (stored), padded to the byte; then LEN and its ones' complement, little endian.
      head[0] = 0;
      head.writeUInt16LE(piece.length, 1);
      head.writeUInt16LE(~piece.length & 0xffff, 3);
      parts.push(head, piece);
    }
    // The empty stored block a Z_SYNC_FLUSH ends with. Go's flate hands a stored block's bytes out
    // only on reaching the next block header; without this one it would read past the frame.
    parts.push(SYNC_FLUSH_MARKER);
    return Buffer.concat(parts);
  }
}

export class HeaderDecompressor {
  private inflate: Inflate;
  private chunks: Buffer[] = [];
  private size = 0;
  private failure: Error | undefined;

  constructor(private maxBlockBytes = 256 * 1024) {
    this.inflate = createInflate({ dictionary: SPDY3_DICTIONARY });
    this.inflate.on('data', (chunk: Buffer) => {
      // Past the limit the bytes are only counted, so a small block cannot inflate into memory.
      if (this.size <= this.maxBlockBytes) this.chunks.push(chunk);
      this.size += chunk.length;
    });
    this.inflate.on('error', (error: Error) => {
      this.failure = error;
    });
  }

  /** The decompressed bytes of one header block. Calls must not overlap (the session awaits each). */
  decompress(compressed: Buffer): Promise<Buffer> {
    if (this.failure) return Promise.reject(new SpdyProtocolError(`header decompression failed: ${this.failure.message}`));
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => reject(new SpdyProtocolError(`header decompression failed: ${error.message}`));
      this.inflate.once('error', fail);
      this.inflate.write(compressed);
      this.inflate.flush(constants.Z_SYNC_FLUSH, () => {
        this.inflate.off('error', fail);
        if (this.failure) return;
        const size = this.size;
        const out = Buffer.concat(this.chunks);
        this.chunks = [];
        this.size = 0;
        if (size > this.maxBlockBytes) reject(new SpdyProtocolError(`header block of ${size} bytes is over the ${this.maxBlockBytes} byte limit`));
        else resolve(out);
      });
    });
  }

  close(): void {
    this.inflate.removeAllListeners('data');
    this.inflate.on('error', () => undefined);
    this.inflate.destroy();
  }
}
