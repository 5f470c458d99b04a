/**
 * The kubelet side of port-forward on the real engine, driven frame by frame as kubectl drives it:
 * an error stream and a data stream per forwarded connection, HTTP/1.1 through the data stream to
 * the bootcamp image, and the docker runtime's refusal text for a port nothing listens on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/api';
import { createDeployment, deployment, engine as newEngine, isReady, podsOf, until } from '../../engine/testkit';
import { FrameType, RstStatus } from '../spdy/framing';
import { SpdySession } from '../spdy/session';
import { TestSpdyClient } from '../spdy/testing';
import { portForwardStreams, refusedMessage, sandboxId } from './forwarder';

const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));
let e: Engine;
let podName: string;
let podUid: string;

beforeAll(() => {
  e = newEngine({ seed: 3, nodes: 1 });
  createDeployment(e, deployment('boot', 'gcr.io/google-samples/kubernetes-bootcamp:v1'));
  until(e, () => podsOf(e, 'boot').some(isReady));
  e.advance(1_000);
  const pod = podsOf(e, 'boot')[0]!;
  podName = pod.metadata.name;
  podUid = pod.metadata.uid!;
});
afterAll(() => e?.dispose());

let client: TestSpdyClient;
let session: SpdySession;
let dispose: () => void;

function connect(options: { streamCreationTimeoutMs?: number } = {}) {
  client = new TestSpdyClient();
  const streams = portForwardStreams({ runtime: e.runtime, target: { namespace: 'default', pod: podName, uid: podUid }, now: () => Date.UTC(2026, 0, 1, 0, 5, 40), ...options });
  dispose = streams.dispose;
  session = new SpdySession({ write: (b) => client.receive(b), end: () => undefined }, streams);
}

async function openPair(requestId: number, port: number, errorId: number, dataId: number) {
  const headers = (type: string): [string, string][] => [
    ['streamtype', type],
    ['port', String(port)],
    ['requestid', String(requestId)],
  ];
  session.receive(await client.synStream(errorId, headers('error')));
  session.receive(client.data(errorId, '', true));
  session.receive(await client.synStream(dataId, headers('data')));
  await settle();
}

afterEach(() => {
  dispose?.();
  session?.close();
  client?.close();
});

describe('port-forward streams on the real engine', () => {
  it('answers HTTP/1.1 through the data stream and keeps the connection alive', async () => {
    connect();
    await openPair(0, 8080, 1, 3);
    session.receive(client.data(3, 'GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n'));
    await settle();
    const first = client.streamData(3);
    expect(first.data).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(first.data).toMatch(/\r\nConnection: keep-alive\r\n/i);
    expect(first.data).toContain(`Hello Kubernetes bootcamp! | Running on: ${podName} | v=1\n`);
    expect(first.fin).toBe(false);
    session.receive(client.data(3, 'GET /again HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    await settle();
    const both = client.streamData(3);
    expect(both.data.match(/Hello Kubernetes bootcamp!/g)).toHaveLength(2);
    // Connection: close ends the app's side, and the kubelet closes both streams, the error one empty.
    expect(both.fin).toBe(true);
    expect(client.streamData(1)).toEqual({ data: '', fin: true, reset: false });
    const container = podsOf(e, 'boot')[0]!.spec.containers[0]!.name;
    expect(e.runtime.logs('default', podName, container).filter((l) => l.startsWith('Running On:'))).toHaveLength(2);
  });

  it('writes the docker runtime refusal on the error stream when nothing listens', async () => {
    connect();
    await openPair(0, 9999, 1, 3);
    session.receive(client.data(3, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    await settle();
    expect(client.streamData(3)).toEqual({ data: '', fin: true, reset: false });
    const error = client.streamData(1);
    expect(error.fin).toBe(true);
    expect(error.data).toBe(`error forwarding port 9999 to pod ${sandboxId(podUid)}, uid : exit status 1: 2026/01/01 00:05:40 socat[${/socat\[(\d+)\]/.exec(error.data)?.[1]}] E connect(5, AF=2 127.0.0.1:9999, 16): Connection refused\n`);
    expect(sandboxId(podUid)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('forwards connections with interleaved streams independently', async () => {
    connect();
    await openPair(0, 8080, 1, 3);
    await openPair(1, 9999, 5, 7);
    session.receive(client.data(7, 'GET / HTTP/1.1\r\n\r\n'));
    session.receive(client.data(3, 'GET / HTTP/1.1\r\n\r\n'));
    await settle();
    expect(client.streamData(3).data).toContain('Hello Kubernetes bootcamp!');
    expect(client.streamData(7).data).toBe('');
    expect(client.streamData(5).data).toContain('error forwarding port 9999');
    expect(client.streamData(1).data).toBe('');
  });

  it('refuses streams without a port or with an unknown type, as httpStreamReceived does', async () => {
    connect();
    session.receive(await client.synStream(1, [['streamtype', 'error']]));
    session.receive(await client.synStream(3, [['streamtype', 'bogus'], ['port', '80']]));
    session.receive(await client.synStream(5, [['streamtype', 'data'], ['port', '0']]));
    await settle();
    const resets = client.frames.filter((f) => f.control && f.type === FrameType.RST_STREAM);
    expect(resets.map((f) => [f.payload.readUInt32BE(0), f.payload.readUInt32BE(4)])).toEqual([
      [1, RstStatus.CANCEL],
      [3, RstStatus.CANCEL],
      [5, RstStatus.CANCEL],
    ]);
  });

  it('tells a pair that never completes that it timed out', async () => {
    connect({ streamCreationTimeoutMs: 20 });
    session.receive(await client.synStream(1, [['streamtype', 'error'], ['port', '8080'], ['requestid', '4']]));
    await settle(80);
    expect(client.streamData(1)).toEqual({ data: '(conn=&{}, request=4) timed out waiting for streams', fin: true, reset: false });
  });

  it('drops the pod connection when kubectl resets the data stream', async () => {
    connect();
    await openPair(0, 8080, 1, 3);
    session.receive(Buffer.from([0x80, 0x03, 0x00, 0x03, 0, 0, 0, 8, 0, 0, 0, 3, 0, 0, 0, RstStatus.CANCEL]));
    await settle();
    session.receive(client.data(3, 'GET / HTTP/1.1\r\n\r\n'));
    await settle();
    expect(client.streamData(3).data).toBe('');
    // The forward ended: the kubelet closes the error stream too.
    expect(client.streamData(1).fin).toBe(true);
  });
});

describe('refusedMessage', () => {
  it('formats socat time stamps in UTC with two-digit fields', () => {
    expect(refusedMessage({ namespace: 'n', pod: 'p', uid: 'u' }, 81, Date.UTC(2026, 2, 4, 5, 6, 7), 42)).toBe(
      `error forwarding port 81 to pod ${sandboxId('u')}, uid : exit status 1: 2026/03/04 05:06:07 socat[42] E connect(5, AF=2 127.0.0.1:81, 16): Connection refused\n`,
    );
  });
});
