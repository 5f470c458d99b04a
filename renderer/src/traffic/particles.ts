/**
 * Where a sampled request is drawn at a virtual time: a particle travels client → Service hub → pod
 * and back, as a pure function of (sample, time), so pausing freezes it, stepping moves it, and
 * rewinding shows the same picture. Colour says which version answered; failures stand out.
 */
import type { TrafficSample } from '../../../shared/ipc/services/traffic';

export interface Point {
  x: number;
  y: number;
}

export interface Route {
  client: Point;
  hub: Point;
  /** Absent when the request never reached a pod (refused). */
  pod?: Point;
}

export interface Particle {
  x: number;
  y: number;
  colour: string;
  /** Drawn larger, with a ring. */
  failed: boolean;
  /** 0..1: fades out at the end of a failed trip. */
  alpha: number;
  /** A ring without fill (a timeout). */
  hollow: boolean;
}

/** Versions in the order learners meet them; anything else is hashed onto the rest of the palette. */
const VERSION_COLOURS: Record<string, string> = { v1: '#56B4E9', v2: '#E69F00', v3: '#009E73' };
const OTHER = ['#0072B2', '#CC79A7', '#F0E442', '#9AA5B1'];
export const ERROR_COLOUR = '#FF3B30';
/** Timeouts are red too, but drawn hollow and fading: the request went out and nothing came back. */
export const TIMEOUT_COLOUR = ERROR_COLOUR;

export function versionColour(version: string | undefined): string {
  if (!version) return OTHER[3]!;
  const known = VERSION_COLOURS[version];
  if (known) return known;
  let h = 0;
  for (let i = 0; i < version.length; i++) h = (h * 31 + version.charCodeAt(i)) >>> 0;
  return OTHER[h % 3]!;
}

const lerp = (a: Point, b: Point, f: number): Point => ({ x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f });

/** Fractions of the trip spent on each leg: out to the hub, to the pod, back to the hub, back to the client. */
const LEGS = [0.3, 0.3, 0.2, 0.2] as const;

function along(points: Point[], legs: readonly number[], f: number): Point {
  let start = 0;
  for (let i = 0; i < legs.length; i++) {
    const end = start + legs[i]!;
    if (f <= end || i === legs.length - 1) return lerp(points[i]!, points[i + 1]!, Math.min(1, Math.max(0, (f - start) / legs[i]!)));
    start = end;
  }
  return points[points.length - 1]!;
}

/**
 * The particle for `sample` at virtual time `now`, when its trip (which lasts `tripMs` of virtual
 * time) is under way; undefined before it starts or after it ends.
 */
export function particleAt(sample: TrafficSample, route: Route, now: number, tripMs: number): Particle | undefined {
  const f = (now - sample.at) / tripMs;
  if (f < 0 || f > 1) return undefined;
  const failed = sample.outcome !== 'ok';
  const colour = sample.outcome === 'timeout' ? TIMEOUT_COLOUR : failed ? ERROR_COLOUR : versionColour(sample.version);
  if (sample.outcome === 'refused' || !route.pod) {
    // Refused at the Service: out to the hub and straight back.
    const p = along([route.client, route.hub, route.client], [0.5, 0.5], f);
    return { ...p, colour, failed, alpha: 1, hollow: false };
  }
  if (sample.outcome === 'timeout') {
    // Never answered: it reaches the pod and fades there.
    const p = along([route.client, route.hub, route.pod], [0.3, 0.3], Math.min(f, 0.6));
    return { ...p, colour, failed, alpha: f <= 0.6 ? 1 : Math.max(0, 1 - (f - 0.6) / 0.4), hollow: true };
  }
  const p = along([route.client, route.hub, route.pod, route.hub, route.client], LEGS, f);
  return { ...p, colour, failed, alpha: 1, hollow: false };
}

/** Virtual time of the screen now, from the last anchor the server sent and wall time since. */
export function virtualNow(anchor: { virtual: number; wall: number; speed: number; paused: boolean }, wallNow: number): number {
  return anchor.paused ? anchor.virtual : anchor.virtual + Math.max(0, wallNow - anchor.wall) * anchor.speed;
}

/**
 * Whether the particle layer must keep animating: virtual time advances (the clock is not paused)
 * and some sampled request has not finished its trip yet. Otherwise one last drawing is enough.
 */
export function inMotion(samples: readonly TrafficSample[], now: number, tripMs: number, paused: boolean): boolean {
  if (paused) return false;
  for (const sample of samples) if (now - sample.at <= tripMs) return true;
  return false;
}
