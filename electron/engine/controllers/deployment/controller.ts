/**
 * The Deployment controller (pkg/controller/deployment): handlers only enqueue the owning
 * Deployment's key; syncDeployment reads current state and takes one small step per strategy,
 * like deployment_controller.go + sync.go. Strategies live in rolling.ts and recreate.ts, status
 * and conditions in progress.ts.
 */
import type { Deployment, KubeObject, ReplicaSet } from '../../../../shared/k8s/objects';
import { labelSelectorMatches } from '../../../../shared/k8s/labels';
import type { Reason } from '../../../../shared/sim/cause';
import type { Cause } from '../../../../shared/sim/snapshot';
import { StatusError } from '../../api';
import type { EngineContext } from '../../context';
import { clone, deepEqual } from '../../util/objects';
import { syncErrorHandler } from '../guard';
import { byCreation, controllerOf, ownerRefFor } from '../podutil';
import { WorkQueue } from '../workqueue';
import { newReplicaSetReason, scaleReason, type ScaleWhy } from './reasons';
import { rolloutRecreate } from './recreate';
import { rolloutRolling } from './rolling';
import { syncDeploymentStatus } from './progress';
import {
  computeHash, DESIRED_REPLICAS, equalIgnoreHash, FOUND_NEW_RS, getCondition, HASH_LABEL, isRollingUpdate, isSaturated, maxRevision, maxSurge,
  newCondition, newRSNewReplicas, NEW_RS_CREATED, PAUSED, replicasOf, RESUMED, REVISION, revisionOf, setCondition, setNewReplicaSetAnnotations,
  setReplicasAnnotations, specReplicas, sumSpec,
} from './util';

export const CAUSE: Cause = { actor: 'controller', name: 'deployment-controller' };
/** Reused for every status write, so the event log interns it without building a key. */
const STATUS_CAUSE: Cause = { ...CAUSE, detail: 'status', reason: { code: 'ObservedStatus' } };
const SOURCE = { component: 'deployment-controller' };

export class DeploymentController {
  readonly queue: WorkQueue;

  constructor(readonly ctx: EngineContext) {
    this.queue = new WorkQueue(ctx.clock, 10, (key) => this.sync(key), syncErrorHandler(ctx, 'deployment-controller', 'Deployment'));
    ctx.store.onChange((c) => {
      const o = c.object;
      if (o.kind === 'Deployment') this.queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
      else if (o.kind === 'ReplicaSet') this.enqueueOwner(o, c.old);
      else if (o.kind === 'Pod' && c.type === 'DELETED') {
        // Recreate waits for old pods to go away.
        const rsRef = controllerOf(o);
        const rs = rsRef && ctx.store.getByUid(rsRef.uid);
        if (rs) this.enqueueOwner(rs, undefined);
      }
    });
  }

  private enqueueOwner(rs: KubeObject, old: KubeObject | undefined): void {
    const ref = controllerOf(rs) ?? (old && controllerOf(old));
    if (ref?.kind === 'Deployment') {
      this.queue.add(`${rs.metadata.namespace}/${ref.name}`);
      return;
    }
    if (!ref) {
      // An orphan: every Deployment that selects it may adopt it.
      for (const d of this.ctx.store.all('Deployment', rs.metadata.namespace) as Deployment[]) {
        if (labelSelectorMatches(d.spec.selector, rs.metadata.labels)) this.queue.add(`${d.metadata.namespace}/${d.metadata.name}`);
      }
    }
  }

  record(d: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.events.record(d, type, reason, message, SOURCE);
  }

  now(): number {
    return this.ctx.clock.now();
  }

  sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const d = this.ctx.store.get('Deployment', ns, name) as Deployment | undefined;
    if (!d) return;
    const rsList = this.claimReplicaSets(d);
    if (d.metadata.deletionTimestamp) {
      syncDeploymentStatus(this, d, rsList);
      return;
    }
    const current = this.checkPausedConditions(d);
    if (current.spec.paused || this.isScalingEvent(current, rsList)) {
      this.syncScale(current, rsList);
      return;
    }
    if (isRollingUpdate(current)) rolloutRolling(this, current, rsList);
    else rolloutRecreate(this, current, rsList);
  }

  /** getReplicaSetsForDeployment: owned ones that still match, plus matching orphans (adopted). */
  private claimReplicaSets(d: Deployment): ReplicaSet[] {
    const out: ReplicaSet[] = [];
    const candidates = [
      ...this.ctx.store.dependents(d.metadata.uid!).filter((o) => o.kind === 'ReplicaSet'),
      ...this.ctx.store.orphans('ReplicaSet', d.metadata.namespace ?? 'default'),
    ] as ReplicaSet[];
    for (const rs of candidates) {
      const ref = controllerOf(rs);
      const matches = labelSelectorMatches(d.spec.selector, rs.metadata.labels);
      if (ref) {
        if (ref.uid !== d.metadata.uid) continue;
        if (matches || d.metadata.deletionTimestamp) out.push(rs);
        else this.writeRs({ ...rs, metadata: { ...rs.metadata, ownerReferences: (rs.metadata.ownerReferences ?? []).filter((r) => r.uid !== d.metadata.uid) } }, 'release', { code: 'Released', owner: { kind: 'Deployment', name: d.metadata.name } });
      } else if (matches && !d.metadata.deletionTimestamp && !rs.metadata.deletionTimestamp) {
        out.push(this.writeRs({ ...rs, metadata: { ...rs.metadata, ownerReferences: [...(rs.metadata.ownerReferences ?? []), ownerRefFor(d)] } }, 'adopt', { code: 'Adopted', owner: { kind: 'Deployment', name: d.metadata.name } }));
      }
    }
    return out.sort(byCreation);
  }

  private writeRs(rs: ReplicaSet, detail: string, reason: Reason): ReplicaSet {
    return this.ctx.store.update('ReplicaSet', rs, { ...CAUSE, detail, reason }) as ReplicaSet;
  }

  private checkPausedConditions(d: Deployment): Deployment {
    const cond = getCondition(d.status ?? {}, 'Progressing');
    if (cond?.reason === 'ProgressDeadlineExceeded') return d;
    const paused = !!d.spec.paused;
    // setCondition replaces status.conditions rather than mutating it: a shallow copy is enough.
    const status = { ...(d.status ?? {}) };
    if (paused && cond?.reason !== PAUSED) setCondition(status, newCondition('Progressing', 'Unknown', PAUSED, 'Deployment is paused', this.ctx.clock));
    else if (!paused && cond?.reason === PAUSED) setCondition(status, newCondition('Progressing', 'Unknown', RESUMED, 'Deployment is resumed', this.ctx.clock));
    else return d;
    return this.updateStatus(d, status);
  }

  /** Writes a status built by this controller (fresh objects, never mutated afterwards): a trusted write. */
  updateStatus(d: Deployment, status: Deployment['status']): Deployment {
    if (deepEqual(status, d.status)) return d;
    return this.ctx.store.update('Deployment', { ...d, status }, STATUS_CAUSE, { subresource: 'status', trusted: true }) as Deployment;
  }

  private isScalingEvent(d: Deployment, rsList: ReplicaSet[]): boolean {
    const { newRS, oldRSs } = this.getAllReplicaSets(d, rsList, false);
    for (const rs of [newRS, ...oldRSs]) {
      if (!rs || specReplicas(rs) === 0) continue;
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
      if (desired !== undefined && Number(desired) !== replicasOf(d)) return true;
    }
    return false;
  }

  /** sync(): scaling while paused or between rollouts, proportionally across active ReplicaSets. */
  private syncScale(d: Deployment, rsList: ReplicaSet[]): void {
    const { newRS, oldRSs } = this.getAllReplicaSets(d, rsList, false);
    this.scale(d, newRS, oldRSs);
    if (d.spec.paused) this.cleanup(oldRSs, d);
    const fresh = this.getAllReplicaSets(this.reload(d), this.claimReplicaSetsQuiet(d), false);
    syncDeploymentStatus(this, this.reload(d), [...fresh.oldRSs, ...(fresh.newRS ? [fresh.newRS] : [])], fresh.newRS);
  }

  private claimReplicaSetsQuiet(d: Deployment): ReplicaSet[] {
    // From the owner index rather than a scan of every ReplicaSet in the namespace.
    const ns = d.metadata.namespace;
    return (this.ctx.store.dependents(d.metadata.uid!) as ReplicaSet[]).filter((rs) => rs.kind === 'ReplicaSet' && rs.metadata.namespace === ns && controllerOf(rs)?.uid === d.metadata.uid).sort(byCreation);
  }

  reload(d: Deployment): Deployment {
    return (this.ctx.store.get('Deployment', d.metadata.namespace, d.metadata.name) as Deployment | undefined) ?? d;
  }

  private scale(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
    const active = [...oldRSs, ...(newRS ? [newRS] : [])].filter((rs) => specReplicas(rs) > 0);
    const replicas = replicasOf(d);
    if (active.length <= 1) {
      const target = active[0] ?? newRS ?? [...oldRSs].sort(byCreation).reverse()[0];
      if (target && specReplicas(target) !== replicas) this.scaleReplicaSet(target, replicas, d, 'scaled', target === newRS);
      else if (target) this.scaleReplicaSet(target, replicas, d, 'scaled', target === newRS);
      return;
    }
    if (isSaturated(d, newRS)) {
      for (const rs of oldRSs) if (specReplicas(rs) > 0) this.scaleReplicaSet(rs, 0, d, 'scaled', false);
      return;
    }
    if (!isRollingUpdate(d)) return;
    // Proportional scaling (GetProportion): distribute the difference by each RS's share.
    const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
    const current = sumSpec(active);
    const toAdd = allowed - current;
    const sorted = [...active].sort((a, b) => (toAdd > 0 ? specReplicas(b) - specReplicas(a) || byCreation(b, a) : specReplicas(b) - specReplicas(a) || byCreation(a, b)));
    let added = 0;
    const targets = new Map<ReplicaSet, number>();
    for (const rs of sorted) {
      let share = 0;
      if (toAdd !== 0) {
        const rsMax = Number(rs.metadata.annotations?.['deployment.kubernetes.io/max-replicas'] ?? current);
        const fraction = rsMax > 0 ? (specReplicas(rs) * allowed) / rsMax - specReplicas(rs) : 0;
        share = toAdd > 0 ? Math.min(Math.round(fraction), toAdd - added) : Math.max(Math.round(fraction), toAdd - added);
      }
      targets.set(rs, specReplicas(rs) + share);
      added += share;
    }
    if (sorted[0] && added !== toAdd) targets.set(sorted[0], (targets.get(sorted[0]) ?? 0) + toAdd - added);
    for (const rs of sorted) this.scaleReplicaSet(rs, Math.max(0, targets.get(rs)!), d, 'scaled', rs === newRS);
  }

  /**
   * scaleReplicaSetAndRecordEvent + scaleReplicaSet. Returns [scaled, rs]. `why` and `isNew` (rs is
   * the Deployment's new ReplicaSet) are for the write's reason.
   */
  scaleReplicaSet(rs: ReplicaSet, newScale: number, d: Deployment, why: ScaleWhy, isNew: boolean): [boolean, ReplicaSet] {
    const oldScale = specReplicas(rs);
    const sizeNeedsUpdate = oldScale !== newScale;
    // Only annotations and spec.replicas change: copy those levels, not the whole ReplicaSet.
    const copy: ReplicaSet = { ...rs, metadata: { ...rs.metadata, annotations: { ...(rs.metadata.annotations ?? {}) } }, spec: { ...rs.spec } };
    const annotationsChanged = setReplicasAnnotations(copy, replicasOf(d), replicasOf(d) + maxSurge(d));
    if (!sizeNeedsUpdate && !annotationsChanged) return [false, rs];
    copy.spec.replicas = newScale;
    const updated = this.writeRs(copy, `scale ${rs.metadata.name} to ${newScale}`, scaleReason(d, rs, why, isNew, oldScale, newScale));
    if (sizeNeedsUpdate) {
      const op = newScale > oldScale ? 'up' : 'down';
      this.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`);
    }
    return [sizeNeedsUpdate, updated];
  }

  /** getAllReplicaSetsAndSyncRevision. */
  getAllReplicaSets(d: Deployment, rsList: ReplicaSet[], createIfNotExisted: boolean): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] } {
    const existing = [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
    const oldRSs = rsList.filter((rs) => rs !== existing);
    const newRS = this.getNewReplicaSet(d, rsList, existing, oldRSs, createIfNotExisted);
    return { newRS, oldRSs };
  }

  private getNewReplicaSet(d: Deployment, rsList: ReplicaSet[], existing: ReplicaSet | undefined, oldRSs: ReplicaSet[], create: boolean): ReplicaSet | undefined {
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      // setNewReplicaSetAnnotations only touches annotations and we only set spec.minReadySeconds:
      // copy those levels instead of deep-cloning the whole ReplicaSet on every sync.
      const existingAnnotations = existing.metadata.annotations;
      const copy: ReplicaSet = { ...existing, metadata: { ...existing.metadata, ...(existingAnnotations ? { annotations: { ...existingAnnotations } } : {}) }, spec: { ...existing.spec } };
      const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
      const minReadyChanged = (copy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
      let rs = existing;
      if (annotationsUpdated || minReadyChanged) {
        copy.spec.minReadySeconds = d.spec.minReadySeconds ?? 0;
        const revision = revisionOf(copy);
        const reason: Reason = revision !== revisionOf(existing) ? { code: 'RevisionUpdated', deployment: d.metadata.name, revision, replicaSet: existing.metadata.name } : { code: 'ReplicaSetSynced', deployment: d.metadata.name, replicaSet: existing.metadata.name };
        rs = this.writeRs(copy, `revision ${revision}`, reason);
      }
      const status = { ...(d.status ?? {}) };
      let needsUpdate = this.setDeploymentRevision(d, rs.metadata.annotations?.[REVISION] ?? '');
      if (!getCondition(status, 'Progressing')) {
        setCondition(status, newCondition('Progressing', 'True', FOUND_NEW_RS, `Found new replica set "${rs.metadata.name}"`, this.ctx.clock));
        needsUpdate = true;
      }
      if (needsUpdate) {
        const fresh = this.reload(d);
        this.updateStatus(fresh, { ...status, observedGeneration: fresh.status?.observedGeneration });
      }
      return rs;
    }
    if (!create) return undefined;
    const template = clone(d.spec.template);
    const hash = computeHash(template, (d.status as { collisionCount?: number }).collisionCount);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash } };
    const selector = clone(d.spec.selector);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, labels: { ...(template.metadata.labels ?? {}) }, ownerReferences: [ownerRefFor(d)], annotations: {} },
      spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
      status: { replicas: 0 },
    };
    const allRSs = [...rsList, rs];
    const newReplicas = newRSNewReplicas(d, allRSs, rs);
    rs.spec.replicas = newReplicas;
    setNewReplicaSetAnnotations(d, rs, newRevision, false);
    let created: ReplicaSet;
    try {
      const reason = newReplicaSetReason(d, rs, oldRSs, newReplicas, newRevision);
      created = this.ctx.store.create('ReplicaSet', rs, { ...CAUSE, detail: `new replica set for revision ${newRevision}`, reason }) as ReplicaSet;
    } catch (e) {
      if (e instanceof StatusError && e.status.reason === 'AlreadyExists') {
        // A hash collision: bump collisionCount so the next sync hashes differently.
        const fresh = this.reload(d);
        const status = { ...clone(fresh.status ?? {}), collisionCount: ((fresh.status as { collisionCount?: number }).collisionCount ?? 0) + 1 };
        this.updateStatus(fresh, status);
      } else {
        // getNewReplicaSet: FailedRSCreateReason, "Failed to create new replica set %q: %v".
        const message = e instanceof StatusError ? (e.status.message ?? '') : e instanceof Error ? e.message : String(e);
        this.record(d, 'Warning', 'ReplicaSetCreateError', `Failed to create new replica set "${rs.metadata.name}": ${message}`);
      }
      throw e;
    }
    if (newReplicas > 0) this.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${newReplicas}`);
    const fresh = this.reload(d);
    this.setDeploymentRevision(fresh, String(newRevision));
    const status = clone(this.reload(d).status ?? {});
    setCondition(status, newCondition('Progressing', 'True', NEW_RS_CREATED, `Created new replica set "${created.metadata.name}"`, this.ctx.clock));
    this.updateStatus(this.reload(d), status);
    return created;
  }

  private setDeploymentRevision(d: Deployment, revision: string): boolean {
    const current = this.reload(d);
    if (current.metadata.annotations?.[REVISION] === revision) return false;
    const reason: Reason = { code: 'RevisionUpdated', deployment: current.metadata.name, revision: Number(revision) || 0 };
    this.ctx.store.update('Deployment', { ...current, metadata: { ...current.metadata, annotations: { ...(current.metadata.annotations ?? {}), [REVISION]: revision } } }, { ...CAUSE, detail: `revision ${revision}`, reason });
    return true;
  }

  /** cleanupDeployment: keep at most revisionHistoryLimit old, fully scaled-down ReplicaSets. */
  cleanup(oldRSs: ReplicaSet[], d: Deployment): void {
    const limit = d.spec.revisionHistoryLimit;
    if (limit === undefined) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (let i = 0; i < diff; i++) {
      const rs = cleanable[i]!;
      if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      this.ctx.store.delete('ReplicaSet', rs.metadata.namespace, rs.metadata.name, { ...CAUSE, detail: 'revision history limit', reason: { code: 'RevisionHistoryLimit', deployment: d.metadata.name, limit } });
    }
  }
}
