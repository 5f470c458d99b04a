/**
 * The learn mode as the renderer sees it: the lessons state the main process pushes, the learner's
 * moves sent back, and the little the panel keeps itself (a hint the learner asked for, the step
 * that just turned done). It also tells the spotlights what the active step names.
 */
import type { LessonLanguage, LessonStep, LessonView } from '../../../shared/lessons/model';
import type { LessonsState } from '../../../shared/ipc/services/lessons';
import type { LessonsClient } from './lessons-client';
import { spotlights as sharedSpotlights, type Spotlights } from './spotlight.svelte';

export type LessonsStatus = 'loading' | 'ready' | 'unavailable';

/** A step that turned done while the learner watched: its "what just happened" line is announced. */
export interface JustDone {
  lessonId: string;
  stepId: string;
}

export function currentStep(view: LessonView | undefined): LessonStep | undefined {
  const current = view?.progress.current;
  return current === undefined ? undefined : view?.lesson.steps.find((step) => step.id === current);
}

export interface LessonsStoreOptions {
  /**
   * Called after "Reset this step" rewound the cluster. The rewind's delta is numbered below the
   * frame the drawing already shows (the timeline was cut there by the main process, not by the
   * drawing's own fork), so the drawing must load the cluster afresh to show it.
   */
  onRewound?: () => Promise<void>;
}

export class LessonsStore {
  state = $state.raw<LessonsState | undefined>();
  status = $state<LessonsStatus>('loading');
  /** The last call that failed, for an alert; cleared by the next move. */
  error = $state<string | undefined>();
  justDone = $state.raw<JustDone | undefined>();
  /** The learner pressed Hint on this step (hints show without a failed try). */
  hintAskedFor = $state<string | undefined>();
  private pendingLanguage: LessonLanguage | undefined;

  constructor(
    private readonly client: LessonsClient | undefined,
    private readonly spotlights: Spotlights = sharedSpotlights,
    private readonly options: LessonsStoreOptions = {},
  ) {}

  get view(): LessonView | undefined {
    return this.state?.active;
  }

  /** Hints are shown after a failed try, or once the learner asked on this step. */
  get hintsShown(): boolean {
    const view = this.view;
    return !!view && (view.triedAndFailed || (this.hintAskedFor !== undefined && this.hintAskedFor === view.progress.current));
  }

  async follow(): Promise<() => void> {
    const client = this.client;
    if (!client) {
      this.status = 'unavailable';
      return () => undefined;
    }
    let stop: () => void;
    try {
      // Asked first: a main process without the service refuses the call (and might refuse the subscription).
      this.apply(await client.state({}));
      stop = client.onChanged((next) => this.apply(next));
      this.status = 'ready';
    } catch {
      // No lessons service behind this transport (an older main process): the panel says so.
      this.status = 'unavailable';
      return () => undefined;
    }
    // Once more, for a change pushed between the first answer and the subscription.
    void client.state({}).then((next) => this.apply(next), () => undefined);
    return () => {
      stop();
      this.spotlights.clear();
    };
  }

  apply(next: LessonsState): void {
    const before = this.state?.active;
    const after = next.active;
    if (before && after && before.lesson.id === after.lesson.id) {
      const turned = after.lesson.steps.find((step) => after.progress.steps[step.id] === 'done' && before.progress.steps[step.id] !== 'done');
      if (turned) this.justDone = { lessonId: after.lesson.id, stepId: turned.id };
    } else if (before?.lesson.id !== after?.lesson.id) {
      this.justDone = undefined;
    }
    this.state = next;
    const step = currentStep(after);
    this.spotlights.show(step && !after?.progress.finished ? step.spotlights : []);
  }

  /** Keeps the lessons in the UI's language (called whenever either changes). */
  useLanguage(language: LessonLanguage): void {
    const client = this.client;
    if (!client || this.status !== 'ready' || !this.state || this.state.language === language || this.pendingLanguage === language) return;
    this.pendingLanguage = language;
    void this.run(() => client.setLanguage({ language })).finally(() => (this.pendingLanguage = undefined));
  }

  start(lessonId: string): Promise<void> {
    return this.move((client) => client.start({ lessonId }));
  }

  goTo(stepId: string): Promise<void> {
    return this.move((client) => client.goTo({ stepId }));
  }

  async hint(): Promise<void> {
    this.hintAskedFor = this.view?.progress.current;
    await this.run((client) => client.hint({}));
  }

  async resetStep(): Promise<void> {
    if (!(await this.run((client) => client.resetStep({})))) return;
    try {
      await this.options.onRewound?.();
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  close(): Promise<void> {
    return this.move((client) => client.close({}));
  }

  dismissFirstLaunch(): Promise<void> {
    return this.move((client) => client.dismissFirstLaunch({}));
  }

  private async move(call: (client: LessonsClient) => Promise<LessonsState>): Promise<void> {
    await this.run(call);
  }

  /** Sends one move; true when the service took it. */
  private async run(call: (client: LessonsClient) => Promise<LessonsState>): Promise<boolean> {
    if (!this.client) return false;
    this.error = undefined;
    try {
      this.apply(await call(this.client));
      return true;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
      return false;
    }
  }
}
