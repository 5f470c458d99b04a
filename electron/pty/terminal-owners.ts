/**
 * Which client owns which shell, so that shells do not outlive the window or tab that opened them.
 * A page that closes normally closes its shells itself (on pagehide); this catches the rest: a
 * crashed renderer, a killed browser, a dropped WebSocket. A client that comes back within the grace
 * period (the WebSocket transport reconnects with the same session) keeps its shells.
 */
export const OWNER_GRACE_MS = 15_000;

export interface OwnerTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: OwnerTimers = {
  set: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class TerminalOwners {
  private readonly ownerOf = new Map<string, string>();
  private readonly pending = new Map<string, unknown>();

  constructor(
    /** Closes one terminal whose owner is gone for good. */
    private readonly close: (id: string) => void,
    private readonly graceMs = OWNER_GRACE_MS,
    private readonly timers: OwnerTimers = realTimers,
  ) {}

  claim(id: string, clientId: string): void {
    this.ownerOf.set(id, clientId);
  }

  /** The terminal closed or exited: nobody owns it any more. */
  release(id: string): void {
    this.ownerOf.delete(id);
  }

  owned(clientId: string): string[] {
    return [...this.ownerOf].filter(([, owner]) => owner === clientId).map(([id]) => id);
  }

  /** The client is (back) on line: its shells stay. */
  connected(clientId: string): void {
    const timer = this.pending.get(clientId);
    if (timer === undefined) return;
    this.timers.clear(timer);
    this.pending.delete(clientId);
  }

  /** The client went away: its shells close unless it comes back within the grace period. */
  gone(clientId: string): void {
    if (this.pending.has(clientId) || this.owned(clientId).length === 0) return;
    this.pending.set(
      clientId,
      this.timers.set(() => {
        this.pending.delete(clientId);
        for (const id of this.owned(clientId)) {
          this.ownerOf.delete(id);
          this.close(id);
        }
      }, this.graceMs),
    );
  }

  dispose(): void {
    for (const timer of this.pending.values()) this.timers.clear(timer);
    this.pending.clear();
    this.ownerOf.clear();
  }
}
