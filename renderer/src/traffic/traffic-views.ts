/**
 * One TrafficView per traffic client, shared by the particle layer over the drawing and the Traffic
 * tab of the side panel, so both show the same frames without following the service twice.
 */
import type { KubelabClient } from '../../../shared/ipc/contract';
import { TrafficView } from './traffic-view.svelte';

const views = new WeakMap<KubelabClient['traffic'], TrafficView>();

export function trafficViewFor(client: KubelabClient['traffic']): TrafficView {
  // Test doubles may lack the traffic service; such a view simply never receives frames.
  if (typeof client !== 'object' || client === null) return new TrafficView(client);
  let view = views.get(client);
  if (!view) views.set(client, (view = new TrafficView(client)));
  return view;
}
