/**
 * The kubelet's side of `kubectl port-forward` over one SPDY connection, after
 * pkg/kubelet/cri/streaming/portforward/httpstream.go (cri-dockerd carries the same copy): each
 * forwarded local connection opens an error stream and a data stream sharing a `requestID`; once
 * both are there the pod's port is dialled and the data stream carries the bytes. A failure is
 * written on the error stream, which kubectl prints, and both streams close when the forward ends.
 */
import { createHash } from 'node:crypto';
import type { PodRuntime } from '../../engine/api';
import type { StreamHandler, SpdyStream } from '../spdy/session';
import { connectToPod } from './pod-http';

// k8s.io/api/core/v1 well-known header names, lower case as SPDY carries them.
const STREAM_TYPE = 'streamtype';
const PORT = 'port';
const REQUEST_ID = 'requestid';

/** remotecommand DefaultStreamCreationTimeout, which the kubelet's streaming server uses. */
export const STREAM_CREATION_TIMEOUT_MS = 30_000;

export interface ForwardTarget {
  namespace: string;
  pod: string;
  uid: string;
}

/**
 * The docker runtime names the pod by its sandbox (pause container) id, 64 hex digits; the
 * simulation has no pause container, so one is derived from the pod's uid, stable per pod.
 */
export function sandboxId(uid: string): string {
  return createHash('sha256').update(`sandbox/${uid}`).digest('hex');
}

/** socat's log time stamp, `2021/12/15 10:43:28`, in the node's clock (UTC). */
function socatTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/**
 * What reaches kubectl when nothing listens: cri-dockerd streaming/streaming_others.go runs
 * `nsenter -t <pid> -n socat - TCP4:localhost:<port>` and returns `fmt.Errorf("%v: %s", err, stderr)`;
 * the kubelet wraps it as `error forwarding port %d to pod %s, uid %v: %v` with an empty uid.
 */
export function refusedMessage(target: ForwardTarget, port: number, epochMs: number, socatPid: number): string {
  return `error forwarding port ${port} to pod ${sandboxId(target.uid)}, uid : exit status 1: ${socatTime(epochMs)} socat[${socatPid}] E connect(5, AF=2 127.0.0.1:${port}, 16): Connection refused\n`;
}

/** httpStreamReceived: a stream without a valid port or stream type is refused. */
function checkStream(stream: SpdyStream): string | undefined {
  const port = stream.header(PORT);
  if (!port) return `"${PORT}" header is required`;
  if (!/^\d+$/.test(port) || Number(port) > 65535) return `unable to parse "${port}" as a port`;
  if (Number(port) < 1) return `port "${port}" must be > 0`;
  const type = stream.header(STREAM_TYPE);
  if (!type) return `"${STREAM_TYPE}" header is required`;
  if (type !== 'error' && type !== 'data') return `invalid stream type "${type}"`;
  return undefined;
}

interface Pair {
  id: string;
  error?: SpdyStream;
  data?: SpdyStream;
  timer?: NodeJS.Timeout;
}

export interface ForwarderOptions {
  runtime: PodRuntime;
  target: ForwardTarget;
  /** Wall-clock-like epoch ms for socat's time stamp (the virtual clock). */
  now(): number;
  streamCreationTimeoutMs?: number;
}

let socatPids = 20_000;

/** A StreamHandler for one port-forward connection. */
export function portForwardStreams(options: ForwarderOptions): StreamHandler & { dispose(): void } {
  const pairs = new Map<string, Pair>();
  const live = new Set<() => void>();

  function requestId(stream: SpdyStream): string {
    const given = stream.header(REQUEST_ID);
    if (given) return given;
    // Older clients send no requestID: the kubelet pairs consecutive odd stream ids.
    return String(stream.header(STREAM_TYPE) === 'error' ? stream.id : stream.id - 2);
  }

  function forget(pair: Pair): void {
    if (pair.timer) clearTimeout(pair.timer);
    pairs.delete(pair.id);
  }

  function forward(pair: Pair): void {
    const data = pair.data!;
    const error = pair.error!;
    const port = Number(data.header(PORT));
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      live.delete(stop);
      // `defer p.dataStream.Close(); defer p.errorStream.Close()`
      data.end();
      error.end();
    };
    const connection = connectToPod(
      options.runtime,
      { namespace: options.target.namespace, pod: options.target.pod, port },
      {
        output: (bytes) => data.write(bytes),
        refused: () => error.write(refusedMessage(options.target, port, options.now(), socatPids++)),
        closed: finish,
      },
    );
    const stop = () => connection.destroy();
    live.add(stop);
    data.on('data', (bytes) => connection.write(bytes));
    data.on('end', () => connection.end());
    data.on('reset', () => connection.destroy());
    error.on('reset', () => connection.destroy());
  }

  return {
    accept: checkStream,
    opened(stream) {
      const id = requestId(stream);
      let pair = pairs.get(id);
      if (!pair) {
        pair = { id };
        pairs.set(id, pair);
        const created = pair;
        created.timer = setTimeout(() => {
          forget(created);
          // The kubelet prints its connection with %v (a Go struct dump); the request id is what matters.
          created.error?.write(`(conn=&{}, request=${id}) timed out waiting for streams`);
          created.error?.end();
          created.data?.end();
        }, options.streamCreationTimeoutMs ?? STREAM_CREATION_TIMEOUT_MS);
        created.timer.unref();
      }
      const type = stream.header(STREAM_TYPE) as 'error' | 'data';
      if (pair[type]) {
        // httpStreamPair.add: the message goes on the pair's error stream.
        pair.error?.write(`error processing stream for request ${id}: ${type} stream already assigned`);
        stream.reset();
        return;
      }
      pair[type] = stream;
      if (pair.error && pair.data) {
        forget(pair);
        forward(pair);
      }
    },
    dispose() {
      for (const pair of pairs.values()) if (pair.timer) clearTimeout(pair.timer);
      pairs.clear();
      for (const stop of [...live]) stop();
      live.clear();
    },
  };
}
