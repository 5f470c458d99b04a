/**
 * The plain wire layer both transports speak (VS Code's IChannel idea): call a channel with one
 * argument, or subscribe to an event channel. Results travel in an envelope so that typed errors
 * survive transports that would otherwise flatten them (Electron's invoke rejects with a string).
 */
import * as v from 'valibot';
import type { IpcErrorData } from './errors';
import type { Unsubscribe } from './define';

export type Envelope = { ok: true; value: unknown } | { ok: false; error: IpcErrorData };

/** The client side of a transport; the typed client is generated on top of it. */
export interface RpcTransport {
  call(channel: string, arg: unknown): Promise<Envelope>;
  subscribe(channel: string, listener: (payload: unknown) => void): Unsubscribe;
  /** Called when the transport is lost and will not come back by itself. */
  onClose?(listener: (reason: string) => void): Unsubscribe;
}

/** Largest argument accepted for any call, measured as JSON. Bigger payloads get PAYLOAD_TOO_LARGE. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

/** Messages a WebSocket client may send, validated before anything else looks at them. */
export const ClientMessageSchema = v.variant('t', [
  v.object({
    t: v.literal('auth'),
    token: v.pipe(v.string(), v.maxLength(256)),
    /** The same for every reconnect of one page, so the server knows a client that came back. */
    session: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/))),
  }),
  v.object({ t: v.literal('call'), id: v.pipe(v.number(), v.integer(), v.minValue(0)), ch: v.pipe(v.string(), v.maxLength(200)), arg: v.unknown() }),
  v.object({ t: v.literal('sub'), id: v.pipe(v.number(), v.integer(), v.minValue(0)), ch: v.pipe(v.string(), v.maxLength(200)) }),
  v.object({ t: v.literal('unsub'), id: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
]);
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;

export type ServerMessage =
  | { t: 'ready' }
  | { t: 'res'; id: number; env: Envelope }
  | { t: 'ev'; id: number; value: unknown }
  | { t: 'closed'; reason: string };

/** Electron channels outside the per-method ones: event subscription plumbing. */
export const ELECTRON_SUBSCRIBE_CHANNEL = 'kubelab:subscribe';
export const ELECTRON_UNSUBSCRIBE_CHANNEL = 'kubelab:unsubscribe';
export const ELECTRON_EVENT_CHANNEL = 'kubelab:event';
/** The one global the preload exposes. */
export const PRELOAD_GLOBAL = 'kubelab';
