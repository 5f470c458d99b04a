/**
 * What the user points at, shared by the drawing and the side panels: the selected object (for the
 * inspector, "Why here?" and the rollout chart), the hovered selector owner and the hovered pod.
 */
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export type DetailTab = 'narration' | 'events' | 'inspector' | 'whyHere' | 'rollout' | 'traffic';

export class Selection {
  selected = $state.raw<ObjectRef | null>(null);
  /** ownerKey() of the hovered Service, ReplicaSet or Deployment. */
  hoveredOwner = $state<string | null>(null);
  /** key of the hovered pod (namespace/name). */
  hoveredPod = $state<string | null>(null);
  tab = $state<DetailTab>('narration');
  namespace = $state<string>('');

  select(ref: ObjectRef | null, tab?: DetailTab): void {
    this.selected = ref;
    if (tab) this.tab = tab;
  }
}

export const selection = new Selection();

export function sameRef(a: ObjectRef | null, b: ObjectRef | null): boolean {
  return !!a && !!b && a.kind === b.kind && (a.namespace ?? '') === (b.namespace ?? '') && a.name === b.name;
}
