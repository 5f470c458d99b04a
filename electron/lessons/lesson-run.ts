/**
 * One lesson being followed: which step is current, each step's checkpoint on the timeline, and the
 * moves between steps (done, go to, reset). The step's check decides when it is done; the next step
 * then begins at the frame where that happened, which is what "reset this step" returns to.
 */
import type { Lesson, LessonProgress, LessonStep } from '../../shared/lessons/model';
import type { ClusterDelta } from '../../shared/sim/snapshot';
import type { ApiRequestRecord } from '../apiserver/request-log';
import type { Engine } from '../engine/api';
import { ActiveStep } from './active-step';

export interface LessonRunOptions {
  engine: Pick<Engine, 'store' | 'nodeStates' | 'now' | 'timeline'>;
  readFile(path: string): string | undefined;
  /** Step checkpoints kept by a session that was reopened: "Reset this step" goes back to them. */
  checkpoints?: Record<string, number>;
}

export function freshProgress(lesson: Lesson, finished = false): LessonProgress {
  const steps: LessonProgress['steps'] = {};
  lesson.steps.forEach((s, i) => (steps[s.id] = i === 0 ? 'active' : 'todo'));
  return { lessonId: lesson.id, steps, current: lesson.steps[0]?.id, finished };
}

export class LessonRun {
  /** The current step while it is not done (a done step being re-read is not evaluated). */
  active: ActiveStep | undefined;
  private checkpoints = new Map<string, number>();
  private askedForHints = false;

  constructor(
    public lesson: Lesson,
    readonly progress: LessonProgress,
    private options: LessonRunOptions,
  ) {
    for (const [id, frame] of Object.entries(options.checkpoints ?? {})) this.checkpoints.set(id, frame);
    // Steps without a state (the lesson gained a step since the progress was saved) start as todo.
    for (const s of lesson.steps) progress.steps[s.id] ??= 'todo';
    if (progress.current === undefined && !progress.finished) progress.current = lesson.steps[0]?.id;
    if (progress.current !== undefined && !lesson.steps.some((s) => s.id === progress.current)) progress.current = lesson.steps.find((s) => progress.steps[s.id] !== 'done')?.id;
    this.enter(progress.current);
  }

  private frame(): number {
    return this.options.engine.timeline.state().length;
  }

  private step(id: string | undefined): LessonStep | undefined {
    return this.lesson.steps.find((s) => s.id === id);
  }

  /** Makes `id` the current step, beginning at its checkpoint (the current frame the first time). */
  private enter(id: string | undefined): void {
    for (const s of this.lesson.steps) if (this.progress.steps[s.id] === 'active' && s.id !== id) this.progress.steps[s.id] = 'todo';
    this.progress.current = id;
    this.askedForHints = false;
    const step = this.step(id);
    this.active = undefined;
    if (!step) return;
    if (!this.checkpoints.has(step.id)) this.checkpoints.set(step.id, this.frame());
    if (this.progress.steps[step.id] === 'done') return;
    this.progress.steps[step.id] = 'active';
    this.active = new ActiveStep(step, this.checkpoints.get(step.id)!, this.options);
    this.active.evaluate();
  }

  /** Each step's checkpoint frame, for the session to keep. */
  checkpointFrames(): Record<string, number> {
    return Object.fromEntries(this.checkpoints);
  }

  goTo(id: string): void {
    if (!this.step(id)) throw new Error(`the lesson has no step "${id}"`);
    this.enter(id);
  }

  /** Back to the current step's checkpoint; later steps are undone, since their work is gone. */
  resetStep(): void {
    const id = this.progress.current;
    const step = this.step(id);
    if (!step) throw new Error('no step to reset');
    const checkpoint = this.checkpoints.get(step.id) ?? this.frame();
    this.options.engine.timeline.rewind(checkpoint);
    const index = this.lesson.steps.indexOf(step);
    for (const later of this.lesson.steps.slice(index)) {
      this.progress.steps[later.id] = 'todo';
      if (later !== step) this.checkpoints.delete(later.id);
    }
    this.progress.finished = false;
    this.checkpoints.set(step.id, checkpoint);
    this.enter(step.id);
  }

  /** The cluster was replaced under the lesson (`minikube start`): the step begins again from here. */
  clusterReplaced(): void {
    this.checkpoints.clear();
    if (this.active) {
      this.checkpoints.set(this.active.step.id, this.frame());
      this.active.restart(this.frame());
    }
  }

  /** Every engine delta, before evaluate() (see ActiveStep.changed). */
  changed(delta: Pick<ClusterDelta, 'changes' | 'reset'>): void {
    this.active?.changed(delta);
  }

  record(request: ApiRequestRecord): void {
    this.active?.record(request);
  }

  askForHints(): void {
    this.askedForHints = true;
  }

  get hints(): string[] {
    return this.active?.verdict.hints ?? [];
  }

  get triedAndFailed(): boolean {
    return !!this.active && (this.askedForHints || this.active.verdict.triedAndFailed);
  }

  /**
   * Evaluates the current step. When its check holds it is done and the next step not yet done
   * begins here; after the last, the lesson is finished. Returns whether the progress changed (in
   * which case it should be saved) and whether anything shown changed.
   */
  evaluate(): { progressed: boolean; changed: boolean } {
    if (!this.active) return { progressed: false, changed: false };
    const changed = this.active.evaluate();
    if (!this.active.verdict.done) return { progressed: false, changed };
    const step = this.active.step;
    this.progress.steps[step.id] = 'done';
    const index = this.lesson.steps.indexOf(step);
    const next = [...this.lesson.steps.slice(index + 1), ...this.lesson.steps.slice(0, index)].find((s) => this.progress.steps[s.id] !== 'done');
    if (next) {
      this.checkpoints.set(next.id, this.frame());
      this.enter(next.id);
      // The next step may already hold (the learner ran ahead): settle it at once.
      this.evaluate();
    } else {
      this.progress.finished = true;
      this.enter(undefined);
    }
    return { progressed: true, changed: true };
  }
}
