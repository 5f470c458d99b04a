/**
 * The user's verbs, in one place: time travel (play, step, seek, live), failure injection, and
 * applying objects. Anything that changes the cluster while a past frame is on screen first asks to
 * fork the timeline (the UI says so), then forks, then acts.
 */
import type { KubelabClient } from '../../../shared/ipc/contract';
import type { FailureAction, FailureMap } from '../../../shared/ipc/services/failures';
import { t } from '../i18n/i18n.svelte';
import type { ClusterState } from './cluster.svelte';
import { nextNotable, previousNotable } from './timeline-nav';

export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 25, 50] as const;

/** The speed choices, plus the clock's actual speed when it was started at another one (e.g. 20×). */
export function speedChoices(current: number): number[] {
  const known: number[] = [...SPEEDS];
  return known.includes(current) || !(current > 0) ? known : [...known, current].sort((a, b) => a - b);
}

export class Controller {
  failures = $state.raw<FailureMap>({});
  error = $state<string | null>(null);
  forkPrompt = $state.raw<{ frame: number; answer: (fork: boolean) => void } | null>(null);

  constructor(
    readonly client: KubelabClient,
    readonly cluster: ClusterState,
  ) {}

  async follow(): Promise<() => void> {
    const stop = this.client.failures.onChanged((map) => (this.failures = map));
    this.failures = await this.client.failures.list({});
    return stop;
  }

  #report(error: unknown): void {
    this.error = t('app.error', { message: error instanceof Error ? error.message : String(error) });
  }

  /**
   * Runs a change to the cluster. From the past, only after the user agreed to fork: the engine is
   * put at that frame, and the change itself forks its timeline there (later frames are discarded).
   */
  async mutate(change: () => Promise<unknown>): Promise<boolean> {
    const frame = this.cluster.viewing;
    if (frame !== null) {
      const agreed = await new Promise<boolean>((answer) => (this.forkPrompt = { frame, answer }));
      this.forkPrompt = null;
      if (!agreed) return false;
      try {
        await this.client.timeline.seek({ frame });
      } catch (error) {
        this.error = t('fork.failed', { message: error instanceof Error ? error.message : String(error) });
        return false;
      }
      // Forking before the loaded snapshot leaves none of the renderer's history standing: start over.
      const before = frame < this.cluster.history.baseFrame;
      if (!before) this.cluster.forgetAfter(frame);
      this.cluster.viewing = null;
      try {
        await change();
        if (before) await this.cluster.reload(this.client);
        return true;
      } catch (error) {
        this.#report(error);
        if (before) await this.cluster.reload(this.client).catch(() => undefined);
        return false;
      }
    }
    try {
      await change();
      return true;
    } catch (error) {
      this.#report(error);
      return false;
    }
  }

  inject(node: string, action: FailureAction): Promise<boolean> {
    return this.mutate(() => this.client.failures.inject({ node, action }));
  }

  recover(node: string): Promise<boolean> {
    return this.mutate(() => this.client.failures.recover({ node }));
  }

  async #pause(): Promise<void> {
    if (!this.cluster.clock.paused) this.cluster.clock = await this.client.clock.pause({});
  }

  async togglePlay(): Promise<void> {
    if (this.cluster.clock.paused) {
      await this.#goLive();
      this.cluster.clock = await this.client.clock.play({});
    } else await this.#pause();
  }

  async setSpeed(speed: number): Promise<void> {
    this.cluster.clock = await this.client.clock.setSpeed({ speed });
  }

  /**
   * Show a past frame (or live, at or beyond the newest). Entering the past pauses the clock; the
   * engine is told too, so kubectl and the API server show the same frame.
   */
  /** Bumped by every seek, so a slow snapshot of an earlier frame never overrides a newer seek. */
  #seeks = 0;

  async seek(frame: number): Promise<void> {
    const history = this.cluster.history;
    const ticket = ++this.#seeks;
    if (frame >= history.liveFrame) {
      await this.#goLive();
      return;
    }
    await this.#pause();
    const target = Math.max(this.cluster.firstFrame, frame);
    if (!history.covers(target)) {
      // Before the page opened: the cache is filled from the engine's timeline once, then serves
      // this frame and every later one like the frames it saw happen.
      try {
        if (!(await this.cluster.cacheBack(this.client, target))) return;
      } catch (error) {
        this.#report(error);
        return;
      }
      if (ticket !== this.#seeks) return;
    }
    // The cache draws the frame; the engine is told so that kubectl and the API server show it too.
    this.cluster.viewing = target;
    await this.#engine(() => this.client.timeline.seek({ frame: target }));
  }

  async stepBack(): Promise<void> {
    const cluster = this.cluster;
    const from = cluster.viewing ?? cluster.history.liveFrame;
    const previous = from > cluster.history.baseFrame ? previousNotable(cluster.history, from) : undefined;
    const earlier = cluster.earlierNotes.findLast((note) => note.frame < Math.min(from, cluster.history.baseFrame + 1));
    const target = previous ?? earlier?.frame;
    if (target !== undefined) await this.seek(target);
  }

  async stepForward(): Promise<void> {
    const cluster = this.cluster;
    if (cluster.viewing !== null) {
      const base = cluster.history.baseFrame;
      const earlier = cluster.viewing < base ? cluster.earlierNotes.find((note) => note.frame > cluster.viewing! && note.frame < base) : undefined;
      const next = earlier?.frame ?? (cluster.viewing < base ? base : nextNotable(cluster.history, cluster.viewing));
      await this.seek(next ?? cluster.history.liveFrame);
      return;
    }
    try {
      this.cluster.clock = await this.client.clock.step({});
    } catch (error) {
      this.#report(error);
    }
  }

  /**
   * Live means the present, running: the view returns to the newest frame and a paused clock runs
   * again (what the terminal's paused line tells the user to press).
   */
  async jumpToLive(): Promise<void> {
    await this.#goLive();
    if (!this.cluster.clock.paused) return;
    try {
      this.cluster.clock = await this.client.clock.play({});
    } catch (error) {
      this.#report(error);
    }
  }

  async #goLive(): Promise<void> {
    this.#seeks++;
    if (this.cluster.viewing === null) return;
    this.cluster.viewing = null;
    await this.#engine(() => this.client.timeline.live({}));
  }

  /** Keeps the engine's view in step; the renderer already shows the frame, so a failure is only reported. */
  async #engine(call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.#report(error);
    }
  }
}
