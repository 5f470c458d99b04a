/**
 * Channel names are derived from the contract, never typed inline: `kubelab:<service>.<member>`.
 */
import type { Contract } from './define';

export const CHANNEL_PREFIX = 'kubelab:';

export function channelName(service: string, member: string): string {
  return `${CHANNEL_PREFIX}${service}.${member}`;
}

export interface ChannelInfo {
  readonly channel: string;
  readonly service: string;
  readonly member: string;
  readonly kind: 'method' | 'event';
}

/** Every channel of a contract, in a stable order. */
export function listChannels(contract: Contract): ChannelInfo[] {
  const out: ChannelInfo[] = [];
  for (const [service, spec] of Object.entries(contract)) {
    for (const member of Object.keys(spec.methods)) out.push({ channel: channelName(service, member), service, member, kind: 'method' });
    for (const member of Object.keys(spec.events)) out.push({ channel: channelName(service, member), service, member, kind: 'event' });
  }
  return out;
}
