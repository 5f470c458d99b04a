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

  /** Runs a change to the cluster; from the past, only after the user agreed to fork. */
  async mutate(change: () => Promise<unknown>): Promise<boolean> {
    const frame = this.cluster.viewing;
    if (frame !== null) {
      const agreed = await new Promise<boolean>((answer) => (this.forkPrompt = { frame, answer }));
      this.forkPrompt = null;
      if (!agreed) return false;
      const forked = await this.client.timeline.fork({ frame });
      if (!forked.ok) {
        this.error = t('fork.failed', { message: forked.message });
        return false;
      }
      this.cluster.forgetAfter(frame);
      this.cluster.viewing = null;
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
      this.cluster.viewing = null;
      this.cluster.clock = await this.client.clock.play({});
    } else await this.#pause();
  }

  async setSpeed(speed: number): Promise<void> {
    this.cluster.clock = await this.client.clock.setSpeed({ speed });
  }

  /** Show a past frame (or live, at or beyond the newest). Entering the past pauses the clock. */
  async seek(frame: number): Promise<void> {
    const history = this.cluster.history;
    if (frame >= history.liveFrame) {
      this.cluster.viewing = null;
      return;
    }
    await this.#pause();
    this.cluster.viewing = Math.max(history.baseFrame, frame);
  }

  async stepBack(): Promise<void> {
    const from = this.cluster.viewing ?? this.cluster.history.liveFrame;
    const previous = previousNotable(this.cluster.history, from);
    if (previous !== undefined) await this.seek(previous);
  }

  async stepForward(): Promise<void> {
    if (this.cluster.viewing !== null) {
      const next = nextNotable(this.cluster.history, this.cluster.viewing);
      this.cluster.viewing = next === undefined || next >= this.cluster.history.liveFrame ? null : next;
      return;
    }
    try {
      this.cluster.clock = await this.client.clock.step({});
    } catch (error) {
      this.#report(error);
    }
  }

  jumpToLive(): void {
    this.cluster.viewing = null;
  }
}
