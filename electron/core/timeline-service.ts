/**
 * The timeline service over the engine's recorded history (seek, live, frames, and windows of it
 * that fill the renderer's cache). Frames of Nodes and Pods carry a FrameSummary read from the
 * recorded objects (Ready condition, taints, eviction), so the renderer can tell frames recorded
 * before it opened as plainly as the ones it saw happen.
 */
import type { KubelabServices } from '../../shared/ipc/contract';
import type { KubeObject, Node, Pod } from '../../shared/k8s/objects';
import type { ObjectChange } from '../../shared/sim/snapshot';
import type { FrameInfo, FrameSummary, ReadyStatus, TaintSummary } from '../../shared/sim/timeline';
import type { Engine } from '../engine/api';

/** The controller that deletes pods for untolerated NoExecute taints (electron/engine/controllers/nodelifecycle.ts). */
export const EVICTION_CONTROLLER = 'taint-eviction-controller';
const SUMMARISED = ['Node', 'Pod'];

export function createTimelineService(engine: Engine): KubelabServices['timeline'] {
  return {
    state: () => engine.timeline.state(),
    seek: ({ frame }) => {
      engine.timeline.seek(frame);
      return engine.timeline.state();
    },
    live: () => {
      engine.timeline.live();
      return engine.timeline.state();
    },
    window: ({ from, count }) => {
      const start = engine.timeline.stateAt(from);
      const infos = count > 0 ? engine.timeline.frames(start.frame + 1, count) : [];
      const kinds = engine.store.resourceTypes().map((t) => t.kind);
      const written = infos.length ? engine.timeline.objects(infos[0]!.frame, infos.length, kinds) : [];
      const changes: ObjectChange[] = [];
      infos.forEach((info, i) => {
        const { before, after } = written[i] ?? {};
        // A deletion shows the object as it last was, at the deleting frame's resourceVersion (as a live delta does).
        const object = after ?? (before && { ...before, metadata: { ...before.metadata, resourceVersion: String(info.frame) } });
        if (object) changes.push({ type: info.type, object, frame: info.frame, time: info.time, cause: info.cause });
      });
      return { from: start.frame, time: start.time, objects: start.objects, changes };
    },
    frames: ({ from, count }) => {
      const infos = engine.timeline.frames(from, count);
      if (infos.length === 0) return infos;
      const objects = engine.timeline.objects(infos[0]!.frame, infos.length, SUMMARISED);
      return infos.map((info, i) => {
        const written = objects[i];
        const summary = written && summarise(info, written.before, written.after);
        return summary ? { ...info, summary } : info;
      });
    },
  };
}

const readyOf = (node: Node | undefined): ReadyStatus | undefined => node?.status?.conditions?.find((c) => c.type === 'Ready')?.status as ReadyStatus | undefined;
const taintId = (t: TaintSummary) => `${t.key}=${t.value ?? ''}:${t.effect}`;
const taintsOf = (node: Node | undefined): TaintSummary[] => (node?.spec?.taints ?? []).map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect }));

/** The digest of one recorded change, or undefined when the frame needs none. */
export function summarise(info: FrameInfo, before: KubeObject | undefined, after: KubeObject | undefined): FrameSummary | undefined {
  if (info.kind === 'Node' && info.type === 'MODIFIED' && after) {
    const [was, now] = [before as Node | undefined, after as Node];
    const [old, fresh] = [taintsOf(was), taintsOf(now)];
    const oldIds = new Set(old.map(taintId));
    const freshIds = new Set(fresh.map(taintId));
    const [ready, readyBefore] = [readyOf(now) ?? 'Unknown', readyOf(was)];
    const taintsAdded = fresh.filter((t) => !oldIds.has(taintId(t)));
    const taintsRemoved = old.filter((t) => !freshIds.has(taintId(t)));
    const [unschedulable, unschedulableBefore] = [now.spec?.unschedulable === true, was?.spec?.unschedulable === true];
    // Heartbeats and status bookkeeping change none of these: they get no summary.
    if (ready === readyBefore && taintsAdded.length === 0 && taintsRemoved.length === 0 && unschedulable === unschedulableBefore) return undefined;
    return { kind: 'node', ready, ...(readyBefore ? { readyBefore } : {}), taintsAdded, taintsRemoved, unschedulable, unschedulableBefore };
  }
  if (info.kind === 'Pod' && info.type !== 'ADDED') {
    const pod = (after ?? before) as Pod | undefined;
    // Only the change that starts the deletion is the eviction; later frames are the kubelet finishing it.
    const starts = info.type === 'DELETED' ? !before?.metadata.deletionTimestamp : !before?.metadata.deletionTimestamp && !!after?.metadata.deletionTimestamp;
    const evicted = info.cause.name === EVICTION_CONTROLLER && starts;
    if (!evicted) return undefined;
    const node = pod?.spec?.nodeName;
    return { kind: 'pod', ...(node ? { node } : {}), evicted };
  }
  return undefined;
}
