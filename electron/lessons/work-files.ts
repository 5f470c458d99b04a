/**
 * The files of the terminal's folder as file checks see them. Reads are cached briefly, because
 * checks run on every engine delta; a watch on the folder drops the cache and asks for a new
 * evaluation as soon as the learner saves a file, so a check on a file turns true without waiting.
 */
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

const TTL_MS = 500;

export interface WorkFiles {
  read(path: string): string | undefined;
  /** Watches the folder while a lesson is active (false stops). */
  watch(on: boolean): void;
  dispose(): void;
}

export function createWorkFiles(workDir: () => string | undefined, onChange: () => void): WorkFiles {
  const cache = new Map<string, { text: string | undefined; at: number }>();
  let watcher: FSWatcher | undefined;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let watchedDir: string | undefined;

  const stop = () => {
    watcher?.close();
    watcher = undefined;
    watchedDir = undefined;
    if (pending) clearTimeout(pending);
    pending = undefined;
  };

  return {
    read(path) {
      const dir = workDir();
      if (!dir) return undefined;
      const full = resolve(dir, path);
      const rel = relative(resolve(dir), full);
      if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
      const hit = cache.get(full);
      const now = Date.now();
      if (hit && now - hit.at < TTL_MS) return hit.text;
      let text: string | undefined;
      try {
        text = readFileSync(full, 'utf8');
      } catch {
        text = undefined;
      }
      cache.set(full, { text, at: now });
      return text;
    },
    watch(on) {
      const dir = workDir();
      if (!on || !dir) return stop();
      if (watchedDir === dir) return;
      stop();
      try {
        watcher = watch(dir, { persistent: false }, () => {
          cache.clear();
          // Editors write a file in bursts (temp file, rename): one evaluation per burst.
          pending ??= setTimeout(() => {
            pending = undefined;
            onChange();
          }, 50);
        });
        watcher.on('error', stop);
        watchedDir = dir;
      } catch {
        // No watch (too many watchers, a folder gone): checks still see files through the short cache.
      }
    },
    dispose: stop,
  };
}
