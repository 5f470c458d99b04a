/**
 * Sessions as the renderer sees them: the state the main process pushes (the current session, the
 * recent ones, launch notices), the learner's moves sent back, and what the panel keeps itself: the
 * outcome of the last scenario saved or opened, the last refusal, and which notices were dismissed.
 * A move that puts another cluster on screen (open, create, open a scenario) reloads the drawing.
 */
import type { SessionsState } from '../../../shared/ipc/services/sessions';
import type { SessionsClient } from './sessions-client';
import { downloadText } from './scenario-download';

export type SessionsStatus = 'loading' | 'ready' | 'unavailable';

/** What the scenario part of the panel reports after a save or an open. */
export type ScenarioOutcome =
  | { kind: 'saved'; fileName: string; frames: number }
  | { kind: 'opened'; fileName: string | undefined; verified: boolean; mismatch: string | undefined; note: string | undefined }
  | { kind: 'refused'; action: 'save' | 'open'; fileName: string | undefined; message: string };

/** A picked file, as the file input gives it (a File), or anything with a name and text. */
export interface ScenarioFile {
  name: string;
  text(): Promise<string>;
}

export interface SessionsStoreOptions {
  /**
   * Called after another cluster replaced the one on screen. The app passes none: the engine's
   * reset delta already reloads the drawing (ClusterState.follow), and a second reload at the
   * same time would tell the earlier story twice.
   */
  onReplaced?: () => Promise<void>;
  /** Hands a saved scenario to the user (default: a browser download). */
  download?: (fileName: string, text: string) => void;
  /** Where dismissed notices are remembered for this tab (default: sessionStorage). */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
}

const DISMISSED_KEY = 'kubelab-dismissed-notices';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class SessionsStore {
  state = $state.raw<SessionsState | undefined>();
  status = $state<SessionsStatus>('loading');
  /** The last session move that failed (rename, delete…), for an alert; cleared by the next move. */
  error = $state<string | undefined>();
  /** The last scenario saved, opened or refused. */
  outcome = $state.raw<ScenarioOutcome | undefined>();
  /** A call is under way: the panel's buttons wait for it. */
  busy = $state(false);
  #dismissed = $state.raw<readonly string[]>([]);

  constructor(
    private readonly client: SessionsClient | undefined,
    private readonly options: SessionsStoreOptions = {},
  ) {
    this.#dismissed = this.#loadDismissed();
  }

  /** Launch notices not dismissed yet: each is shown once. */
  get notices(): string[] {
    return (this.state?.notices ?? []).filter((notice) => !this.#dismissed.includes(notice));
  }

  dismissNotice(notice: string): void {
    this.#dismissed = [...this.#dismissed, notice];
    try {
      this.#storage()?.setItem(DISMISSED_KEY, JSON.stringify(this.#dismissed));
    } catch {
      // A full or blocked storage only means the notice may come back after a reload.
    }
  }

  async follow(): Promise<() => void> {
    const client = this.client;
    if (!client) {
      this.status = 'unavailable';
      return () => undefined;
    }
    let stop: () => void;
    try {
      // Asked first: a main process without the service refuses the call.
      this.state = await client.state({});
      stop = client.onChanged((next) => (this.state = next));
      this.status = 'ready';
    } catch {
      this.status = 'unavailable';
      return () => undefined;
    }
    // Once more, for a change pushed between the first answer and the subscription.
    void client.state({}).then((next) => (this.state = next), () => undefined);
    return stop;
  }

  /** Asks again (the dialog opening): the current session's length grows with the clock. */
  async refresh(): Promise<void> {
    const client = this.client;
    if (!client || this.status !== 'ready') return;
    try {
      this.state = await client.state({});
    } catch {
      // The last answer stays on screen.
    }
  }

  rename(id: string, name: string): Promise<boolean> {
    return this.#move((client) => client.rename({ id, name }));
  }

  duplicate(id: string): Promise<boolean> {
    return this.#move((client) => client.duplicate({ id }));
  }

  remove(id: string): Promise<boolean> {
    return this.#move((client) => client.remove({ id }));
  }

  open(id: string): Promise<boolean> {
    return this.#move((client) => client.open({ id }), true);
  }

  create(nodes?: number): Promise<boolean> {
    return this.#move((client) => client.create(nodes === undefined ? {} : { nodes }), true);
  }

  /** Saves the current session (up to `frame` when given) and hands the file to the user. */
  async saveScenario(options: { frame?: number; note?: string }): Promise<boolean> {
    const note = options.note?.trim();
    return this.#scenario('save', undefined, async (client) => {
      const saved = await client.saveScenario({ ...(options.frame === undefined ? {} : { frame: options.frame }), ...(note ? { note } : {}) });
      (this.options.download ?? downloadText)(saved.fileName, saved.text);
      this.outcome = { kind: 'saved', fileName: saved.fileName, frames: saved.frames };
    });
  }

  /** Reads a scenario file and opens it as the new current session. */
  async openScenario(file: ScenarioFile): Promise<boolean> {
    return this.#scenario('open', file.name, async (client) => {
      const text = await file.text();
      const opened = await client.openScenario({ text, fileName: file.name });
      this.state = opened.state;
      this.outcome = { kind: 'opened', fileName: file.name, verified: opened.verified, mismatch: opened.mismatch, note: opened.note };
      await this.#replaced();
    });
  }

  /** A scenario call: a refusal (a newer format, a damaged file) is reported in the panel, never thrown. */
  async #scenario(action: 'save' | 'open', fileName: string | undefined, run: (client: SessionsClient) => Promise<void>): Promise<boolean> {
    const client = this.client;
    if (!client || this.busy) return false;
    this.busy = true;
    this.error = undefined;
    this.outcome = undefined;
    try {
      await run(client);
      return true;
    } catch (error) {
      this.outcome = { kind: 'refused', action, fileName, message: messageOf(error) };
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Sends one move; true when the service took it. */
  async #move(call: (client: SessionsClient) => Promise<SessionsState>, replaces = false): Promise<boolean> {
    const client = this.client;
    if (!client || this.busy) return false;
    this.busy = true;
    this.error = undefined;
    try {
      this.state = await call(client);
      if (replaces) {
        this.outcome = undefined;
        await this.#replaced();
      }
      return true;
    } catch (error) {
      this.error = messageOf(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  async #replaced(): Promise<void> {
    try {
      await this.options.onReplaced?.();
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  #storage(): Pick<Storage, 'getItem' | 'setItem'> | undefined {
    return this.options.storage ?? (typeof sessionStorage === 'undefined' ? undefined : sessionStorage);
  }

  #loadDismissed(): string[] {
    try {
      const saved: unknown = JSON.parse(this.#storage()?.getItem(DISMISSED_KEY) ?? '[]');
      return Array.isArray(saved) ? saved.filter((item): item is string => typeof item === 'string') : [];
    } catch {
      return [];
    }
  }
}
