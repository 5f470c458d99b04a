import { afterEach, describe, expect, it } from 'vitest';
import { SPDY3_DICTIONARY } from './dictionary';
import { FLAG_FIN, FrameReader, FrameType, GoAwayStatus, RstStatus, controlFrame, dataFrame, decodeHeaderBlock, encodeHeaderBlock, pingFrame, rstStreamFrame } from './framing';
import { HeaderCompressor, HeaderDecompressor } from './headers';
import { SpdySession, type SpdyStream } from './session';
import { TestSpdyClient } from './testing';

function adler32(bytes: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('SPDY/3 dictionary', () => {
  it('is the 1423 bytes whose zlib dictionary id is 0xe3c6a7c2', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    expect(adler32(SPDY3_DICTIONARY).toString(16)).toBe('e3c6a7c2');
  });
});

describe('framing', () => {
  it('reassembles frames split anywhere and keeps their fields', () => {
    const bytes = Buffer.concat([dataFrame(3, FLAG_FIN, Buffer.from('hello')), pingFrame(7), rstStreamFrame(5, RstStatus.CANCEL)]);
    const reader = new FrameReader();
    const frames = [];
    for (let i = 0; i < bytes.length; i += 3) frames.push(...reader.push(bytes.subarray(i, i + 3)));
    expect(frames).toHaveLength(3);
    expect(frames[0]).toMatchObject({ control: false, streamId: 3, flags: FLAG_FIN });
    expect(frames[0]!.payload.toString()).toBe('hello');
    expect(frames[1]).toMatchObject({ control: true, version: 3, type: FrameType.PING });
    expect(frames[1]!.payload.readUInt32BE(0)).toBe(7);
    expect(frames[2]).toMatchObject({ control: true, type: FrameType.RST_STREAM });
    expect(frames[2]!.payload.readUInt32BE(4)).toBe(RstStatus.CANCEL);
  });

  it('refuses a frame over the size limit before buffering it', () => {
    const reader = new FrameReader(16);
    expect(() => reader.push(dataFrame(1, 0, Buffer.alloc(17)))).toThrow(/over the 16 byte limit/);
  });

  it('encodes header blocks with lower-cased names and NUL-joined repeated values', () => {
    const block = encodeHeaderBlock([
      ['StreamType', 'data'],
      ['x', 'a'],
      ['x', 'b'],
    ]);
    const decoded = decodeHeaderBlock(block);
    expect(decoded.get('streamtype')).toEqual(['data']);
    expect(decoded.get('x')).toEqual(['a', 'b']);
    expect(() => decodeHeaderBlock(block.subarray(0, block.length - 1))).toThrow(/truncated/);
  });

  it('writes header blocks as one zlib stream that a dictionary-primed inflater reads block after block', async () => {
    const compressor = new HeaderCompressor();
    const inflater = new HeaderDecompressor();
    const first = encodeHeaderBlock([['port', '8080']]);
    const second = encodeHeaderBlock([]);
    const blocks = [compressor.compress(first), compressor.compress(second)];
    expect(await inflater.decompress(blocks[0]!)).toEqual(first);
    expect(await inflater.decompress(blocks[1]!)).toEqual(second);
    inflater.close();
    // Each block ends as a Z_SYNC_FLUSH does, with an empty stored block: Go's flate hands out a
    // stored block's bytes only on reading the next block header, which must be inside the frame.
    for (const block of blocks) expect([...block.subarray(-5)]).toEqual([0x00, 0x00, 0x00, 0xff, 0xff]);
    expect([...blocks[0]!.subarray(0, 2)]).toEqual([0x78, 0x01]);
    expect([...blocks[1]!.subarray(0, 1)]).toEqual([0x00]);
  });
});

describe('SpdySession', () => {
  let client: TestSpdyClient;
  let written: Buffer[];
  let ended: boolean;
  let accepted: SpdyStream[];
  let session: SpdySession;

  function start(refuse?: (s: SpdyStream) => string | undefined) {
    client = new TestSpdyClient();
    written = [];
    ended = false;
    accepted = [];
    session = new SpdySession(
      {
        write: (b) => {
          written.push(b);
          client.receive(b);
        },
        end: () => {
          ended = true;
        },
      },
      { accept: (s) => refuse?.(s), opened: (s) => accepted.push(s) },
    );
  }

  afterEach(() => client?.close());

  it('accepts a stream with its headers, replies, and carries data both ways', async () => {
    start();
    session.receive(await client.synStream(1, [['streamType', 'data'], ['port', '8080'], ['requestID', '0']]));
    await settle();
    expect(accepted).toHaveLength(1);
    const stream = accepted[0]!;
    expect(stream.header('streamtype')).toBe('data');
    expect(stream.header('port')).toBe('8080');
    expect(stream.header('requestid')).toBe('0');
    const reply = client.frames[0]!;
    expect(reply).toMatchObject({ control: true, type: FrameType.SYN_REPLY, flags: 0 });
    expect(reply.payload.readUInt32BE(0)).toBe(1);
    expect((await client.replyHeaders(reply)).size).toBe(0);

    const received: string[] = [];
    let ends = 0;
    stream.on('data', (d) => received.push(d.toString()));
    stream.on('end', () => ends++);
    session.receive(client.data(1, 'GET / HTTP/1.1\r\n'));
    session.receive(client.data(1, '', true));
    await settle();
    expect(received).toEqual(['GET / HTTP/1.1\r\n']);
    expect(ends).toBe(1);

    stream.write('pong');
    stream.end();
    stream.write('after end is dropped');
    expect(client.streamData(1)).toEqual({ data: 'pong', fin: true, reset: false });
    expect(session.openStreams()).toBe(0);
  });

  it('keeps the header zlib stream across several streams', async () => {
    start();
    for (const [id, type] of [
      [1, 'error'],
      [3, 'data'],
      [5, 'error'],
    ] as const) {
      session.receive(await client.synStream(id, [['streamtype', type], ['port', '80'], ['requestid', String(id)]]));
    }
    await settle();
    expect(accepted.map((s) => [s.id, s.header('streamtype'), s.header('requestid')])).toEqual([
      [1, 'error', '1'],
      [3, 'data', '3'],
      [5, 'error', '5'],
    ]);
    for (const frame of client.frames) expect((await client.replyHeaders(frame)).size).toBe(0);
  });

  it('refuses a stream with RST_STREAM CANCEL and never calls opened', async () => {
    start(() => '"port" header is required');
    session.receive(await client.synStream(1, [['streamtype', 'data']]));
    await settle();
    expect(accepted).toHaveLength(0);
    expect(client.streamData(1).reset).toBe(true);
    const rst = client.frames[0]!;
    expect(rst.control && rst.payload.readUInt32BE(4)).toBe(RstStatus.CANCEL);
  });

  it('echoes client pings and resets a stream on RST_STREAM', async () => {
    start();
    session.receive(pingFrame(1));
    session.receive(await client.synStream(1, [['port', '1']]));
    await settle();
    const ping = client.frames[0]!;
    expect(ping).toMatchObject({ control: true, type: FrameType.PING });
    expect(ping.payload.readUInt32BE(0)).toBe(1);
    let resets = 0;
    accepted[0]!.on('reset', () => resets++);
    session.receive(rstStreamFrame(1, RstStatus.CANCEL));
    await settle();
    expect(resets).toBe(1);
    accepted[0]!.write('gone');
    expect(client.streamData(1).data).toBe('');
  });

  it('answers garbage with GOAWAY PROTOCOL_ERROR and closes, resetting open streams', async () => {
    start();
    session.receive(await client.synStream(1, [['port', '1']]));
    await settle();
    let resets = 0;
    accepted[0]!.on('reset', () => resets++);
    // A SYN_STREAM whose header block is not zlib.
    session.receive(controlFrame(FrameType.SYN_STREAM, 0, Buffer.concat([Buffer.from([0, 0, 0, 3, 0, 0, 0, 0, 0, 0]), Buffer.from('not zlib')])));
    await settle();
    const goAway = client.frames.find((f) => f.control && f.type === FrameType.GOAWAY);
    expect(goAway?.payload.readUInt32BE(4)).toBe(GoAwayStatus.PROTOCOL_ERROR);
    expect(ended).toBe(true);
    expect(resets).toBe(1);
    expect(session.isClosed).toBe(true);
  });

  it('refuses a stream id that does not grow', async () => {
    start();
    session.receive(await client.synStream(3, [['port', '1']]));
    session.receive(await client.synStream(1, [['port', '1']]));
    await settle();
    expect(accepted.map((s) => s.id)).toEqual([3]);
    expect(client.streamData(1).reset).toBe(true);
  });
});

describe('SpdySession on random bytes', () => {
  it('never throws: it either goes on or answers GOAWAY and closes', async () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let round = 0; round < 40; round++) {
      let ended = false;
      const session = new SpdySession({ write: () => undefined, end: () => (ended = true) }, { accept: () => undefined, opened: () => undefined });
      for (let chunk = 0; chunk < 20; chunk++) {
        const bytes = Buffer.alloc(2 + (next() % 64));
        for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
        // Half the time a plausible control frame header, so the parsers behind it run too.
        if (next() % 2) bytes.writeUInt16BE(0x8003, 0);
        expect(() => session.receive(bytes)).not.toThrow();
      }
      await settle();
      expect(ended).toBe(session.isClosed);
      session.close();
    }
  });
});
