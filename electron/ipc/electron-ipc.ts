/**
 * The only module that touches ipcMain or ipcRenderer (lint enforces it). The main half registers one
 * handler per contract channel, all through the validating dispatcher, after checking that the sender
 * is the main frame of one of our own windows showing our own origin. The preload half exposes a single
 * object through contextBridge that forwards only contract channels.
 */
import { contextBridge, ipcMain, ipcRenderer } from 'electron';
import type { ContextBridge, IpcMain, IpcMainEvent, IpcMainInvokeEvent, IpcRenderer, IpcRendererEvent } from 'electron';
import * as v from 'valibot';
import type { Contract, Unsubscribe } from '../../shared/ipc/define';
import { listChannels } from '../../shared/ipc/channels';
import { IpcError } from '../../shared/ipc/errors';
import {
  ELECTRON_EVENT_CHANNEL,
  ELECTRON_SUBSCRIBE_CHANNEL,
  ELECTRON_UNSUBSCRIBE_CHANNEL,
  PRELOAD_GLOBAL,
  type Envelope,
  type RpcTransport,
} from '../../shared/ipc/wire';
import type { Dispatcher } from './dispatcher';

export type SenderEvent = IpcMainEvent | IpcMainInvokeEvent;

/** Decides whether an IPC message comes from our own window's main frame. */
export type SenderGuard = (event: SenderEvent) => boolean;

export function createSenderGuard(options: { isOwnWebContents: (id: number) => boolean; appOrigin: string }): SenderGuard {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame !== event.sender.mainFrame) return false;
    if (!options.isOwnWebContents(event.sender.id)) return false;
    try {
      return frame.url.startsWith(`${options.appOrigin}/`) || frame.url === options.appOrigin;
    } catch {
      return false;
    }
  };
}

const SubscribeSchema = v.strictObject({ id: v.pipe(v.number(), v.integer(), v.minValue(0)), ch: v.pipe(v.string(), v.maxLength(200)) });
const UnsubscribeSchema = v.strictObject({ id: v.pipe(v.number(), v.integer(), v.minValue(0)) });

const forbidden = (): Envelope => ({ ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'IPC sender is not this app\'s main frame' } });

/** Main process: bind every channel of the dispatcher. Returns a function that removes them all. */
export function registerMainHandlers(ipcMain: IpcMain, dispatcher: Dispatcher, isTrusted: SenderGuard): () => void {
  // A window's renderer is one client until it crashes or the window goes; then services clean up after it.
  const known = new Set<number>();
  const track = (sender: SenderEvent['sender']) => {
    if (known.has(sender.id)) return;
    const id = sender.id;
    known.add(id);
    dispatcher.connected(`webContents:${id}`);
    const gone = () => {
      if (!known.delete(id)) return;
      dispatcher.disconnected(`webContents:${id}`);
    };
    sender.once('destroyed', gone);
    sender.once('render-process-gone', gone);
  };
  for (const channel of dispatcher.methodChannels) {
    ipcMain.handle(channel, (event, arg: unknown) => {
      if (!isTrusted(event)) return forbidden();
      track(event.sender);
      return dispatcher.call(channel, arg, { clientId: `webContents:${event.sender.id}`, transport: 'electron' });
    });
  }

  const subscriptions = new Map<number, Map<number, Unsubscribe>>();
  const onSubscribe = (event: IpcMainEvent, raw: unknown) => {
    const parsed = v.safeParse(SubscribeSchema, raw);
    if (!isTrusted(event) || !parsed.success) return;
    const sender = event.sender;
    let perSender = subscriptions.get(sender.id);
    if (!perSender) {
      const created = new Map<number, Unsubscribe>();
      subscriptions.set(sender.id, created);
      sender.once('destroyed', () => {
        for (const stop of created.values()) stop();
        subscriptions.delete(sender.id);
      });
      perSender = created;
    }
    const { id, ch } = parsed.output;
    if (perSender.has(id)) return;
    try {
      perSender.set(id, dispatcher.subscribe(ch, (value) => {
        if (!sender.isDestroyed()) sender.send(ELECTRON_EVENT_CHANNEL, { id, value });
      }));
    } catch (error) {
      sender.send(ELECTRON_EVENT_CHANNEL, { id, error: IpcError.from(error).toData() });
    }
  };
  const onUnsubscribe = (event: IpcMainEvent, raw: unknown) => {
    const parsed = v.safeParse(UnsubscribeSchema, raw);
    if (!isTrusted(event) || !parsed.success) return;
    const perSender = subscriptions.get(event.sender.id);
    perSender?.get(parsed.output.id)?.();
    perSender?.delete(parsed.output.id);
  };
  ipcMain.on(ELECTRON_SUBSCRIBE_CHANNEL, onSubscribe);
  ipcMain.on(ELECTRON_UNSUBSCRIBE_CHANNEL, onUnsubscribe);

  return () => {
    for (const channel of dispatcher.methodChannels) ipcMain.removeHandler(channel);
    ipcMain.removeListener(ELECTRON_SUBSCRIBE_CHANNEL, onSubscribe);
    ipcMain.removeListener(ELECTRON_UNSUBSCRIBE_CHANNEL, onUnsubscribe);
    for (const perSender of subscriptions.values()) for (const stop of perSender.values()) stop();
    subscriptions.clear();
  };
}

/** Preload: the bridge object, forwarding only the contract's channels. Exposed as `window.kubelab`. */
export function createPreloadBridge(ipcRenderer: IpcRenderer, contract: Contract): RpcTransport {
  const methods = new Set(listChannels(contract).filter((c) => c.kind === 'method').map((c) => c.channel));
  const events = new Set(listChannels(contract).filter((c) => c.kind === 'event').map((c) => c.channel));
  const listeners = new Map<number, (payload: unknown) => void>();
  let nextId = 1;

  ipcRenderer.on(ELECTRON_EVENT_CHANNEL, (_event: IpcRendererEvent, message: { id: number; value?: unknown }) => {
    listeners.get(message?.id)?.(message.value);
  });

  return {
    call(channel: string, arg: unknown): Promise<Envelope> {
      if (!methods.has(channel)) {
        return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown IPC channel "${String(channel).slice(0, 200)}"` } });
      }
      return ipcRenderer.invoke(channel, arg) as Promise<Envelope>;
    },
    subscribe(channel: string, listener: (payload: unknown) => void): Unsubscribe {
      if (!events.has(channel)) throw new IpcError({ code: 'UNKNOWN_CHANNEL', message: `unknown IPC event "${String(channel).slice(0, 200)}"` });
      const id = nextId++;
      listeners.set(id, listener);
      ipcRenderer.send(ELECTRON_SUBSCRIBE_CHANNEL, { id, ch: channel });
      return () => {
        if (listeners.delete(id)) ipcRenderer.send(ELECTRON_UNSUBSCRIBE_CHANNEL, { id });
      };
    },
  };
}

export function exposeBridge(contextBridge: ContextBridge, bridge: RpcTransport): void {
  contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, { call: bridge.call, subscribe: bridge.subscribe });
}

/** Main process entry: bind the dispatcher to Electron's ipcMain. */
export function bindIpcMain(dispatcher: Dispatcher, isTrusted: SenderGuard): () => void {
  return registerMainHandlers(ipcMain, dispatcher, isTrusted);
}

/** Preload entry: expose the contract's bridge as `window.kubelab`. */
export function installPreloadBridge(contract: Contract): void {
  exposeBridge(contextBridge, createPreloadBridge(ipcRenderer, contract));
}
