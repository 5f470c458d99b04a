/**
 * The renderer's copy of traffic: the generators and listeners (state), the latest frame, a short
 * history per Service for sparklines, per-pod counters, and the sampled requests still in flight
 * for the particle layer. Virtual time is anchored on each frame's end and advanced by wall time
 * × speed between frames, so particles glide while playing and stand still while paused.
 */
import type { KubelabClient } from '../../../shared/ipc/contract';
import type { PodTraffic, TrafficFrame, TrafficSample, TrafficState } from '../../../shared/ipc/services/traffic';
import type { ClockState } from '../../../shared/sim/snapshot';
import { virtualNow } from './particles';

export interface ServiceSeries {
  rate: number[];
  errors: number[];
  p95: number[];
}

/** Points kept per sparkline (one per frame, about 10 s of wall time). */
export const SERIES_LENGTH = 100;
/** In-flight samples kept for drawing. */
export const MAX_IN_FLIGHT = 600;
/** A particle's round trip lasts this much wall time at any speed. */
export const TRIP_WALL_MS = 900;

const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;

export class TrafficView {
  state = $state.raw<TrafficState>({ generators: [], listeners: [], tunnel: false });
  latest = $state.raw<TrafficFrame | null>(null);
  series = $state.raw<ReadonlyMap<string, ServiceSeries>>(new Map());
  /** namespace/pod -> counters, from the latest frames. */
  pods = $state.raw<ReadonlyMap<string, PodTraffic>>(new Map());
  /** Sampled requests whose trip may still be on screen; read by the canvas each animation frame. */
  inFlight: TrafficSample[] = [];
  anchor = { virtual: 0, wall: 0, speed: 1, paused: true };

  constructor(private readonly client: KubelabClient['traffic']) {}

  async follow(): Promise<() => void> {
    const stops = [this.client.onFrame((frame) => this.receive(frame)), this.client.onChanged((state) => (this.state = state))];
    this.state = await this.client.state({});
    return () => stops.forEach((stop) => stop());
  }

  tripMs(): number {
    return TRIP_WALL_MS * Math.max(0.25, this.anchor.speed);
  }

  now(wallNow = performance.now()): number {
    return virtualNow(this.anchor, wallNow);
  }

  setClock(clock: ClockState, wallNow = performance.now()): void {
    const current = this.now(wallNow);
    this.anchor = { virtual: clock.paused ? clock.now : Math.max(current, clock.now), wall: wallNow, speed: clock.speed, paused: clock.paused };
  }

  receive(frame: TrafficFrame, wallNow = performance.now()): void {
    // Rewound (a seek into the past): what was in flight belongs to another time.
    if (frame.toMs < this.anchor.virtual - 1000) this.inFlight = [];
    this.anchor = { ...this.anchor, virtual: frame.toMs, wall: wallNow };
    const horizon = frame.toMs - this.tripMs();
    const kept = this.inFlight.filter((s) => s.at >= horizon && s.at <= frame.toMs);
    for (const s of frame.samples) if (s.at >= horizon) kept.push(s);
    this.inFlight = kept.length > MAX_IN_FLIGHT ? kept.slice(kept.length - MAX_IN_FLIGHT) : kept;

    const series = new Map(this.series);
    const seen = new Set<string>();
    for (const s of frame.services) {
      const key = keyOf(s.namespace, s.name);
      seen.add(key);
      const old = series.get(key) ?? { rate: [], errors: [], p95: [] };
      series.set(key, { rate: [...old.rate, s.rate].slice(-SERIES_LENGTH), errors: [...old.errors, s.errors / Math.max(0.001, (frame.toMs - frame.fromMs) / 1000)].slice(-SERIES_LENGTH), p95: [...old.p95, s.p95Ms].slice(-SERIES_LENGTH) });
    }
    for (const [key, old] of series) if (!seen.has(key)) series.set(key, { rate: [...old.rate, 0].slice(-SERIES_LENGTH), errors: [...old.errors, 0].slice(-SERIES_LENGTH), p95: [...old.p95, 0].slice(-SERIES_LENGTH) });
    this.series = series;

    if (frame.pods.length) {
      const pods = new Map(this.pods);
      for (const p of frame.pods) pods.set(keyOf(p.namespace, p.name), p);
      this.pods = pods;
    }
    this.latest = frame;
  }

  async start(namespace: string, name: string, rate: number): Promise<void> {
    this.state = await this.client.start({ namespace, name, rate });
  }

  async stop(namespace: string, name: string): Promise<void> {
    this.state = await this.client.stop({ namespace, name });
  }

  async setRate(namespace: string, name: string, rate: number): Promise<void> {
    this.state = await this.client.setRate({ namespace, name, rate });
  }
}
