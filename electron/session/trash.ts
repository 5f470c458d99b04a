/**
 * Deleting a session puts it in the trash, not out of existence. Electron passes its own
 * shell.trashItem (the system's trash on every platform); in plain Node this follows the
 * freedesktop.org Trash specification on Linux and the BSDs ($XDG_DATA_HOME/Trash: the item under
 * files/, a .trashinfo under info/ with its original path and deletion date, so the desktop's trash
 * can restore it), and elsewhere falls back to a trash folder of Kubelab's own in its data folder.
 */
import { mkdirSync, renameSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';

export type Trash = (path: string) => Promise<void>;

function localIso(date: Date): string {
  // The spec's DeletionDate is local time, YYYY-MM-DDThh:mm:ss, without a zone.
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}

/** Percent-encodes a path as the spec's Path key wants (RFC 2396 escaping, slashes kept). */
function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function freedesktopTrashDir(env: NodeJS.ProcessEnv = process.env): string {
  const dataHome = env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(dataHome, 'Trash');
}

/**
 * Moves `path` into a freedesktop trash. A name already in the trash gets a numbered suffix, as
 * file managers do. Renaming fails across file systems (EXDEV); the caller then uses its fallback.
 */
export function trashFreedesktop(path: string, trashDir = freedesktopTrashDir(), now = new Date()): string {
  const files = join(trashDir, 'files');
  const info = join(trashDir, 'info');
  mkdirSync(files, { recursive: true, mode: 0o700 });
  mkdirSync(info, { recursive: true, mode: 0o700 });
  const base = basename(path);
  let name = base;
  for (let n = 2; existsSync(join(files, name)) || existsSync(join(info, `${name}.trashinfo`)); n++) name = `${base}.${n}`;
  const infoFile = join(info, `${name}.trashinfo`);
  // The info file first, exclusively, as the spec asks: it reserves the name.
  writeFileSync(infoFile, `[Trash Info]\nPath=${encodePath(path)}\nDeletionDate=${localIso(now)}\n`, { flag: 'wx', mode: 0o600 });
  try {
    renameSync(path, join(files, name));
  } catch (error) {
    rmSync(infoFile, { force: true });
    throw error;
  }
  return join(files, name);
}

/** Kubelab's own trash folder: used where there is no system trash to reach from Node. */
export function trashInto(folder: string): Trash {
  return async (path) => {
    mkdirSync(folder, { recursive: true });
    let target = join(folder, basename(path));
    for (let n = 2; existsSync(target); n++) target = join(folder, `${basename(path)}.${n}`);
    renameSync(path, target);
  };
}

/** The trash for plain Node: the freedesktop one on Linux and the BSDs, else Kubelab's own. */
export function nodeTrash(fallbackFolder: string, platform: NodeJS.Platform = process.platform): Trash {
  const fallback = trashInto(fallbackFolder);
  if (platform === 'win32' || platform === 'darwin') return fallback;
  return async (path) => {
    try {
      trashFreedesktop(path);
    } catch {
      await fallback(path);
    }
  };
}
