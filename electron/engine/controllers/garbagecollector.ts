/**
 * The garbage collector: dependents whose owners are all gone are deleted (background cascade);
 * owners deleting in the foreground wait until their blocking dependents are gone; owners deleted
 * with orphan propagation have their dependents' ownerReferences removed first.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import type { Reason } from '../../../shared/sim/cause';
import type { Cause } from '../../../shared/sim/snapshot';
import { StatusError } from '../api';
import type { EngineContext } from '../context';
import { WorkQueue } from './workqueue';
import { syncErrorHandler } from './guard';

const CAUSE: Cause = { actor: 'controller', name: 'garbage-collector' };

function keyOf(o: KubeObject): string {
  return `${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;
}

export class GarbageCollector {
  readonly queue: WorkQueue;

  constructor(private ctx: EngineContext) {
    this.queue = new WorkQueue(ctx.clock, 20, (key) => this.process(key), syncErrorHandler(ctx, 'garbage-collector-controller', (key) => {
      const [kind, ns, name] = key.split('|') as [string, string, string];
      return { kind, key: ns ? `${ns}/${name}` : name };
    }));
    ctx.store.onChange((c) => {
      const o = c.object;
      if (c.type === 'DELETED') {
        for (const d of ctx.store.dependents(o.metadata.uid!)) this.queue.add(keyOf(d));
        // A dependent went away: its owners in foreground deletion may now finish.
        for (const ref of o.metadata.ownerReferences ?? []) {
          const owner = ctx.store.getByUid(ref.uid);
          if (owner?.metadata.deletionTimestamp) this.queue.add(keyOf(owner));
        }
      } else {
        const fin = o.metadata.finalizers ?? [];
        if (o.metadata.deletionTimestamp && (fin.includes('foregroundDeletion') || fin.includes('orphan'))) {
          this.queue.add(keyOf(o));
          for (const d of ctx.store.dependents(o.metadata.uid!)) this.queue.add(keyOf(d));
        }
        if (c.type === 'ADDED' && (o.metadata.ownerReferences ?? []).length) this.queue.add(keyOf(o));
      }
    });
  }

  private process(key: string): void {
    const [kind, ns, name] = key.split('|') as [string, string, string];
    const obj = this.ctx.store.get(kind, ns || undefined, name);
    if (!obj) return;
    const fin = obj.metadata.finalizers ?? [];
    if (obj.metadata.deletionTimestamp && fin.includes('orphan')) return this.orphanDependents(obj);
    if (obj.metadata.deletionTimestamp && fin.includes('foregroundDeletion')) this.processForeground(obj);
    this.attemptToDelete(obj);
  }

  /** attemptToDeleteItem: delete the object when none of its owners exists any more. */
  private attemptToDelete(obj: KubeObject): void {
    const refs = obj.metadata.ownerReferences ?? [];
    if (refs.length === 0 || obj.metadata.deletionTimestamp) return;
    let waitingForeground = false;
    for (const ref of refs) {
      const owner = this.ctx.store.getByUid(ref.uid);
      if (!owner) continue;
      if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes('foregroundDeletion')) waitingForeground = true;
      else return; // a live owner keeps it
    }
    const live = refs.filter((r) => this.ctx.store.getByUid(r.uid));
    if (live.length && !waitingForeground) return;
    // The owner named: the one deleting in the foreground, else the controller (or first) reference.
    const ref = (waitingForeground ? live[0] : undefined) ?? refs.find((r) => r.controller) ?? refs[0]!;
    const propagation = waitingForeground ? 'Foreground' : 'Background';
    const reason: Reason = { code: 'OwnerGone', owner: { kind: ref.kind, name: ref.name, uid: ref.uid }, propagation };
    try {
      this.ctx.store.delete(obj.kind, obj.metadata.namespace, obj.metadata.name, { ...CAUSE, detail: waitingForeground ? 'foreground cascade' : 'owner gone', reason }, { propagationPolicy: propagation, preconditions: { uid: obj.metadata.uid! } });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
    }
  }

  private processForeground(owner: KubeObject): void {
    const blocking = this.ctx.store.dependents(owner.metadata.uid!).filter((d) => (d.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid && r.blockOwnerDeletion));
    if (blocking.length) {
      for (const d of blocking) if (!d.metadata.deletionTimestamp) this.queue.add(keyOf(d));
      return;
    }
    this.removeFinalizer(owner, 'foregroundDeletion');
  }

  private orphanDependents(owner: KubeObject): void {
    const cause: Cause = { ...CAUSE, detail: 'orphan', reason: { code: 'OwnerGone', owner: { kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid! }, propagation: 'Orphan' } };
    for (const d of this.ctx.store.dependents(owner.metadata.uid!)) {
      try {
        this.ctx.store.update(d.kind, { ...d, metadata: { ...d.metadata, ownerReferences: (d.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid) } }, cause);
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
      }
    }
    this.removeFinalizer(owner, 'orphan');
  }

  private removeFinalizer(obj: KubeObject, finalizer: string): void {
    const current = this.ctx.store.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
    if (!current) return;
    try {
      this.ctx.store.update(current.kind, { ...current, metadata: { ...current.metadata, finalizers: (current.metadata.finalizers ?? []).filter((f) => f !== finalizer) } }, { ...CAUSE, detail: `remove ${finalizer} finalizer`, reason: { code: 'FinalizerRemoved', finalizer } });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
    }
  }
}
