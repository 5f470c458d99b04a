/**
 * Evaluates a lesson's declarative conditions (shared/lessons/model.ts) against the world the
 * learner acts on: the engine's store, the API requests received since the step began, the files
 * in the terminal's folder and the nodes' power. Pure reads: it runs on every engine delta, so it
 * lists only what a condition names (by kind, namespace and label selector, which the store indexes).
 */
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../../shared/k8s/objects';
import type { Condition, CountTest, FieldTest, Hint, ObjectQuery, RequestQuery } from '../../shared/lessons/model';
import type { Engine, Store } from '../engine/api';
import { controllerOf } from '../engine/controllers/podutil';
import type { ApiRequestRecord } from '../apiserver/request-log';
import { readField } from './field-path';

/** A request as the lesson saw it: with the controllers of the object it named, found when it came. */
export interface SeenRequest extends ApiRequestRecord {
  owners?: { kind: string; name: string }[];
}

export interface World {
  store: Pick<Store, 'list' | 'get'>;
  /** API requests answered since the active step began, oldest first. */
  requests: readonly SeenRequest[];
  /** A file of the terminal's folder by relative path; undefined when it does not exist. */
  readFile(path: string): string | undefined;
  nodeStates: Engine['nodeStates'];
}

export type ObjectsCondition = Extract<Condition, { objects: ObjectQuery }>;
export type NodeCondition = Extract<Condition, { node: unknown }>;

/** What an objects condition looked at: the objects its query matched, and the owner's ReplicaSets. */
export interface ObjectsScan {
  seen: Set<string>;
  ownerReplicaSets?: Set<string>;
}

/** Remembers leaf results between evaluations while nothing they depend on changed (leaf-memo.ts). */
export interface LeafCache {
  objects(leaf: ObjectsCondition, compute: (scan: ObjectsScan) => boolean): boolean;
  node(leaf: NodeCondition, compute: () => boolean): boolean;
}

export function evaluate(condition: Condition, world: World, cache?: LeafCache): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluate(c, world, cache));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, world, cache));
  if ('not' in condition) return !evaluate(condition.not, world, cache);
  if ('objects' in condition) {
    if (cache) return cache.objects(condition, (scan) => objectsHold(condition.objects, condition.where, condition.count, world, scan));
    return objectsHold(condition.objects, condition.where, condition.count, world);
  }
  if ('request' in condition) return world.requests.some((r) => requestMatches(condition.request, r));
  if ('file' in condition) {
    const text = world.readFile(condition.file.path);
    if (text === undefined) return false;
    if (condition.file.contains !== undefined && !text.includes(condition.file.contains)) return false;
    if (condition.file.parses !== undefined && parsesAsYaml(text) !== condition.file.parses) return false;
    return true;
  }
  if (cache) return cache.node(condition, () => nodeHolds(condition.node, world));
  return nodeHolds(condition.node, world);
}

/** The hints to offer: those whose `when` holds while the step's check is false. */
export function chooseHints(check: Condition, hints: readonly Hint[], world: World, cache?: LeafCache): string[] {
  if (evaluate(check, world, cache)) return [];
  return hints.filter((h) => evaluate(h.when, world, cache)).map((h) => h.id);
}

function objectsHold(query: ObjectQuery, where: FieldTest[] | undefined, count: CountTest | undefined, world: World, scan?: ObjectsScan): boolean {
  let items: readonly KubeObject[];
  try {
    items = world.store.list(query.kind, { ...(query.namespace !== undefined ? { namespace: query.namespace } : {}), ...(query.labelSelector ? { labelSelector: query.labelSelector } : {}) }).items;
  } catch {
    return false; // an unknown kind: nothing matches
  }
  const owned = query.ownedBy ? ownerFilter(world.store, query.namespace, query.ownedBy, scan) : undefined;
  const min = count?.equals ?? count?.min ?? 1;
  const max = count?.equals ?? count?.max ?? Infinity;
  let n = 0;
  for (const object of items) {
    if (query.name !== undefined && object.metadata.name !== query.name) continue;
    if (owned && !owned(object)) continue;
    scan?.seen.add(object.metadata.uid ?? `${object.metadata.namespace}/${object.metadata.name}`);
    if (where && !where.every((t) => fieldHolds(t, object))) continue;
    n++;
    // Past the minimum with no maximum to watch for, the rest need not be looked at.
    if (n >= min && max === Infinity) return true;
    if (n > max) return false;
  }
  return n >= min && n <= max;
}

/**
 * Whether an object is controlled by `owner`, directly or through a ReplicaSet it controls. The
 * owner's ReplicaSets are listed once per evaluation (not looked up per object: a Deployment's
 * pods share a handful of ReplicaSets).
 */
function ownerFilter(store: Pick<Store, 'list'>, namespace: string | undefined, owner: { kind: string; name: string }, scan?: ObjectsScan): (o: KubeObject) => boolean {
  const isOwner = (ref: { kind: string; name: string } | undefined) => !!ref && ref.kind === owner.kind && ref.name === owner.name;
  const sets = new Set<string>();
  if (owner.kind !== 'ReplicaSet') {
    for (const rs of store.list('ReplicaSet', namespace !== undefined ? { namespace } : {}).items) {
      if (isOwner(controllerOf(rs))) sets.add(`${rs.metadata.namespace}/${rs.metadata.name}`);
    }
  }
  if (scan) scan.ownerReplicaSets = sets;
  return (o) => {
    const ref = controllerOf(o);
    if (!ref) return false;
    return isOwner(ref) || (ref.kind === 'ReplicaSet' && sets.has(`${o.metadata.namespace}/${ref.name}`));
  };
}

/**
 * The controllers above an object, nearest first (a pod's ReplicaSet, then its Deployment),
 * following `controller: true` owner references the way kubectl and the garbage collector do.
 */
export function controllerChain(store: Pick<Store, 'get'>, object: KubeObject): { kind: string; name: string }[] {
  const chain: { kind: string; name: string }[] = [];
  let current: KubeObject | undefined = object;
  for (let depth = 0; current && depth < 4; depth++) {
    const ref = controllerOf(current);
    if (!ref) break;
    chain.push({ kind: ref.kind, name: ref.name });
    current = ref.kind === 'ReplicaSet' ? store.get('ReplicaSet', current.metadata.namespace, ref.name) : undefined;
  }
  return chain;
}

function requestMatches(q: RequestQuery, r: SeenRequest): boolean {
  if (q.verb !== r.verb || q.resource !== r.resource) return false;
  if (q.subresource !== undefined && q.subresource !== r.subresource) return false;
  if (q.namespace !== undefined && q.namespace !== r.namespace) return false;
  if (q.name !== undefined && q.name !== r.name) return false;
  if (q.status !== undefined && q.status !== r.status) return false;
  if (q.ownedBy && !(r.owners ?? []).some((o) => o.kind === q.ownedBy!.kind && o.name === q.ownedBy!.name)) return false;
  return true;
}

const patterns = new Map<string, RegExp>();

function pattern(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source)));
  return re;
}

function asText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  // YAML authors write `equals: "2"` or `equals: 2` alike for a replica count.
  return String(a) === String(b);
}

export function fieldHolds(test: FieldTest, object: unknown): boolean {
  const value = readField(object, test.path);
  if (test.exists !== undefined && (value !== undefined) !== test.exists) return false;
  if (test.equals !== undefined && !sameValue(value, test.equals)) return false;
  if (test.equalsPath !== undefined && !sameValue(value, readField(object, test.equalsPath))) return false;
  if (test.matches !== undefined && (value === undefined || !pattern(test.matches).test(asText(value)))) return false;
  if (test.gte !== undefined && !(typeof value === 'number' || typeof value === 'string' ? Number(value) >= test.gte : false)) return false;
  if (test.lte !== undefined && !(typeof value === 'number' || typeof value === 'string' ? Number(value) <= test.lte : false)) return false;
  return true;
}

function nodeHolds(q: { name: string; powered?: boolean; ready?: boolean }, world: World): boolean {
  const node = world.store.get('Node', undefined, q.name);
  if (!node) return false;
  if (q.powered !== undefined) {
    const state = world.nodeStates().find((s) => s.name === q.name);
    if ((state?.powered ?? true) !== q.powered) return false;
  }
  if (q.ready !== undefined) {
    const conditions = (node.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
    const ready = conditions.some((c) => c.type === 'Ready' && c.status === 'True');
    if (ready !== q.ready) return false;
  }
  return true;
}

function parsesAsYaml(text: string): boolean {
  try {
    parseYaml(text);
    return true;
  } catch {
    return false;
  }
}
