/**
 * The story before the page opened. The renderer's History starts at the snapshot it loaded, so a
 * learner who opens the window late would see no narration, no markers and "waiting for the first
 * change". The timeline service still lists the earlier frames (kind, name, change and cause, but not
 * the objects), which is enough to tell what happened in plainer words. (The scrub bar cannot reach
 * those frames: the renderer has no objects to redraw them, so they get no markers.)
 */
import type { FrameInfo } from '../../../shared/sim/timeline';
import type { MarkerKind, Note } from './frame-notes';

/** Most frames asked for at once (the service's limit). */
export const BACKFILL_LIMIT = 5000;

/** The kinds the drawing shows and the live narration tells about; the rest is plumbing. */
const STORY_KINDS = new Set(['Pod', 'Node', 'ReplicaSet', 'Deployment', 'Service']);
/** The controller that writes each kind's own status; its MODIFIEDs are status bookkeeping. */
const STATUS_WRITER: Record<string, string> = { Deployment: 'deployment-controller', ReplicaSet: 'replicaset-controller' };

/** Heartbeats, bootstrap and status bookkeeping, as far as a frame without its objects can tell. */
export function isQuietInfo(info: FrameInfo): boolean {
  if (!STORY_KINDS.has(info.kind) || info.cause.actor === 'system') return true;
  if (info.type !== 'MODIFIED') return false;
  if (info.kind === 'Node') return info.cause.actor === 'kubelet';
  return STATUS_WRITER[info.kind] === info.cause.name;
}

const VERB = { ADDED: 'frame.added', MODIFIED: 'frame.modified', DELETED: 'frame.deleted' } as const;

/** A recorded frame in words: what changed, with who did it (and why) as upstream detail. */
export function noteOfInfo(info: FrameInfo): Note {
  const who = info.cause.detail ? `${info.cause.name}: ${info.cause.detail}` : info.cause.name;
  const marker = markerOfInfo(info);
  if (marker) return { key: `timeline.marker.${marker}`, params: { name: info.name }, detail: who };
  return { key: VERB[info.type], params: { kind: info.kind, name: info.name }, detail: who };
}

/** User scaling and rollouts of a Deployment, recognised from the client's command. */
export function markerOfInfo(info: FrameInfo): MarkerKind | undefined {
  if (info.kind !== 'Deployment' || info.type !== 'MODIFIED' || info.cause.actor !== 'user') return undefined;
  const detail = info.cause.detail ?? '';
  if (/\bscale\b/.test(detail)) return 'scaling';
  if (/\bset image\b|\brollout (restart|undo)\b/.test(detail)) return 'rollout';
  return undefined;
}

export interface Backfill {
  notes: (Note & { frame: number; time: number })[];
  /** The newest frame worth telling, for "This frame" before anything new happens. */
  latest?: Note & { frame: number };
}

/** Narration and the latest notable frame from the frames recorded before the snapshot (oldest first). */
export function backfill(frames: readonly FrameInfo[]): Backfill {
  const out: Backfill = { notes: [] };
  for (const info of frames) if (!isQuietInfo(info)) out.notes.push({ ...noteOfInfo(info), frame: info.frame, time: info.time });
  const last = out.notes.at(-1);
  if (last) out.latest = last;
  return out;
}
