/**
 * Kubernetes Events as `kubectl get events -w` lists them, from the recorded history up to a frame:
 * one row per Event write (a repeated Event shows again with its count).
 */
import type { KubeEvent } from '../../../shared/k8s/objects';
import type { History } from '../state/history';
import type { ObjectRef } from '../state/selection.svelte';

export interface EventRow {
  frame: number;
  time: number;
  type: string;
  reason: string;
  object: string;
  message: string;
  count: number;
}

export function eventRows(history: History, upTo: number, about?: ObjectRef, limit = 300): EventRow[] {
  const rows: EventRow[] = [];
  const records = history.records;
  const end = history.countUpTo(upTo);
  const initial = history.objectsAt(history.baseFrame).filter((o) => o.kind === 'Event');
  const consider = (event: KubeEvent, frame: number, time: number) => {
    const target = event.involvedObject ?? {};
    if (about && (target.kind !== about.kind || target.name !== about.name || (about.namespace && (target.namespace ?? '') !== about.namespace))) return;
    rows.push({ frame, time, type: event.type ?? 'Normal', reason: event.reason ?? '', object: `${(target.kind ?? '').toLowerCase()}/${target.name ?? ''}`, message: event.message ?? '', count: event.count ?? 1 });
  };
  for (const event of initial) consider(event as KubeEvent, history.baseFrame, history.baseTime);
  for (let i = 0; i < end; i++) {
    const record = records[i]!;
    if (record.object.kind === 'Event' && record.type !== 'DELETED') consider(record.object as KubeEvent, record.frame, record.time);
  }
  return rows.slice(-limit);
}
