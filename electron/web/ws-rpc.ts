/**
 * Serves the IPC contract over one WebSocket connection. A socket must authenticate with the
 * per-launch token as its first message within a few seconds, or it is closed; after that every
 * message is schema-checked and routed through the same dispatcher the Electron transport uses.
 */
import { timingSafeEqual } from 'node:crypto';
import type { WebSocket } from 'ws';
import * as v from 'valibot';
import type { Unsubscribe } from '../../shared/ipc/define';
import { IpcError } from '../../shared/ipc/errors';
import { ClientMessageSchema, type ServerMessage } from '../../shared/ipc/wire';
import type { Dispatcher } from '../ipc/dispatcher';

export const AUTH_TIMEOUT_MS = 5000;
export const CLOSE_AUTH_REFUSED = 4401;
export const CLOSE_POLICY = 1008;
/** Stop sending events to a client that stopped reading, rather than buffering without bound. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export function tokensEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * `fallbackId` names the client when it sends no session; with one, reconnects of the same page are
 * the same client, so its shells survive a dropped connection (see terminal-owners.ts).
 */
export function serveRpcSocket(socket: WebSocket, dispatcher: Dispatcher, token: string, fallbackId: string): void {
  let authenticated = false;
  let clientId = fallbackId;
  const subscriptions = new Map<number, Unsubscribe>();
  const authTimer = setTimeout(() => socket.close(CLOSE_AUTH_REFUSED, 'authentication timed out'), AUTH_TIMEOUT_MS);

  const send = (message: ServerMessage) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(CLOSE_POLICY, 'client is not reading');
      return;
    }
    socket.send(JSON.stringify(message));
  };

  socket.on('message', (data, isBinary) => {
    let parsed: v.SafeParseResult<typeof ClientMessageSchema>;
    try {
      parsed = v.safeParse(ClientMessageSchema, isBinary ? undefined : JSON.parse(data.toString()));
    } catch {
      socket.close(CLOSE_POLICY, 'malformed message');
      return;
    }
    if (!parsed.success) {
      socket.close(CLOSE_POLICY, 'malformed message');
      return;
    }
    const message = parsed.output;
    if (!authenticated) {
      if (message.t === 'auth' && tokensEqual(message.token, token)) {
        authenticated = true;
        if (message.session) clientId = `ws:session:${message.session}`;
        clearTimeout(authTimer);
        dispatcher.connected(clientId);
        send({ t: 'ready' });
      } else {
        socket.close(CLOSE_AUTH_REFUSED, 'authentication required');
      }
      return;
    }
    switch (message.t) {
      case 'auth':
        return;
      case 'call':
        void dispatcher.call(message.ch, message.arg, { clientId, transport: 'websocket' }).then((env) => send({ t: 'res', id: message.id, env }));
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

  socket.on('close', () => {
    clearTimeout(authTimer);
    for (const stop of subscriptions.values()) stop();
    subscriptions.clear();
    if (authenticated) dispatcher.disconnected(clientId);
  });
  socket.on('error', () => socket.terminate());
}
