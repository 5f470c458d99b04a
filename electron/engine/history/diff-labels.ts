/**
 * The changes between two views of the cluster that no single commit made: the diff a seek (or a
 * fork) sends, and the one a re-created cluster sends. Each change still carries a frame, a time and
 * a cause read from the event log, never made up. The rule, one line per case:
 *
 * - A seek between frames lo and hi (either way): a change is labelled with the newest frame in
 *   lo+1..hi that wrote the object: its resourceVersion in the later view, or, when it is absent
 *   there, the frame that deleted it. (Forward, the write that produced what is now shown;
 *   backward, the newest write the seek undoes.)
 * - A fork back to frame F (later frames discarded): a change is labelled like a seek in the kept
 *   history, but an object that only the discarded frames had made carries frame F, the fork
 *   point, at its time, with the REWIND cause.
 * - A re-created cluster: the new cluster's objects carry the frame of the new history that wrote
 *   them; the old cluster's objects, gone with it, carry frame 0 of the new history (the
 *   re-creation itself, at virtual 0) with the RECREATE cause.
 * - A writing frame the log no longer keeps (compacted away to bound memory): the earliest kept
 *   frame and its time, whose state already held the write, with the COMPACTED cause, which says
 *   that the cause is no longer known.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import type { Cause } from '../../../shared/sim/cause';
import type { ObjectChange } from '../../../shared/sim/snapshot';
import type { EventLog } from './eventlog';

export const RECREATE_CAUSE: Cause = { actor: 'system', name: 'recreate', detail: 'the cluster was re-created' };
export const REWIND_CAUSE: Cause = { actor: 'system', name: 'rewind', detail: 'the timeline was rewound: the later frames were discarded' };
export const COMPACTED_CAUSE: Cause = { actor: 'system', name: 'history', detail: 'compacted: the cause of this frame is no longer kept' };

type View = ReadonlyMap<string, KubeObject>;

/**
 * Where the two views stand: frames of one history (`rewound` when the frames after `to` were
 * discarded by a fork, so the view at `from` may hold writes no kept frame made), or a new history
 * replacing another.
 */
export type Span = { from: number; to: number; rewound?: boolean } | 'reset';

/** The changes from `before` to `after` (changed objects, then the gone ones), each labelled by the rule above. */
export function diffViews(log: EventLog, before: View, after: View, span: Span): ObjectChange[] {
  const seek = span === 'reset' ? undefined : span;
  const backward = !!seek && seek.to < seek.from;
  // Rewound from a later view: what that view alone had came from discarded frames, which cannot
  // label anything; the view after the rewind is the one whose writes are kept.
  const discarded = backward && !!seek.rewound;
  const later = backward && !discarded ? before : after;
  const other = later === after ? before : after;
  // Objects absent from the later view: their deletions are looked up in the log, all at once.
  let deletions: Map<string, number> | undefined;
  if (seek && !discarded) {
    const gone = new Set<string>();
    for (const id of other.keys()) if (!later.has(id)) gone.add(id);
    if (gone.size) deletions = log.lastWrites(Math.min(seek.from, seek.to), Math.max(seek.from, seek.to), gone);
  }
  // The labelling frames are read in frame order, so that the log's blocks are each inflated once.
  const found: { type: ObjectChange['type']; object: KubeObject; frame: number | undefined; present: boolean }[] = [];
  const note = (type: ObjectChange['type'], id: string, object: KubeObject): void => {
    const present = later.get(id);
    found.push({ type, object, frame: present ? Number(present.metadata.resourceVersion) : deletions?.get(id), present: !!present });
  };
  for (const [id, obj] of after) {
    const old = before.get(id);
    // In one history the same resourceVersion is the same write (a fork's replay rebuilds equal objects).
    if (old === obj || (old && seek && old.metadata.resourceVersion === obj.metadata.resourceVersion)) continue;
    note(old ? 'MODIFIED' : 'ADDED', id, obj);
  }
  for (const [id, obj] of before) if (!after.has(id)) note('DELETED', id, obj);
  const wanted = [...new Set(found.flatMap((f) => (f.frame === undefined ? [] : [f.frame])))].sort((a, b) => a - b);
  const infos = new Map(wanted.map((f) => [f, log.frame(f)]));
  const changes: ObjectChange[] = [];
  for (const { type, object, frame, present } of found) {
    const info = frame === undefined ? undefined : infos.get(frame);
    if (!seek && !present) changes.push({ type, object, frame: 0, time: 0, cause: RECREATE_CAUSE });
    else if (frame === undefined && discarded) changes.push({ type, object, frame: seek.to, time: log.timeOf(seek.to) ?? 0, cause: REWIND_CAUSE });
    else if (info) changes.push({ type, object, frame: info.frame, time: info.time, cause: info.cause });
    else changes.push({ type, object, frame: log.first(), time: log.timeOf(log.first()) ?? 0, cause: COMPACTED_CAUSE });
  }
  return changes;
}
