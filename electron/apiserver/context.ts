/**
 * What every handler needs: the engine's store and runtime, the virtual clock, the body limit,
 * the hooks between stored objects and what clients see, plus the Cause that tells the cluster
 * view which client and command changed something.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { KubeObject } from '../../shared/k8s/objects';
import type { Cause } from '../../shared/sim/snapshot';
import type { PodRuntime, ResourceType, Store } from '../engine/api';
import { METRICS_TYPES, REVIEW_TYPES } from './catalog';
import { writeVerb } from './request-log';
import type { VirtualClock } from './clock';

export interface ApiContext {
  store: Store;
  runtime: PodRuntime;
  clock: VirtualClock;
  bodyLimit: number;
  /** Engine types plus the metrics.k8s.io types the server answers itself. */
  types(): readonly ResourceType[];
  /**
   * A stored object as a client sees it: as stored. Timestamps are on the one basis kubectl, logs
   * and the UI share (anchor + virtual ms), so nothing is shifted per read (clock.ts).
   */
  present<T>(value: T): T;
  /** An ObjectMeta for a Table row, as stored. */
  presentMetadata<T extends { creationTimestamp?: string; deletionTimestamp?: string }>(meta: T): T;
  /** A client's object (or patch) as the store takes it: its timestamps already are on the store's basis. */
  accept<T>(value: T): T;
  /** Registers a cleanup to run when the server closes (watches, log follows, exec sessions). */
  track(cleanup: () => void): () => void;
}

export function createContext(options: { store: Store; runtime: PodRuntime; clock: VirtualClock; bodyLimit: number }): ApiContext & { closeAll(): void; openCount(): number } {
  const cleanups = new Set<() => void>();
  let cachedTypes: readonly ResourceType[] | undefined;
  let cachedFrom: readonly ResourceType[] | undefined;
  return {
    ...options,
    types() {
      const engineTypes = options.store.resourceTypes();
      if (engineTypes !== cachedFrom || !cachedTypes) {
        cachedFrom = engineTypes;
        const own = new Set([...METRICS_TYPES, ...REVIEW_TYPES].map((t) => t.group));
        cachedTypes = [...engineTypes.filter((t) => !own.has(t.group)), ...METRICS_TYPES, ...REVIEW_TYPES];
      }
      return cachedTypes;
    },
    present: (value) => value,
    presentMetadata: (meta) => meta,
    accept: (value) => value,
    track(cleanup) {
      cleanups.add(cleanup);
      return () => cleanups.delete(cleanup);
    },
    openCount: () => cleanups.size,
    closeAll() {
      for (const cleanup of [...cleanups]) {
        cleanups.delete(cleanup);
        try {
          cleanup();
        } catch {
          // A failing cleanup must not keep the others from running.
        }
      }
    },
  };
}

/** The client program from its User-Agent: `kubectl/v1.32.4 (linux/amd64) ...` -> `kubectl`. */
export function clientName(req: IncomingMessage): string {
  const agent = String(req.headers['user-agent'] ?? '');
  const product = agent.split(/[\s/]/)[0] ?? '';
  if (product.startsWith('kubectl')) return 'kubectl';
  return /^[\w.-]{1,40}$/.test(product) ? product : 'api-client';
}

/** The subresource each handler's own verb writes (the rest write the resource itself). */
const SUBRESOURCE_OF: Record<string, string> = { 'update status': 'status', scale: 'scale', evict: 'eviction' };

/** The Kubernetes verb of a write, as kube-apiserver's request info names it (request-log.ts's verbOf). */
function requestVerb(req: IncomingMessage, verb: string): string {
  return verb === 'deletecollection' ? verb : (writeVerb(req.method) ?? verb);
}

/**
 * Each request's ID, as kube-apiserver's WithAuditInit gives it (staging/src/k8s.io/apiserver/
 * pkg/endpoints/filters/audit_init.go): the client's Audit-ID header when it sent one, else a new
 * UUID. Every write of one request (a deletecollection) carries the same ID.
 */
const requestIds = new WeakMap<IncomingMessage, string>();
export function requestIdOf(req: IncomingMessage): string {
  let id = requestIds.get(req);
  if (id === undefined) {
    const sent = String(req.headers['audit-id'] ?? '');
    requestIds.set(req, (id = /^[\w.-]{1,64}$/.test(sent) ? sent : randomUUID()));
  }
  return id;
}

/**
 * The Cause recorded with a write: who (client), what (kubectl's command, or the verb) and the
 * request itself as the reason, with its ID as what led to the change. kubectl names its command
 * in the Kubectl-Command header ("kubectl create deployment", "kubectl scale", "kubectl set image").
 */
export function causeOf(req: IncomingMessage, verb: string, target: string): Cause {
  const name = clientName(req);
  const header = String(req.headers['kubectl-command'] ?? '').slice(0, 80);
  const command = header && /^kubectl[\w -]*$/.test(header) ? header : undefined;
  const detail = command ?? `${name} ${verb} ${target}`.slice(0, 120);
  const sub = SUBRESOURCE_OF[verb];
  const resource = `${target.split('/')[0] ?? ''}${sub ? `/${sub}` : ''}`;
  const agent = String(req.headers['user-agent'] ?? '').slice(0, 120);
  return {
    actor: 'user',
    name,
    detail,
    reason: { code: 'ApiRequest', verb: requestVerb(req, verb), resource, ...(command ? { command } : {}), ...(agent ? { userAgent: agent } : {}) },
    by: { request: requestIdOf(req) },
  };
}

export function typeMetaOf(type: ResourceType): { apiVersion: string; kind: string } {
  return { apiVersion: type.group ? `${type.group}/${type.version}` : type.version, kind: type.kind };
}

export type { KubeObject };
