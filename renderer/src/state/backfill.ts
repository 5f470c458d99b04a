/**
 * The story before the page opened. The renderer's History starts at the snapshot it loaded, so a
 * learner who opens the window late would see no narration, no markers and "waiting for the first
 * change". The timeline service still lists the earlier frames: kind, name, change and cause, and for
 * Nodes and evicted Pods a summary read from the recorded objects (Ready condition, taints, eviction).
 * That is enough to tell what happened in the live narration's words, and to put markers on the scrub
 * bar; seeking to such a frame loads the engine's snapshot there (the renderer has no deltas for it).
 */
import type { FrameInfo, FrameSummary, TaintSummary } from '../../../shared/sim/timeline';
import type { MarkerKind, Note } from './frame-notes';
import type { Marker } from './timeline-nav';

/** Most frames asked for at once (the service's limit). */
export const BACKFILL_LIMIT = 5000;

/** The kinds the drawing shows and the live narration tells about; the rest is plumbing. */
const STORY_KINDS = new Set(['Pod', 'Node', 'ReplicaSet', 'Deployment', 'Service']);
/** The controller that writes each kind's own status; its MODIFIEDs are status bookkeeping. */
const STATUS_WRITER: Record<string, string> = { Deployment: 'deployment-controller', ReplicaSet: 'replicaset-controller' };

/** Heartbeats, bootstrap and status bookkeeping, as far as a frame without its objects can tell. */
export function isQuietInfo(info: FrameInfo): boolean {
  if (!STORY_KINDS.has(info.kind) || info.cause.actor === 'system') return true;
  if (info.summary) return false;
  if (info.type !== 'MODIFIED') return false;
  if (info.kind === 'Node') return info.cause.actor === 'kubelet';
  return STATUS_WRITER[info.kind] === info.cause.name;
}

const VERB = { ADDED: 'frame.added', MODIFIED: 'frame.modified', DELETED: 'frame.deleted' } as const;

/** A recorded frame in words: what changed, with who did it (and why) as upstream detail. */
export function noteOfInfo(info: FrameInfo): Note {
  const who = info.cause.detail ? `${info.cause.name}: ${info.cause.detail}` : info.cause.name;
  const told = info.summary && noteOfSummary(info.name, info.summary);
  if (told) return { ...told, detail: who };
  const marker = markerOfInfo(info);
  if (marker) return { key: `timeline.marker.${marker}`, params: { name: info.name }, detail: who };
  return { key: VERB[info.type], params: { kind: info.kind, name: info.name }, detail: who };
}

const taintText = (taint: TaintSummary) => `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;

/** A summarised change in the live narration's words (see narrateNode and narrateEvent in frame-notes). */
export function noteOfSummary(name: string, summary: FrameSummary): Note | undefined {
  if (summary.kind === 'pod') return summary.evicted ? { key: 'narr.eviction', params: { pod: name } } : undefined;
  const [was, now] = [summary.readyBefore, summary.ready];
  if (was === 'True' && now !== 'True') return { key: 'narr.nodeNotReady', params: { node: name, status: now } };
  if (was !== 'True' && now === 'True') return { key: 'narr.nodeReady', params: { node: name } };
  const [added, removed] = [summary.taintsAdded[0], summary.taintsRemoved[0]];
  if (added) return { key: 'narr.taintAdded', params: { node: name, taint: taintText(added) } };
  if (removed) return { key: 'narr.taintRemoved', params: { node: name, taint: taintText(removed) } };
  if (!summary.unschedulableBefore && summary.unschedulable) return { key: 'narr.cordoned', params: { node: name } };
  if (summary.unschedulableBefore && !summary.unschedulable) return { key: 'narr.uncordoned', params: { node: name } };
  return undefined;
}

/** Node failures and recoveries (from the summary), and user scaling and rollouts of a Deployment, recognised from the client's command. */
export function markerOfInfo(info: FrameInfo): MarkerKind | undefined {
  if (info.summary?.kind === 'node') {
    const [was, now] = [info.summary.readyBefore, info.summary.ready];
    if (was === 'True' && now !== 'True') return 'nodeFailed';
    if (was !== undefined && was !== 'True' && now === 'True') return 'nodeRecovered';
    return undefined;
  }
  if (info.kind !== 'Deployment' || info.type !== 'MODIFIED' || info.cause.actor !== 'user') return undefined;
  // kubectl's own name for the command (its Kubectl-Command header), else the cause's note.
  const reason = info.cause.reason;
  const detail = (reason?.code === 'ApiRequest' ? reason.command : undefined) ?? info.cause.detail ?? '';
  if (/\bscale\b/.test(detail)) return 'scaling';
  if (/\bset image\b|\brollout (restart|undo)\b/.test(detail)) return 'rollout';
  return undefined;
}

export interface Backfill {
  notes: (Note & { frame: number; time: number })[];
  /** Scrub-bar markers for the earlier frames (rollouts, node failures and recoveries, scaling). */
  markers: Marker[];
  /** The newest frame worth telling, for "This frame" before anything new happens. */
  latest?: Note & { frame: number };
}

/** Narration and the latest notable frame from the frames recorded before the snapshot (oldest first). */
export function backfill(frames: readonly FrameInfo[]): Backfill {
  const out: Backfill = { notes: [], markers: [] };
  // A node becoming Ready is a recovery only after a failure (not when it first joins the cluster).
  const failed = new Set<string>();
  for (const info of frames) {
    if (isQuietInfo(info)) continue;
    out.notes.push({ ...noteOfInfo(info), frame: info.frame, time: info.time });
    const kind = markerOfInfo(info);
    if (kind === 'nodeFailed') failed.add(info.name);
    if (kind === 'nodeRecovered' && !failed.delete(info.name)) continue;
    if (kind) out.markers.push({ frame: info.frame, time: info.time, kind, name: info.name });
  }
  const last = out.notes.at(-1);
  if (last) out.latest = last;
  return out;
}
