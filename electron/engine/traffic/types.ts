/** The traffic model's output shapes live in shared/sim so the IPC contract carries them unchanged. */
export type { PodTraffic, ServiceRef, ServiceTraffic, TrafficFrame, TrafficOutcome, TrafficSample, TrafficSource } from '../../../shared/sim/traffic';
