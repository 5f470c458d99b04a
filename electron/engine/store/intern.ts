/**
 * Structural sharing for stored objects: equal subtrees that many objects repeat (a ReplicaSet's
 * pods share containers, tolerations, labels, owner references and often conditions) are stored
 * once. Safe because stored objects are never mutated; it keeps a 150k-pod cluster's heap small.
 * Big ConfigMap and Secret data is shared by content, weakly, with history's decoded copies too.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import { SERVICE_ACCOUNT_VOLUME_PREFIX } from './admission';

const MAX_ENTRIES = 200_000;

/** ConfigMap and Secret data of at least this many characters is shared by content. */
const BIG_DATA_CHARS = 16 * 1024;
/** Single values of at least this size are taken from the previous version when unchanged. */
const BIG_VALUE_CHARS = 1024;
const DATA_FIELDS = ['data', 'binaryData'] as const;

/**
 * Big data maps by content digest, held weakly: a multi-megabyte ConfigMap re-created, updated
 * with an unchanged payload, or decoded from history while the live copy exists, is one object.
 * The table never keeps a value alive; an entry goes when its value is collected.
 */
class BigData {
  private table = new Map<string, WeakRef<Record<string, unknown>>>();
  private gone = new FinalizationRegistry<string>((key) => {
    if (this.table.get(key)?.deref() === undefined) this.table.delete(key);
  });

  share(data: Record<string, unknown>): Record<string, unknown> {
    let chars = 0;
    for (const v of Object.values(data)) if (typeof v === 'string') chars += v.length;
    if (chars < BIG_DATA_CHARS) return data;
    const key = digest(data);
    const found = this.table.get(key)?.deref();
    if (found && sameStrings(found, data)) return found;
    this.table.set(key, new WeakRef(data));
    this.gone.register(data, key);
    return data;
  }
}

function digest(data: Record<string, unknown>): string {
  const h = { a: 0x811c9dc5, b: 0x1b873593, n: 0 };
  for (const [k, v] of Object.entries(data)) {
    mix(h, k);
    mix(h, typeof v === 'string' ? v : JSON.stringify(v));
  }
  return `${(h.a >>> 0).toString(36)}.${(h.b >>> 0).toString(36)}.${h.n}`;
}

/** Hashes the text and a separator into h (the text is read in place, never concatenated). */
function mix(h: { a: number; b: number; n: number }, text: string): void {
  let { a, b } = h;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  h.a = a;
  h.b = b;
  h.n += text.length + 1;
}

function sameStrings(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (a[k] !== b[k] && JSON.stringify(a[k]) !== JSON.stringify(b[k])) return false;
  return true;
}

const bigData = new BigData();

/**
 * Shares the big data of a ConfigMap or Secret (in place, before it is stored or when decoded from
 * history): unchanged big values come from the previous version, and a whole data map equal to
 * one already held is replaced by it.
 */
export function shareBigData(obj: KubeObject, old: KubeObject | undefined): void {
  if (obj.kind !== 'ConfigMap' && obj.kind !== 'Secret') return;
  const o = obj as unknown as Record<string, unknown>;
  const prev = old as unknown as Record<string, unknown> | undefined;
  for (const field of DATA_FIELDS) {
    const data = o[field] as Record<string, unknown> | undefined;
    if (!data || typeof data !== 'object' || data === prev?.[field]) continue;
    const before = prev?.[field] as Record<string, unknown> | undefined;
    if (before) {
      for (const [k, v] of Object.entries(data)) if (typeof v === 'string' && v.length >= BIG_VALUE_CHARS && before[k] === v) data[k] = before[k];
    }
    o[field] = bigData.share(data);
  }
}

/**
 * Statuses of started containers carry a unique containerID: interning them would only add a key
 * string per pod to the table (150k of them in a large cluster) and never share anything.
 */
function hasContainerId(statuses: unknown): boolean {
  if (!Array.isArray(statuses)) return false;
  for (const s of statuses as { containerID?: string }[]) if (s?.containerID) return true;
  return false;
}

/**
 * The pod's own service-account volume is named `kube-api-access-<5 random chars>`, so the
 * containers that mount it and the volume list differ from pod to pod by that name alone.
 */
const POD_UNIQUE_NAME = new RegExp(`"${SERVICE_ACCOUNT_VOLUME_PREFIX}[a-z0-9]{5}"`);

export class Interner {
  private table = new Map<string, unknown>();

  value<T>(v: T): T {
    if (v === undefined || v === null || typeof v !== 'object') return v;
    return this.byKey(JSON.stringify(v), v);
  }

  /**
   * Like value(), but a subtree that names the pod's own service-account volume is rebuilt from
   * shared parts instead of being keyed whole (which would share nothing and add a key per pod):
   * a container keeps its image, probes, resources and env shared, only the list that holds the
   * pod's own mount is the pod's.
   */
  private parts<T>(v: T): T {
    if (v === undefined || v === null || typeof v !== 'object') return v;
    const key = JSON.stringify(v);
    if (!POD_UNIQUE_NAME.test(key)) return this.byKey(key, v);
    if (Array.isArray(v)) return v.map((x: unknown) => this.parts(x)) as T;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = this.parts(x);
    return out as T;
  }

  private byKey<T>(key: string, v: T): T {
    const found = this.table.get(key);
    if (found !== undefined) return found as T;
    if (this.table.size >= MAX_ENTRIES) this.table.clear();
    this.table.set(key, v);
    return v;
  }

  /** Replaces the commonly repeated subtrees of `obj` (in place, before it is stored). */
  object(obj: KubeObject, old: KubeObject | undefined): void {
    shareBigData(obj, old);
    const meta = obj.metadata;
    if (meta.labels && meta.labels !== old?.metadata.labels) meta.labels = this.value(meta.labels);
    if (meta.ownerReferences && meta.ownerReferences !== old?.metadata.ownerReferences) meta.ownerReferences = this.value(meta.ownerReferences);
    if (obj.kind !== 'Pod') return;
    const spec = obj.spec as Record<string, unknown> | undefined;
    const oldSpec = old?.spec as Record<string, unknown> | undefined;
    if (spec && spec !== oldSpec) {
      for (const k of ['containers', 'initContainers', 'tolerations', 'securityContext', 'volumes', 'nodeSelector', 'affinity']) if (spec[k] !== undefined && spec[k] !== oldSpec?.[k]) spec[k] = this.parts(spec[k]);
    }
    const status = obj.status as Record<string, unknown> | undefined;
    const oldStatus = old?.status as Record<string, unknown> | undefined;
    if (status && status !== oldStatus) {
      for (const k of ['conditions', 'containerStatuses', 'hostIPs']) if (status[k] !== undefined && status[k] !== oldStatus?.[k] && !(k === 'containerStatuses' && hasContainerId(status[k]))) status[k] = this.value(status[k]);
    }
  }
}
