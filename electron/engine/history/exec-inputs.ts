/**
 * `kubectl exec` and `kubectl attach` as recorded inputs. A process in a container changes the
 * cluster's state (files it writes, a main shell it ends), so the facade records its opening, every
 * piece of stdin and its end like any other input; a fork or "reset this step" then replays them
 * and the container's files are exactly what they were at that frame.
 *
 * The client's streams are not part of the record. Output reaches them only while running live;
 * during a replay it is dropped (the client saw it already). When the replay is over, a session
 * that still runs in the rebuilt core keeps its client; one that ended, or that began after the
 * fork frame and so no longer exists, is ended for its client (exit 137, as a killed process).
 */
import type { ExecRequest, ExecSession, ExecStreams, PodRuntime } from '../api';

/** What exec and attach ask for: attach has no command (it joins the main process). */
export type ProcessRequest = Omit<ExecRequest, 'command'> & { command?: string[] };

export type ExecInput =
  | { op: 'exec'; id: number; attach: boolean; request: Omit<ProcessRequest, 'http'> }
  | { op: 'exec-input'; id: number; data: string }
  | { op: 'exec-end'; id: number }
  | { op: 'exec-close'; id: number };

type ExitResult = Parameters<ExecStreams['exit']>[0];

interface ClientLink {
  streams: ExecStreams;
  /** The caller's routing of the process's HTTP requests (the traffic view); live only. */
  http?: ExecRequest['http'];
  ended: boolean;
}

/** The exit a client sees when its process no longer exists after the timeline moved. */
const GONE: ExitResult = { code: 137 };

export class ExecRecorder {
  private links = new Map<number, ClientLink>();
  /** Sessions of the current core, by input id. */
  private sessions = new Map<number, ExecSession>();
  private replaying = false;
  private exitedInReplay = new Map<number, ExitResult>();
  private nextId = 1;

  constructor(
    /** Records an input and runs it on the live core (through run()). */
    private readonly record: (input: ExecInput) => void,
  ) {}

  /** kubectl exec / attach from a client: recorded, then run. Attach answers undefined when the main process is not interactive. */
  open(attach: boolean, request: ProcessRequest, streams: ExecStreams): ExecSession | undefined {
    const id = this.nextId++;
    const { http, ...plain } = request;
    this.links.set(id, { streams, ...(http ? { http } : {}), ended: false });
    try {
      this.record({ op: 'exec', id, attach, request: plain });
    } catch (error) {
      this.links.delete(id);
      throw error;
    }
    if (attach && !this.sessions.has(id)) {
      this.links.delete(id);
      return undefined;
    }
    return {
      input: (data) => this.record({ op: 'exec-input', id, data }),
      endInput: () => this.record({ op: 'exec-end', id }),
      close: () => {
        this.record({ op: 'exec-close', id });
        this.links.delete(id);
      },
    };
  }

  run(runtime: PodRuntime, input: ExecInput): void {
    if (input.op === 'exec') {
      // A replayed recording's ids are taken: a new process must not reuse one.
      if (input.id >= this.nextId) this.nextId = input.id + 1;
      const link = this.links.get(input.id);
      const request: ProcessRequest = !this.replaying && link?.http ? { ...input.request, http: link.http } : input.request;
      const streams = this.streamsFor(input.id);
      const session = input.attach ? runtime.attach?.(request, streams) : runtime.exec?.({ ...request, command: request.command ?? [] }, streams);
      if (session) this.sessions.set(input.id, session);
      return;
    }
    const session = this.sessions.get(input.id);
    if (input.op === 'exec-input') session?.input(input.data);
    else if (input.op === 'exec-end') session?.endInput();
    else {
      session?.close();
      this.sessions.delete(input.id);
    }
  }

  /** Before a replay into a fresh core: its sessions start empty and output goes nowhere. */
  beginReplay(): void {
    this.replaying = true;
    this.sessions = new Map();
    this.exitedInReplay = new Map();
  }

  /** After the replay: clients of sessions that ended or no longer exist are told so. */
  endReplay(): void {
    this.replaying = false;
    for (const [id, link] of this.links) {
      if (link.ended) continue;
      const exited = this.exitedInReplay.get(id);
      if (exited) this.end(link, exited);
      else if (!this.sessions.has(id)) this.end(link, GONE);
    }
    this.exitedInReplay = new Map();
  }

  /** Processes running in the current core with no client: their client was in an app that is gone. */
  orphans(): number[] {
    return [...this.sessions.keys()].filter((id) => !this.links.has(id));
  }

  /** The cluster was replaced: every process is gone. */
  reset(): void {
    this.sessions = new Map();
    for (const link of this.links.values()) if (!link.ended) this.end(link, GONE);
  }

  private end(link: ClientLink, result: ExitResult): void {
    link.ended = true;
    link.streams.exit(result);
  }

  private streamsFor(id: number): ExecStreams {
    return {
      stdout: (text) => {
        if (!this.replaying) this.links.get(id)?.streams.stdout(text);
      },
      stderr: (text) => {
        if (!this.replaying) this.links.get(id)?.streams.stderr(text);
      },
      exit: (result) => {
        if (this.replaying) {
          this.exitedInReplay.set(id, result);
          return;
        }
        const link = this.links.get(id);
        if (link && !link.ended) this.end(link, result);
      },
    };
  }
}
