/**
 * The DaemonSet controller (pkg/controller/daemon, Kubernetes 1.32): level-triggered, fed by
 * DaemonSet, Pod and Node changes through the work queue. Each sync makes the history revision of
 * the current template, claims matching pods, keeps one daemon pod on every eligible node (creating
 * it pinned by node affinity for the default scheduler to bind, deleting it where the node no longer
 * qualifies), runs the RollingUpdate step (rolling.ts), and writes status only when it changed.
 */
import type { DaemonSet, Node, Pod } from '../../../../shared/k8s/objects';
import { labelSelectorMatches } from '../../../../shared/k8s/labels';
import type { Reason } from '../../../../shared/sim/cause';
import type { Cause } from '../../../../shared/sim/snapshot';
import { StatusError } from '../../api';
import type { EngineContext } from '../../context';
import { clone, deepEqual } from '../../util/objects';
import { syncErrorHandler } from '../guard';
import { controllerOf, isPodAvailable, isPodReady, ownerRefFor } from '../podutil';
import { WorkQueue } from '../workqueue';
import { daemonPodTolerations, nodeShouldRunDaemonPod, pinnedAffinity, targetNodeOf, type Eligibility } from './eligibility';
import { REVISION_HASH_LABEL, TEMPLATE_GENERATION_LABEL, cleanupHistory, currentRevision, templateGeneration } from './history';
import { rollingUpdateStep, isPodUpdated } from './rolling';

const CAUSE: Cause = { actor: 'controller', name: 'daemonset-controller' };
const STATUS_CAUSE: Cause = { ...CAUSE, detail: 'status', reason: { code: 'ObservedStatus' } };
const SOURCE = { component: 'daemonset-controller' };

type Why = Extract<Reason, { code: 'DaemonSetNodePod' }>['why'];

/** What one sync knows about a DaemonSet: its nodes, their eligibility and the daemon pods on each. */
export interface DaemonView {
  ds: DaemonSet;
  hash: string;
  generation: string;
  nodes: Node[];
  eligible: Map<string, Eligibility>;
  /** Node name -> the DaemonSet's pods there (not terminal-and-deleting), oldest first. */
  podsByNode: Map<string, Pod[]>;
}

export class DaemonSetController {
  readonly queue: WorkQueue;

  constructor(private ctx: EngineContext) {
    const onError = syncErrorHandler(ctx, 'daemonset-controller', 'DaemonSet');
    this.queue = new WorkQueue(ctx.clock, 2, (key) => this.sync(key), onError);
    ctx.store.onChange((c) => {
      const o = c.object;
      if (o.kind === 'DaemonSet') this.queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
      else if (o.kind === 'Node') {
        // A node added, relabelled, tainted or gone changes where daemon pods belong.
        if (c.type === 'MODIFIED' && c.old && deepEqual(c.old.metadata.labels, o.metadata.labels) && deepEqual((c.old as Node).spec?.taints, (o as Node).spec?.taints)) return;
        this.enqueueAll();
      } else if (o.kind === 'Pod') {
        const ref = controllerOf(o) ?? (c.old && controllerOf(c.old));
        if (ref?.kind === 'DaemonSet') this.queue.add(`${o.metadata.namespace}/${ref.name}`);
        else if (!ref && c.type !== 'DELETED') {
          for (const ds of ctx.store.all('DaemonSet', o.metadata.namespace) as DaemonSet[]) {
            if (labelSelectorMatches(ds.spec.selector, o.metadata.labels)) this.queue.add(`${ds.metadata.namespace}/${ds.metadata.name}`);
          }
        }
      }
    });
  }

  private enqueueAll(): void {
    for (const ds of this.ctx.store.all('DaemonSet') as DaemonSet[]) this.queue.add(`${ds.metadata.namespace}/${ds.metadata.name}`);
  }

  sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const store = this.ctx.store;
    const ds = store.get('DaemonSet', ns, name) as DaemonSet | undefined;
    if (!ds || ds.metadata.deletionTimestamp) return;
    const { hash, revision } = currentRevision(this.ctx, ds, { ...CAUSE, detail: 'history' });
    this.adoptOrphans(ds);
    let view = this.view(ds, hash);
    if (this.manage(view)) view = this.view(ds, hash);
    if ((ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const step = rollingUpdateStep(view, this.ctx.clock);
      for (const pod of step.deletePods) this.deletePod(view.ds, pod, 'outdated');
      for (const node of step.createOn) this.createPod(view, node, 'outdated');
      if (step.deletePods.length || step.createOn.length) view = this.view(ds, hash);
    }
    const live = new Set<string>();
    for (const pods of view.podsByNode.values()) for (const p of pods) live.add(p.metadata.labels?.[REVISION_HASH_LABEL] ?? '');
    cleanupHistory(this.ctx, ds, live, revision?.metadata.name, { ...CAUSE, detail: 'history' });
    this.writeStatus(view);
  }

  private adoptOrphans(ds: DaemonSet): void {
    for (const pod of this.ctx.store.orphans('Pod', ds.metadata.namespace ?? 'default') as Pod[]) {
      if (controllerOf(pod) || pod.metadata.deletionTimestamp || !labelSelectorMatches(ds.spec.selector, pod.metadata.labels)) continue;
      this.ctx.store.update('Pod', { ...pod, metadata: { ...pod.metadata, ownerReferences: [...(pod.metadata.ownerReferences ?? []), ownerRefFor(ds)] } }, { ...CAUSE, detail: 'adopt', reason: { code: 'Adopted', owner: { kind: 'DaemonSet', name: ds.metadata.name } } });
    }
  }

  private view(ds: DaemonSet, hash: string): DaemonView {
    const tolerations = daemonPodTolerations(ds.spec.template.spec);
    const nodes = (this.ctx.store.all('Node') as Node[]).slice().sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    const eligible = new Map<string, Eligibility>();
    for (const n of nodes) eligible.set(n.metadata.name, nodeShouldRunDaemonPod(n, ds, tolerations));
    const podsByNode = new Map<string, Pod[]>();
    for (const f of this.ctx.store.podsOfController(ds.metadata.uid!).values()) {
      const pod = f.pod;
      const terminal = pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded';
      if (terminal && pod.metadata.deletionTimestamp) continue;
      const node = targetNodeOf(pod.spec);
      if (!node) continue;
      let list = podsByNode.get(node);
      if (!list) podsByNode.set(node, (list = []));
      list.push(pod);
    }
    for (const list of podsByNode.values()) list.sort(byCreationThenName);
    return { ds, hash, generation: templateGeneration(ds), nodes, eligible, podsByNode };
  }

  /** manage + podsShouldBeOnNode: the creations and deletions that put one pod on each eligible node. Whether it wrote. */
  private manage(view: DaemonView): boolean {
    let wrote = false;
    for (const node of view.nodes) {
      const n = node.metadata.name;
      const { shouldRun, shouldContinueRunning } = view.eligible.get(n)!;
      const pods = (view.podsByNode.get(n) ?? []).filter((p) => !p.metadata.deletionTimestamp);
      if (shouldRun && pods.length === 0) {
        wrote = this.createPod(view, n, 'missing') || wrote;
      } else if (shouldContinueRunning) {
        const running: Pod[] = [];
        for (const p of pods) {
          if (p.status?.phase === 'Failed') {
            // A failed daemon pod is deleted; the next sync creates its replacement.
            this.deletePod(view.ds, p, 'failed');
            wrote = true;
          } else running.push(p);
        }
        if (running.length > 1) {
          // Keep the oldest pod (and, mid-surge, the oldest one of each template); delete the rest.
          const keep = new Set<Pod>();
          const updated = running.find((p) => isPodUpdated(p, view.hash, view.generation));
          const old = running.find((p) => !isPodUpdated(p, view.hash, view.generation));
          if (updated && old && (view.ds.spec.updateStrategy?.rollingUpdate?.maxSurge ?? 0) !== 0) keep.add(updated).add(old);
          else keep.add(running[0]!);
          for (const p of running) if (!keep.has(p)) {
            this.deletePod(view.ds, p, 'duplicate');
            wrote = true;
          }
        }
      } else {
        for (const p of pods) {
          this.deletePod(view.ds, p, 'notEligible');
          wrote = true;
        }
      }
    }
    return wrote;
  }

  private createPod(view: DaemonView, node: string, why: Why): boolean {
    const ds = view.ds;
    const template = clone(ds.spec.template);
    const spec = template.spec;
    spec.tolerations = daemonPodTolerations(spec);
    spec.affinity = pinnedAffinity(spec.affinity, node);
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: '',
        generateName: `${ds.metadata.name}-`,
        namespace: ds.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: view.hash, [TEMPLATE_GENERATION_LABEL]: view.generation },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [ownerRefFor(ds)],
      },
      spec,
      status: {},
    };
    const cause: Cause = { ...CAUSE, detail: `create pod for ${ds.metadata.name} on ${node}`, reason: { code: 'DaemonSetNodePod', daemonSet: ds.metadata.name, node, action: 'create', why } };
    try {
      const created = this.ctx.store.create('Pod', pod, cause);
      this.ctx.events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
      return true;
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      this.ctx.events.record(ds, 'Warning', 'FailedCreate', `Error creating: ${e.status.message ?? ''}`, SOURCE);
      return false;
    }
  }

  private deletePod(ds: DaemonSet, pod: Pod, why: Why): void {
    const node = targetNodeOf(pod.spec) ?? '';
    try {
      this.ctx.store.delete('Pod', pod.metadata.namespace, pod.metadata.name, { ...CAUSE, detail: `delete pod of ${ds.metadata.name} on ${node}`, reason: { code: 'DaemonSetNodePod', daemonSet: ds.metadata.name, node, action: 'delete', why } });
      this.ctx.events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, SOURCE);
    } catch (e) {
      if (!(e instanceof StatusError) || e.status.code !== 404) throw e;
    }
  }

  /** updateDaemonSetStatus: counts over the nodes, from the oldest daemon pod of each. */
  private writeStatus(view: DaemonView): void {
    const ds = (this.ctx.store.get('DaemonSet', view.ds.metadata.namespace, view.ds.metadata.name) as DaemonSet | undefined) ?? view.ds;
    if (ds.metadata.uid !== view.ds.metadata.uid) return;
    const minReady = ds.spec.minReadySeconds ?? 0;
    let desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
    let waitingForAvailable = false;
    for (const node of view.nodes) {
      const pods = view.podsByNode.get(node.metadata.name) ?? [];
      if (!view.eligible.get(node.metadata.name)!.shouldRun) {
        if (pods.length) misscheduled++;
        continue;
      }
      desired++;
      if (!pods.length) continue;
      current++;
      const pod = pods.slice().sort(byCreationAndPhase)[0]!;
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, minReady, this.ctx.clock)) available++;
        else waitingForAvailable = true;
      }
      if (isPodUpdated(pod, view.hash, view.generation)) updated++;
    }
    const status: DaemonSet['status'] = {
      ...(ds.status ?? {}),
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
      observedGeneration: ds.metadata.generation ?? 1,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      numberUnavailable: desired - available,
    };
    // omitempty in apps/v1 DaemonSetStatus.
    for (const k of ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'] as const) if (status[k] === 0) delete status[k];
    if (!deepEqual(status, ds.status)) this.ctx.store.update('DaemonSet', { ...ds, status }, STATUS_CAUSE, { subresource: 'status', trusted: true });
    if (waitingForAvailable) this.queue.addAfter(`${ds.metadata.namespace}/${ds.metadata.name}`, minReady * 1000);
  }
}

function byCreationThenName(a: Pod, b: Pod): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : 1;
}

/** podByCreationTimestampAndPhase: pods bound to a node first, then oldest first. */
function byCreationAndPhase(a: Pod, b: Pod): number {
  if (!!a.spec.nodeName !== !!b.spec.nodeName) return a.spec.nodeName ? -1 : 1;
  return byCreationThenName(a, b);
}
