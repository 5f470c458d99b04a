/**
 * The WebSocket side of the contract, as the renderer (or a test) uses it in web mode. It authenticates
 * with the per-launch token as its first message, multiplexes calls and subscriptions over one socket,
 * and reconnects with backoff, re-subscribing every live listener (as Headlamp's multiplexer does).
 */
import type { Unsubscribe } from './define';
import type { IpcErrorData } from './errors';
import type { ClientMessage, Envelope, RpcTransport, ServerMessage } from './wire';

/** The subset of the WebSocket API we use, so browsers and the `ws` package both fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface WebSocketTransportOptions {
  url: string;
  token: string;
  createSocket: (url: string) => SocketLike;
  /** Wall-clock timers, injectable for tests. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  maxReconnectDelayMs?: number;
}

export interface WebSocketTransport extends RpcTransport {
  /** Resolves once authenticated; rejects if the server refuses the token. */
  readonly ready: Promise<void>;
  close(): void;
}

const OPEN = 1;
const AUTH_REFUSED = 4401;

/** A random id for this page's connection, kept across reconnects (the server's view of "this client"). */
function newSession(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const pending = new Map<number, (envelope: Envelope) => void>();
  const subscriptions = new Map<number, { channel: string; listener: (payload: unknown) => void }>();
  const closeListeners = new Set<(reason: string) => void>();
  let nextId = 1;
  const session = newSession();
  let socket: SocketLike | undefined;
  let authenticated = false;
  let closedByUs = false;
  let attempts = 0;
  let reconnectTimer: unknown;
  let resolveReady!: () => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);

  const send = (message: ClientMessage) => {
    if (socket && socket.readyState === OPEN && (authenticated || message.t === 'auth')) socket.send(JSON.stringify(message));
  };
  const failPending = (error: IpcErrorData) => {
    for (const resolve of pending.values()) resolve({ ok: false, error });
    pending.clear();
  };

  const connect = () => {
    const current = options.createSocket(options.url);
    socket = current;
    current.onopen = () => current.send(JSON.stringify({ t: 'auth', token: options.token, session } satisfies ClientMessage));
    current.onmessage = (event) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return;
      }
      if (message.t === 'ready') {
        authenticated = true;
        attempts = 0;
        for (const [id, sub] of subscriptions) send({ t: 'sub', id, ch: sub.channel });
        resolveReady();
      } else if (message.t === 'res') {
        pending.get(message.id)?.(message.env);
        pending.delete(message.id);
      } else if (message.t === 'ev') {
        subscriptions.get(message.id)?.listener(message.value);
      }
    };
    current.onerror = () => undefined;
    current.onclose = (event) => {
      if (socket !== current) return;
      authenticated = false;
      failPending({ code: 'DISCONNECTED', message: 'connection to Kubelab was lost' });
      if (event.code === AUTH_REFUSED) {
        closedByUs = true;
        rejectReady(new Error('the server refused the token'));
      }
      if (closedByUs) {
        for (const listener of closeListeners) listener(event.reason || 'closed');
        return;
      }
      attempts++;
      const delay = Math.min(options.maxReconnectDelayMs ?? 5000, 100 * 2 ** Math.min(attempts, 6));
      reconnectTimer = setTimer(connect, delay);
    };
  };
  connect();

  return {
    ready,
    call(channel, arg) {
      return new Promise<Envelope>((resolve) => {
        if (!authenticated) {
          resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'not connected to Kubelab' } });
          return;
        }
        const id = nextId++;
        pending.set(id, resolve);
        send({ t: 'call', id, ch: channel, arg });
      });
    },
    subscribe(channel, listener) {
      const id = nextId++;
      subscriptions.set(id, { channel, listener });
      send({ t: 'sub', id, ch: channel });
      return () => {
        if (subscriptions.delete(id)) send({ t: 'unsub', id });
      };
    },
    onClose(listener): Unsubscribe {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close() {
      closedByUs = true;
      if (reconnectTimer !== undefined) clearTimer(reconnectTimer);
      failPending({ code: 'DISCONNECTED', message: 'transport closed' });
      socket?.close(1000, 'client closed');
    },
  };
}
