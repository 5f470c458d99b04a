/**
 * The one validating wrapper every IPC handler goes through, whatever the transport: it resolves the
 * channel from the contract, bounds the payload size, validates it against the method's schema, and
 * turns any failure into a typed error envelope instead of a crash.
 */
import * as v from 'valibot';
import { eventMethodName, type CallContext, type Contract, type ContractImpl, type Unsubscribe } from '../../shared/ipc/define';
import { listChannels } from '../../shared/ipc/channels';
import { IpcError } from '../../shared/ipc/errors';
import { MAX_PAYLOAD_BYTES, type Envelope } from '../../shared/ipc/wire';

export interface Dispatcher {
  /** Every method channel, for transports that register one handler per channel. */
  readonly methodChannels: readonly string[];
  readonly eventChannels: readonly string[];
  call(channel: string, arg: unknown, context: CallContext): Promise<Envelope>;
  /** Throws IpcError for an unknown event channel. */
  subscribe(channel: string, listener: (payload: unknown) => void): Unsubscribe;
  /** Transports report a client's comings and goings, so services can clean up after it. */
  connected(clientId: string): void;
  disconnected(clientId: string): void;
}

export interface ClientHooks {
  onConnect?(clientId: string): void;
  onDisconnect?(clientId: string): void;
}

type Handler = { schema: v.GenericSchema; invoke: (arg: unknown, context: CallContext) => unknown };

export function createDispatcher<C extends Contract>(contract: C, services: ContractImpl<C>, hooks: ClientHooks = {}): Dispatcher {
  const methods = new Map<string, Handler>();
  const events = new Map<string, (listener: (payload: unknown) => void) => Unsubscribe>();
  const impl = services as unknown as Record<string, Record<string, (...args: unknown[]) => unknown>>;

  for (const info of listChannels(contract)) {
    const serviceImpl = impl[info.service];
    if (!serviceImpl) throw new Error(`IPC service "${info.service}" has no implementation`);
    if (info.kind === 'method') {
      const fn = serviceImpl[info.member];
      const spec = contract[info.service]?.methods[info.member];
      if (typeof fn !== 'function' || !spec) throw new Error(`IPC method ${info.channel} has no implementation`);
      methods.set(info.channel, { schema: spec.input, invoke: (arg, context) => fn.call(serviceImpl, arg, context) });
    } else {
      const fn = serviceImpl[eventMethodName(info.member)];
      if (typeof fn !== 'function') throw new Error(`IPC event ${info.channel} has no implementation`);
      events.set(info.channel, (listener) => fn.call(serviceImpl, listener) as Unsubscribe);
    }
  }

  return {
    methodChannels: [...methods.keys()],
    eventChannels: [...events.keys()],
    async call(channel, arg, context) {
      try {
        const handler = methods.get(channel);
        if (!handler) throw new IpcError({ code: 'UNKNOWN_CHANNEL', message: `unknown IPC channel "${String(channel).slice(0, 200)}"` });
        checkSize(arg);
        const parsed = v.safeParse(handler.schema, arg);
        if (!parsed.success) {
          throw new IpcError({
            code: 'INVALID_PAYLOAD',
            message: `invalid payload for ${channel}`,
            issues: parsed.issues.slice(0, 20).map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message })),
          });
        }
        return { ok: true, value: await handler.invoke(parsed.output, context) };
      } catch (error) {
        return { ok: false, error: IpcError.from(error).toData() };
      }
    },
    subscribe(channel, listener) {
      const subscribe = events.get(channel);
      if (!subscribe) throw new IpcError({ code: 'UNKNOWN_CHANNEL', message: `unknown IPC event "${String(channel).slice(0, 200)}"` });
      return subscribe(listener);
    },
    connected: (clientId) => hooks.onConnect?.(clientId),
    disconnected: (clientId) => hooks.onDisconnect?.(clientId),
  };
}

function checkSize(arg: unknown): void {
  let size: number;
  try {
    size = JSON.stringify(arg ?? null)?.length ?? 0;
  } catch {
    throw new IpcError({ code: 'INVALID_PAYLOAD', message: 'payload is not serialisable' });
  }
  if (size > MAX_PAYLOAD_BYTES) {
    throw new IpcError({ code: 'PAYLOAD_TOO_LARGE', message: `payload of ${size} bytes exceeds the ${MAX_PAYLOAD_BYTES}-byte limit` });
  }
}
