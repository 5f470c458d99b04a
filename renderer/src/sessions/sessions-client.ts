/**
 * The renderer's handle on the sessions service. The shared contract may not list the service yet
 * (the main process side lands separately), so, as for lessons, a client for the same channels is
 * made on the page's transport: a main process that serves sessions is used, and one that does not
 * answers with an error, which the store turns into "unavailable" instead of a failing button.
 */
import type { KubelabClient } from '../../../shared/ipc/contract';
import { createClient } from '../../../shared/ipc/client';
import type { ServiceClient } from '../../../shared/ipc/define';
import { sessionsService } from '../../../shared/ipc/services/sessions';
import type { RpcTransport } from '../../../shared/ipc/wire';

export type SessionsClient = ServiceClient<typeof sessionsService>;

export function sessionsClientOf(client: KubelabClient, rpc: RpcTransport | undefined): SessionsClient | undefined {
  const listed = (client as unknown as { sessions?: SessionsClient }).sessions;
  if (listed) return listed;
  return rpc ? createClient({ sessions: sessionsService }, rpc).sessions : undefined;
}
