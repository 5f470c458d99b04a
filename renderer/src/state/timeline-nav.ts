/**
 * Moving through the recorded history: the previous and next notable frame (quiet heartbeats are
 * skipped), and the markers the scrub bar shows for rollouts, node failures and scaling.
 */
import { isQuiet, markerOf, type MarkerKind } from './frame-notes';
import type { History } from './history';

export function nextNotable(history: History, after: number): number | undefined {
  const records = history.records;
  for (let i = history.countUpTo(after); i < records.length; i++) if (!isQuiet(records[i]!)) return records[i]!.frame;
  return undefined;
}

export function previousNotable(history: History, before: number): number | undefined {
  const records = history.records;
  for (let i = history.countUpTo(before - 1) - 1; i >= 0; i--) if (!isQuiet(records[i]!)) return records[i]!.frame;
  return records.length > 0 && before > history.baseFrame ? history.baseFrame : undefined;
}

export interface Marker {
  frame: number;
  time: number;
  kind: MarkerKind;
  name: string;
}

export function markers(history: History, from = 0, into: Marker[] = []): Marker[] {
  const records = history.records;
  for (let i = from; i < records.length; i++) {
    const record = records[i]!;
    const kind = markerOf(record);
    if (kind) into.push({ frame: record.frame, time: record.time, kind, name: record.object.metadata.name });
  }
  return into;
}
