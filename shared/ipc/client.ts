/**
 * Builds the typed client for a whole contract on top of any RpcTransport
 * (VS Code's ProxyChannel.toService). Renderer code only ever sees ContractClient.
 */
import { eventMethodName, type Contract, type ContractClient } from './define';
import { channelName } from './channels';
import { IpcError } from './errors';
import type { RpcTransport } from './wire';

export function createClient<C extends Contract>(contract: C, transport: RpcTransport): ContractClient<C> {
  const client: Record<string, Record<string, unknown>> = {};
  for (const [serviceName, spec] of Object.entries(contract)) {
    const proxy: Record<string, unknown> = {};
    for (const member of Object.keys(spec.methods)) {
      const channel = channelName(serviceName, member);
      proxy[member] = async (arg: unknown) => {
        const envelope = await transport.call(channel, arg === undefined ? {} : arg);
        if (!envelope.ok) throw new IpcError(envelope.error);
        return envelope.value;
      };
    }
    for (const member of Object.keys(spec.events)) {
      const channel = channelName(serviceName, member);
      proxy[eventMethodName(member)] = (listener: (payload: unknown) => void) => transport.subscribe(channel, listener);
    }
    client[serviceName] = Object.freeze(proxy);
  }
  return Object.freeze(client) as ContractClient<C>;
}
