/**
 * metadata.managedFields as kube-apiserver 1.32 keeps them (apimachinery pkg/util/managedfields and
 * structured-merge-diff merge.Updater): every write records which manager set which fields. An
 * Update (create, PUT, patch, scale, status) takes the fields it added or changed from every other
 * manager; an Apply takes the fields of its configuration, fails with conflicts where another
 * manager owns a field it would change (unless forced), and removes the fields it applied before
 * and no longer applies when nobody else owns them.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import { StatusError } from '../api';
import { deepEqual } from '../util/objects';
import { FieldSet, fromFieldsV1, pathString, toFieldsV1, type FieldsV1 } from './managed-fields-set';
import { rootShape, type Shape } from './managed-fields-schema';
import { compare, merge, removeItems, toFieldSet } from './managed-fields-typed';

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: 'FieldsV1';
  fieldsV1?: FieldsV1;
  subresource?: string;
}

interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource: string;
  time: string | undefined;
  set: FieldSet;
}

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** managedfields/internal/capmanagers.go: DefaultMaxUpdateManagers and the bucket's name. */
const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = 'ancient-changes';
/** fieldmanager.go: the manager of the fields an object had before its first apply. */
const BEFORE_FIRST_APPLY = 'before-first-apply';

// stripmeta.go: fields no manager owns.
const STRIPPED = FieldSet.of(
  ['f:apiVersion'],
  ['f:kind'],
  ['f:metadata'],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => ['f:metadata', `f:${f}`]),
);
const STATUS = FieldSet.of(['f:status']);

/** BuildManagerIdentifier: appliers are one manager whatever apiVersion they applied. */
function identity(m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify([m.manager, m.operation, m.operation === 'Apply' ? '' : m.apiVersion, m.subresource]);
}

/** DecodeManagedFields: undefined when an entry is not one the API server wrote. */
export function decodeManagedFields(value: unknown): Map<string, Manager> | undefined {
  if (!Array.isArray(value)) return value === undefined || value === null ? new Map() : undefined;
  const out = new Map<string, Manager>();
  for (const entry of value as ManagedFieldsEntry[]) {
    if (!entry || typeof entry !== 'object') return undefined;
    if (entry.operation !== 'Apply' && entry.operation !== 'Update') return undefined;
    if (typeof entry.apiVersion !== 'string' || entry.apiVersion === '') return undefined;
    if (entry.fieldsType !== 'FieldsV1') return undefined;
    let set: FieldSet;
    try {
      set = fromFieldsV1(entry.fieldsV1 ?? {});
    } catch {
      return undefined;
    }
    const manager: Manager = {
      manager: typeof entry.manager === 'string' ? entry.manager : '',
      operation: entry.operation,
      apiVersion: entry.apiVersion,
      subresource: typeof entry.subresource === 'string' ? entry.subresource : '',
      time: typeof entry.time === 'string' ? entry.time : undefined,
      set,
    };
    out.set(identity(manager), manager);
  }
  return out;
}

/** A request's managedFields of only empty entries (`[{}]`): the client asks to clear them. */
function isReset(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((e) => e && typeof e === 'object' && !Array.isArray(e) && Object.keys(e).length === 0);
}

/** Entries in the order sortEncodedManagedFields gives: operation, time, manager, apiVersion, subresource. */
export function encodeManagedFields(managers: Map<string, Manager>): ManagedFieldsEntry[] | undefined {
  const list = [...managers.values()].filter((m) => !m.set.empty());
  if (list.length === 0) return undefined;
  const seconds = (t: string | undefined): number => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  list.sort((p, q) => cmp(p.operation, q.operation) || seconds(p.time) - seconds(q.time) || cmp(p.manager, q.manager) || cmp(p.apiVersion, q.apiVersion) || cmp(p.subresource, q.subresource));
  return list.map((m) => {
    const entry: ManagedFieldsEntry = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
    if (m.time) entry.time = m.time;
    entry.fieldsType = 'FieldsV1';
    entry.fieldsV1 = toFieldsV1(m.set);
    if (m.subresource) entry.subresource = m.subresource;
    return entry;
  });
}

/** The fields a write through this subresource may own (the strategies' GetResetFields). */
function ownable(set: FieldSet, hasStatus: boolean, subresource: string): FieldSet {
  const stripped = set.difference(STRIPPED);
  if (subresource === 'status') return stripped.onlyPrefixes(STATUS);
  return hasStatus ? stripped.withoutPrefixes(STATUS) : stripped;
}

function withoutManagedFields(object: KubeObject): KubeObject {
  if (!('managedFields' in (object.metadata ?? {}))) return object;
  const { managedFields: _dropped, ...metadata } = object.metadata;
  return { ...object, metadata };
}

function shapeOf(object: KubeObject): Shape {
  return rootShape(object.apiVersion, object.kind);
}

/** capmanagers.go: past ten Update managers, the oldest are merged into one `ancient-changes` entry. */
function capManagers(managers: Map<string, Manager>): void {
  const updates = [...managers.values()].filter((m) => m.operation === 'Update');
  if (updates.length <= MAX_UPDATE_MANAGERS) return;
  updates.sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''));
  for (const oldest of updates.slice(0, updates.length - MAX_UPDATE_MANAGERS + 1)) {
    if (oldest.manager === ANCIENT_CHANGES) continue;
    managers.delete(identity(oldest));
    const bucket: Manager = { manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: oldest.apiVersion, subresource: '', time: oldest.time, set: new FieldSet() };
    const existing = managers.get(identity(bucket)) ?? bucket;
    existing.set = existing.set.union(oldest.set);
    if (oldest.time && (!existing.time || oldest.time > existing.time)) existing.time = oldest.time;
    managers.set(identity(existing), existing);
  }
}

export interface UpdateRequest {
  /** The stored object, or undefined on create. */
  old: KubeObject | undefined;
  /** The object to store, defaulted, with the client's managedFields (if any) still in it. */
  next: KubeObject;
  manager: string;
  /** 'status', 'scale' or '' for the main resource. */
  subresource: string;
  hasStatus: boolean;
  /** The write's time, formatted as the store formats timestamps. */
  time: string;
}

/** The managedFields after an Update operation (FieldManager.UpdateNoErrors). */
export function managedFieldsAfterUpdate(request: UpdateRequest): ManagedFieldsEntry[] | undefined {
  const { old, next, subresource } = request;
  const incoming = next.metadata?.managedFields;
  const live = (): Map<string, Manager> => decodeManagedFields(old?.metadata.managedFields) ?? new Map();
  // decodeLiveOrNew: a client that sends none (or garbage) keeps the stored ones; `[{}]` clears them.
  let managers: Map<string, Manager>;
  if (subresource) managers = live();
  // skipNonAppliedManager: with no entries left, an update of an existing object is not tracked.
  else if (isReset(incoming)) return undefined;
  else {
    const decoded = decodeManagedFields(incoming);
    managers = decoded && decoded.size > 0 ? decoded : live();
  }
  // Upstream does not track an update of an object that has no entries either, but every object
  // there has them from its creation; here the controllers' objects (pods of a ReplicaSet) have
  // none (store.ts), so a user's write to one is recorded rather than lost.

  const before: KubeObject = old ? withoutManagedFields(old) : { apiVersion: next.apiVersion, kind: next.kind, metadata: { name: '' } };
  // A status write owns nothing outside status: only that part is compared (kubelets write often).
  const diff = subresource === 'status' ? compare({ status: before.status }, { status: next.status }, shapeOf(next)) : compare(before, withoutManagedFields(next), shapeOf(next), !old);
  const changed = ownable(diff.added.union(diff.modified), request.hasStatus, subresource);
  const removed = ownable(diff.removed, request.hasStatus, subresource);
  for (const other of managers.values()) other.set = other.set.difference(changed).difference(removed);
  if (!changed.empty()) {
    const self: Manager = { manager: request.manager, operation: 'Update', apiVersion: next.apiVersion, subresource, time: request.time, set: changed };
    const previous = managers.get(identity(self));
    if (previous) self.set = previous.set.union(changed);
    managers.set(identity(self), self);
  }
  for (const [id, m] of managers) if (m.set.empty()) managers.delete(id);
  capManagers(managers);
  return encodeManagedFields(managers);
}

export interface Conflict {
  manager: Manager;
  path: string[];
}

/** printManager in apimachinery managedfields/internal/conflict.go. */
function printManager(m: Manager): string {
  let out = JSON.stringify(m.manager);
  if (m.subresource) out += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') out += ` using ${m.apiVersion}`;
  return out;
}

/** Set.Iterate order: a node's member children first, then the children that have children. */
function iterate(set: FieldSet, prefix: string[] = [], out: string[][] = []): string[][] {
  const keys = [...set.children.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const key of keys) if (set.children.get(key)!.member) out.push([...prefix, key]);
  for (const key of keys) {
    const child = set.children.get(key)!;
    if (child.children.size > 0) iterate(child, [...prefix, key], out);
  }
  return out;
}

/** NewConflictError: 409 Conflict, the causes typed FieldManagerConflict. */
export function conflictError(conflicts: Conflict[]): StatusError {
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0]!.manager)}: ${pathString(conflicts[0]!.path)}`;
  } else {
    const byManager = new Map<string, Conflict[]>();
    for (const c of conflicts) byManager.set(identity(c.manager), [...(byManager.get(identity(c.manager)) ?? []), c]);
    const lines: string[] = [];
    // Go sorts the managers' JSON identifiers.
    for (const id of [...byManager.keys()].sort((a, b) => (jsonIdentifier(a) < jsonIdentifier(b) ? -1 : 1))) {
      const group = byManager.get(id)!;
      lines.push(`conflicts with ${printManager(group[0]!.manager)}:`);
      for (const c of group) lines.push(`- ${pathString(c.path)}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Conflict',
    details: { causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.manager)}`, field: pathString(c.path) })) },
    code: 409,
  });
}

/** The identifier as Go's json.Marshal of a ManagedFieldsEntry writes it (what upstream sorts). */
function jsonIdentifier(id: string): string {
  const [manager, operation, apiVersion, subresource] = JSON.parse(id) as string[];
  const entry: Record<string, string> = { manager: manager! , operation: operation! };
  if (apiVersion) entry.apiVersion = apiVersion;
  if (subresource) entry.subresource = subresource;
  return JSON.stringify(entry);
}

export interface ApplyRequest {
  /** The stored object, or undefined when apply creates it. */
  live: KubeObject | undefined;
  /** The applied configuration (apiVersion, kind and metadata normalised). */
  config: KubeObject;
  manager: string;
  force: boolean;
  subresource: string;
  hasStatus: boolean;
  time: string;
}

export interface ApplyResult {
  object: KubeObject;
  /** False when the apply leaves the object as it was (the applier's time is then kept). */
  changed: boolean;
}

/** The allowed conflicts of lastappliedmanager.go: fields whose live value is still the last client-side applied one. */
function allowedFromLastApplied(live: KubeObject, shape: Shape): FieldSet | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  let last: unknown;
  try {
    last = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!last || typeof last !== 'object') return undefined;
  const diff = compare(last, withoutManagedFields(live), shape);
  return toFieldSet(last, shape).difference(diff.modified).difference(diff.added).difference(diff.removed);
}

function applyOnce(request: ApplyRequest, force: boolean): { object: KubeObject; managers: Map<string, Manager>; conflicts: Conflict[] } {
  const { live, config, subresource, hasStatus } = request;
  const shape = shapeOf(config);
  let managers = decodeManagedFields(live?.metadata.managedFields) ?? new Map<string, Manager>();
  const before: KubeObject = live ? withoutManagedFields(live) : { apiVersion: config.apiVersion, kind: config.kind, metadata: { name: '' } };
  if (live && managers.size === 0) {
    // skipNonAppliedManager: the fields of an object nobody is recorded for belong to "before-first-apply".
    managers = decodeManagedFields(managedFieldsAfterUpdate({ old: undefined, next: before, manager: BEFORE_FIRST_APPLY, subresource: '', hasStatus, time: request.time })) ?? managers;
  }
  const merged = merge(before, config, shape) as KubeObject;
  const self: Manager = { manager: request.manager, operation: 'Apply', apiVersion: config.apiVersion, subresource, time: undefined, set: ownable(toFieldSet(config, shape), hasStatus, subresource) };
  const id = identity(self);
  const last = managers.get(id);
  self.time = last?.time;
  managers.set(id, self);
  // prune: what this manager applied before and applies no more goes, unless someone owns it.
  let object = merged;
  if (last && !last.set.empty()) {
    let owned = new FieldSet();
    for (const m of managers.values()) owned = owned.union(m.set);
    object = removeItems(merged, last.set.difference(owned), owned, shape) as KubeObject;
  }
  const diff = compare(before, object, shape);
  const changed = ownable(diff.modified.union(diff.added), hasStatus, subresource);
  const removed = ownable(diff.removed, hasStatus, subresource);
  const conflicts: Conflict[] = [];
  for (const [otherId, other] of managers) {
    if (otherId === id) continue;
    const taken = other.set.intersection(changed);
    for (const path of iterate(taken)) conflicts.push({ manager: other, path });
    if (force) other.set = other.set.difference(taken);
    other.set = other.set.difference(removed);
  }
  for (const [key, m] of managers) if (m.set.empty()) managers.delete(key);
  return { object, managers, conflicts };
}

/** Server-side apply (FieldManager.Apply with the last-applied upgrade and sync of kubectl). */
export function applyConfiguration(request: ApplyRequest): ApplyResult {
  let result = applyOnce(request, request.force);
  if (!request.force && result.conflicts.length > 0) {
    // An object kubectl applied client-side upgrades to server-side apply without conflicts on
    // the fields whose values are still the ones it last applied.
    const allowed = request.manager === 'kubectl' && request.live ? allowedFromLastApplied(request.live, shapeOf(request.config)) : undefined;
    const remaining = allowed ? result.conflicts.filter((c) => !allowed.has(c.path)) : result.conflicts;
    if (remaining.length > 0) throw conflictError(remaining);
    result = applyOnce(request, true);
  }
  const before = request.live ? withoutManagedFields(request.live) : undefined;
  const changed = !before || !deepEqual(before, result.object);
  const self = [...result.managers.values()].find((m) => m.operation === 'Apply' && m.manager === request.manager && m.subresource === request.subresource);
  if (self && changed) self.time = request.time;
  const object = structuredClone(result.object);
  // lastappliedupdater.go: kubectl's server-side apply keeps an existing client-side annotation in step.
  if (request.manager === 'kubectl' && request.live?.metadata.annotations?.[LAST_APPLIED] !== undefined) {
    const applied = structuredClone(request.config);
    if (applied.metadata.annotations) {
      delete applied.metadata.annotations[LAST_APPLIED];
    }
    object.metadata.annotations = { ...(object.metadata.annotations ?? {}), [LAST_APPLIED]: `${JSON.stringify(sortKeys(applied))}\n` };
  }
  const entries = encodeManagedFields(result.managers);
  if (entries) object.metadata.managedFields = entries;
  else delete object.metadata.managedFields;
  return { object, changed };
}

/** encoding/json writes map keys sorted. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
