/**
 * Picks the transport this page was given: the Electron preload's bridge when present, else the
 * web mode's WebSocket (token from the URL fragment). Either way the app gets the same typed client.
 */
import { contract, type KubelabClient } from '../../../shared/ipc/contract';
import { createClient } from '../../../shared/ipc/client';
import { createWebSocketTransport, type SocketLike } from '../../../shared/ipc/websocket-transport';
import { PRELOAD_GLOBAL, type RpcTransport } from '../../../shared/ipc/wire';

export interface Connection {
  client: KubelabClient;
  transport: 'electron' | 'websocket';
  /** The transport itself, for a service the shared contract does not list yet (lessons-client.ts). */
  rpc: RpcTransport;
  ready: Promise<void>;
}

export function tokenFromHash(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get('token') ?? undefined;
}

export function connect(win: Window = window): Connection {
  const bridge = (win as unknown as Record<string, unknown>)[PRELOAD_GLOBAL] as RpcTransport | undefined;
  if (bridge && typeof bridge.call === 'function') {
    return { client: createClient(contract, bridge), transport: 'electron', rpc: bridge, ready: Promise.resolve() };
  }
  const token = tokenFromHash(win.location.hash) ?? win.sessionStorage.getItem('kubelab-token') ?? '';
  if (token) {
    // Keep the token for reloads, but take it out of the address bar so it is not shared by accident.
    win.sessionStorage.setItem('kubelab-token', token);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
  }
  const url = `${win.location.protocol === 'https:' ? 'wss' : 'ws'}://${win.location.host}/ipc`;
  const transport = createWebSocketTransport({
    url,
    token,
    createSocket: (target) => new WebSocket(target) as unknown as SocketLike,
  });
  return { client: createClient(contract, transport), transport: 'websocket', rpc: transport, ready: transport.ready };
}
