/**
 * A DaemonSet's history (pkg/controller/daemon/update.go constructHistory and cleanupHistory): one
 * apps/v1 ControllerRevision per distinct pod template, named `<ds>-<hash>`, whose data is the
 * strategic-merge patch that restores the template (what `kubectl rollout undo` applies). The hash
 * is the pods' `controller-revision-hash` label.
 */
import type { ControllerRevision, DaemonSet } from '../../../../shared/k8s/objects';
import type { Cause } from '../../../../shared/sim/snapshot';
import type { EngineContext } from '../../context';
import { deepEqual } from '../../util/objects';
import { ownerRefFor } from '../podutil';

export const REVISION_HASH_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** pkg/apis/apps/v1: the annotation apps/v1 keeps the internal spec.templateGeneration in. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/** apimachinery util/rand SafeEncodeString's alphabet (no vowels, no confusable digits). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with sorted keys: equal templates hash equally whatever their key order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stable(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * controller.ComputeHash: FNV-32a over the template (and the collision count), the decimal sum
 * encoded with SafeEncodeString. Upstream hashes Go's printed struct; the value differs, its shape not.
 */
export function templateHash(ds: DaemonSet): string {
  let h = 0x811c9dc5;
  const text = stable(ds.spec.template) + (ds.status?.collisionCount ? String(ds.status.collisionCount) : '');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h >>> 0)].map((c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('');
}

/** getPatch: the template with `$patch: replace`, under spec. */
function revisionData(ds: DaemonSet): unknown {
  return { spec: { template: { ...ds.spec.template, $patch: 'replace' } } };
}

export function templateGeneration(ds: DaemonSet): string {
  return ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? String(ds.metadata.generation ?? 1);
}

/** The DaemonSet's revisions, oldest first. */
export function revisionsOf(ctx: EngineContext, ds: DaemonSet): ControllerRevision[] {
  return (ctx.store.dependents(ds.metadata.uid!).filter((o) => o.kind === 'ControllerRevision') as ControllerRevision[]).sort((a, b) => a.revision - b.revision);
}

/**
 * constructHistory: the revision of the current template (created, or moved to the newest revision
 * number when an old template comes back, as `rollout undo` does) and its hash.
 */
export function currentRevision(ctx: EngineContext, ds: DaemonSet, cause: Cause): { hash: string; revision: ControllerRevision | undefined } {
  const hash = templateHash(ds);
  const history = revisionsOf(ctx, ds);
  const max = history.reduce((m, r) => Math.max(m, r.revision), 0);
  const data = revisionData(ds);
  const cur = history.find((r) => r.metadata.labels?.[REVISION_HASH_LABEL] === hash && deepEqual(r.data, data));
  if (cur) {
    if (cur.revision >= max) return { hash, revision: cur };
    return { hash, revision: ctx.store.update('ControllerRevision', { ...cur, revision: max + 1 }, cause) as ControllerRevision };
  }
  const revision: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name: `${ds.metadata.name}-${hash}`, namespace: ds.metadata.namespace, labels: { ...(ds.spec.template.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash }, ownerReferences: [ownerRefFor(ds)] },
    data,
    revision: max + 1,
  };
  if (ctx.store.get('ControllerRevision', ds.metadata.namespace, revision.metadata.name)) return { hash, revision: undefined };
  return { hash, revision: ctx.store.create('ControllerRevision', revision, cause) as ControllerRevision };
}

/** cleanupHistory: beyond revisionHistoryLimit, delete the oldest revisions no live pod still runs. */
export function cleanupHistory(ctx: EngineContext, ds: DaemonSet, liveHashes: Set<string>, currentName: string | undefined, cause: Cause): void {
  const limit = ds.spec.revisionHistoryLimit ?? 10;
  const old = revisionsOf(ctx, ds).filter((r) => r.metadata.name !== currentName && !liveHashes.has(r.metadata.labels?.[REVISION_HASH_LABEL] ?? ''));
  for (const r of old.slice(0, Math.max(0, old.length - limit))) ctx.store.delete('ControllerRevision', r.metadata.namespace, r.metadata.name, cause);
}
