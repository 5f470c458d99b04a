/** A small fan-out for user-facing notices (e.g. "the terminal host restarted"), shown by the renderer. */
import type { AppNotice } from '../../shared/ipc/services/app';

export interface Notices {
  publish(notice: AppNotice): void;
  subscribe(listener: (notice: AppNotice) => void): () => void;
}

export function createNotices(): Notices {
  const listeners = new Set<(notice: AppNotice) => void>();
  return {
    publish(notice) {
      for (const listener of listeners) listener(notice);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
