/**
 * Routes the terminal service's broadcast events to the tab that owns each shell id. Output can
 * arrive before `create` has returned the id, so early output is held briefly; ids that no tab
 * claims (shells of another window) are dropped after a few seconds.
 */
import type { KubelabClient } from '../../../shared/ipc/contract';
import type { TerminalHostRestart } from '../../../shared/ipc/services/terminal';

export interface TerminalSink {
  output(data: string): void;
  exit(exitCode: number): void;
  lost(): void;
}

const UNCLAIMED_TTL_MS = 5000;
const MAX_UNCLAIMED_CHARS = 1024 * 1024;

export class TerminalHub {
  private readonly sinks = new Map<string, TerminalSink>();
  private readonly early = new Map<string, { chunks: string[]; size: number; exit?: number; at: number }>();
  private readonly stops: (() => void)[] = [];

  constructor(readonly client: KubelabClient) {
    this.stops.push(
      client.terminal.onOutput(({ id, data }) => {
        const sink = this.sinks.get(id);
        if (sink) sink.output(data);
        else this.hold(id).chunks.push(data);
      }),
      client.terminal.onExit(({ id, exitCode }) => {
        const sink = this.sinks.get(id);
        if (sink) sink.exit(exitCode);
        else this.hold(id).exit = exitCode;
      }),
      client.terminal.onHostRestarted((event: TerminalHostRestart) => {
        for (const id of event.lost) this.sinks.get(id)?.lost();
      }),
    );
  }

  private hold(id: string) {
    const now = Date.now();
    for (const [key, entry] of this.early) if (now - entry.at > UNCLAIMED_TTL_MS || entry.size > MAX_UNCLAIMED_CHARS) this.early.delete(key);
    let entry = this.early.get(id);
    if (!entry) this.early.set(id, (entry = { chunks: [], size: 0, at: now }));
    return entry;
  }

  /** Connects a shell id to its tab, replaying anything that arrived first. */
  claim(id: string, sink: TerminalSink): void {
    this.sinks.set(id, sink);
    const entry = this.early.get(id);
    this.early.delete(id);
    if (!entry) return;
    for (const chunk of entry.chunks) sink.output(chunk);
    if (entry.exit !== undefined) sink.exit(entry.exit);
  }

  release(id: string): void {
    this.sinks.delete(id);
  }

  dispose(): void {
    for (const stop of this.stops) stop();
    this.sinks.clear();
    this.early.clear();
  }
}
