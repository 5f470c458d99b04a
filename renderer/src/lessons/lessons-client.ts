/**
 * The renderer's handle on the lessons service. The service may be missing from a build (an older
 * main process, or the contract not wiring it yet): then there is no handle and the learn panel
 * says lessons are unavailable instead of failing calls.
 */
import type { KubelabClient } from '../../../shared/ipc/contract';
import { createClient } from '../../../shared/ipc/client';
import type { ServiceClient } from '../../../shared/ipc/define';
import { lessonsService } from '../../../shared/ipc/services/lessons';
import type { RpcTransport } from '../../../shared/ipc/wire';

export type LessonsClient = ServiceClient<typeof lessonsService>;

/**
 * The contract's lessons client when the contract has one; otherwise a client for the same channels
 * on the page's transport, so a main process that serves lessons is used even before the shared
 * contract lists them (a process that does not answers with an error, and the store notices).
 */
export function lessonsClientOf(client: KubelabClient, rpc: RpcTransport | undefined): LessonsClient | undefined {
  const listed = (client as unknown as { lessons?: LessonsClient }).lessons;
  if (listed) return listed;
  return rpc ? createClient({ lessons: lessonsService }, rpc).lessons : undefined;
}
