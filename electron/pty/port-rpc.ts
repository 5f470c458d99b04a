/**
 * The RPC wire over a process message port (a forked child's IPC channel or an Electron utility
 * process's parentPort). It speaks the same messages as the web mode's WebSocket, minus the token:
 * the port is private to the two processes. Incoming client messages are schema-checked.
 */
import * as v from 'valibot';
import type { Unsubscribe } from '../../shared/ipc/define';
import { IpcError } from '../../shared/ipc/errors';
import { ClientMessageSchema, type ClientMessage, type Envelope, type RpcTransport, type ServerMessage } from '../../shared/ipc/wire';
import type { Dispatcher } from '../ipc/dispatcher';

/** One end of a message channel between two processes. */
export interface MessagePortLike {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): Unsubscribe;
}

/** Host side: answers calls and forwards events through the dispatcher. */
export function servePort(port: MessagePortLike, dispatcher: Dispatcher, clientId = 'main'): Unsubscribe {
  const subscriptions = new Map<number, Unsubscribe>();
  const send = (message: ServerMessage) => port.post(message);
  const stop = port.onMessage((raw) => {
    const parsed = v.safeParse(ClientMessageSchema, raw);
    if (!parsed.success) return;
    const message = parsed.output;
    switch (message.t) {
      case 'auth':
        return;
      case 'call':
        void dispatcher.call(message.ch, message.arg, { clientId, transport: 'test' }).then((env) => send({ t: 'res', id: message.id, env }));
        return;
      case 'sub':
        if (subscriptions.has(message.id)) return;
        try {
          subscriptions.set(message.id, dispatcher.subscribe(message.ch, (value) => send({ t: 'ev', id: message.id, value })));
        } catch (error) {
          send({ t: 'res', id: message.id, env: { ok: false, error: IpcError.from(error).toData() } });
        }
        return;
      case 'unsub':
        subscriptions.get(message.id)?.();
        subscriptions.delete(message.id);
        return;
    }
  });
  return () => {
    stop();
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
  };
}

export interface PortTransport extends RpcTransport {
  /** Fail every pending call (the other process is gone). */
  dispose(reason: string): void;
}

/** Main side: a transport whose calls and subscriptions travel over the port. */
export function createPortTransport(port: MessagePortLike): PortTransport {
  const pending = new Map<number, (envelope: Envelope) => void>();
  const listeners = new Map<number, (payload: unknown) => void>();
  let nextId = 1;
  let disposed = false;
  const send = (message: ClientMessage) => {
    if (!disposed) port.post(message);
  };
  const stop = port.onMessage((raw) => {
    const message = raw as ServerMessage;
    if (!message || typeof message !== 'object') return;
    if (message.t === 'res') {
      pending.get(message.id)?.(message.env);
      pending.delete(message.id);
    } else if (message.t === 'ev') {
      listeners.get(message.id)?.(message.value);
    }
  });
  return {
    call(channel, arg) {
      if (disposed) return Promise.resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'the pty host is gone' } });
      const id = nextId++;
      return new Promise<Envelope>((resolve) => {
        pending.set(id, resolve);
        send({ t: 'call', id, ch: channel, arg });
      });
    },
    subscribe(channel, listener) {
      const id = nextId++;
      listeners.set(id, listener);
      send({ t: 'sub', id, ch: channel });
      return () => {
        listeners.delete(id);
        send({ t: 'unsub', id });
      };
    },
    dispose(reason) {
      if (disposed) return;
      disposed = true;
      stop();
      for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'DISCONNECTED', message: reason } });
      pending.clear();
      listeners.clear();
    },
  };
}
