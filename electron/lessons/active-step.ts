/**
 * The step a learner is on: its checkpoint (the event-log frame where it began), the API requests
 * answered since then, and the latest verdict of its check and hints. Only this step is evaluated,
 * so the cost per cluster change is one check and its few hints, whatever the lesson holds. Used by
 * the lessons service and by `npm run lessons:check` alike, so both judge a step the same way.
 */
import type { LessonStep } from '../../shared/lessons/model';
import type { ApiRequestRecord } from '../apiserver/request-log';
import type { ClusterDelta } from '../../shared/sim/snapshot';
import type { Engine } from '../engine/api';
import { controllerChain, evaluate, type SeenRequest, type World } from './evaluate';
import { LeafMemo } from './leaf-memo';

/** Requests kept per step: enough for any check, bounded against a script hammering the server. */
const MAX_REQUESTS = 2000;
const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
/**
 * Virtual time an accepted write is given to make the check true before it counts as a failed try
 * (a Deployment needs a few seconds to become available); a refused write counts at once.
 */
export const TRY_GRACE_MS = 15_000;

export interface Verdict {
  done: boolean;
  hints: string[];
  triedAndFailed: boolean;
}

export interface ActiveStepOptions {
  engine: Pick<Engine, 'store' | 'nodeStates' | 'now'>;
  readFile(path: string): string | undefined;
}

export class ActiveStep {
  private requests: SeenRequest[] = [];
  private lastTry: { at: number; refused: boolean } | undefined;
  private world: World;
  private memo: LeafMemo;
  verdict: Verdict = { done: false, hints: [], triedAndFailed: false };

  constructor(
    readonly step: LessonStep,
    /** The frame the step began at; "reset this step" rewinds here. */
    public checkpoint: number,
    private options: ActiveStepOptions,
  ) {
    const requests = this.requests;
    this.memo = new LeafMemo(() => options.engine.nodeStates());
    this.world = {
      get store() {
        return options.engine.store;
      },
      requests,
      readFile: (path) => options.readFile(path),
      nodeStates: () => options.engine.nodeStates(),
    };
  }

  /** Notes a request; the controllers of the object it named are looked up now, while it exists. */
  record(request: ApiRequestRecord): void {
    const seen: SeenRequest = { ...request };
    if (request.name !== undefined && request.resource === 'pods') {
      const pod = this.options.engine.store.get('Pod', request.namespace, request.name);
      if (pod) seen.owners = controllerChain(this.options.engine.store, pod);
    }
    if (this.requests.length >= MAX_REQUESTS) this.requests.splice(0, this.requests.length - MAX_REQUESTS + 1);
    this.requests.push(seen);
    if (WRITE_VERBS.has(request.verb)) this.lastTry = { at: this.options.engine.now(), refused: request.status >= 400 };
  }

  /**
   * The engine's delta: forgets the remembered results it may have changed. The owner must pass
   * every delta here before evaluating, or the step would judge a cluster that is gone.
   */
  changed(delta: Pick<ClusterDelta, 'changes' | 'reset'>): void {
    if (delta.reset) this.memo.clear();
    else this.memo.invalidate(delta.changes);
  }

  /** Back at the checkpoint: what was asked after it no longer counts. */
  restart(checkpoint: number): void {
    this.memo.clear();
    this.checkpoint = checkpoint;
    this.requests.length = 0;
    this.lastTry = undefined;
    this.verdict = { done: false, hints: [], triedAndFailed: false };
  }

  /** Evaluates the check (and, while it is false, the hints). Returns true when the verdict changed. */
  evaluate(): boolean {
    const done = evaluate(this.step.check, this.world, this.memo);
    const hints = done ? [] : this.step.hints.filter((h) => evaluate(h.when, this.world, this.memo)).map((h) => h.id);
    let tried = this.verdict.triedAndFailed;
    if (done) tried = false;
    else if (this.lastTry && (this.lastTry.refused || this.options.engine.now() - this.lastTry.at >= TRY_GRACE_MS)) tried = true;
    const before = this.verdict;
    const changed = before.done !== done || before.triedAndFailed !== tried || before.hints.join(',') !== hints.join(',');
    if (changed) this.verdict = { done, hints, triedAndFailed: tried };
    return changed;
  }
}
