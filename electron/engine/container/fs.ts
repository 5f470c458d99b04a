/**
 * A container's filesystem: its writable layer (the image's files plus the usual Linux folders,
 * kept for the life of one container instance, as Docker's overlay layer is) with volumes mounted
 * over it. A Volume is a tree of its own, shared by whoever mounts it: an emptyDir by the pod's
 * containers, a PersistentVolume's data by every pod that ever mounts the claim.
 */

/** Why a write failed, as errno would say. */
export type FsError = 'ENOENT' | 'EISDIR' | 'ENOTDIR' | 'EROFS' | 'EEXIST' | 'ENOTEMPTY' | 'EBUSY';

/** The text coreutils and busybox print for an errno. */
export const FS_ERROR_TEXT: Record<FsError, string> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EROFS: 'Read-only file system',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  EBUSY: 'Device or resource busy',
};

/** Someone who waits for a change (an object, not a closure: 150k sleeping probes wait at once). */
export interface Waiter {
  wake(): void;
}

/** A tree of files and folders with paths relative to its root ('' is the root, 'a/b' below it). */
export class Volume {
  readonly files = new Map<string, string>();
  readonly dirs = new Set<string>(['']);
  /** Called once at the next change (a probe that read these files sleeps until then). */
  private waiters: Waiter[] | undefined;

  /** Wakes `waiter` once, at the next change of the content. */
  onNextChange(waiter: Waiter): void {
    (this.waiters ??= []).push(waiter);
  }

  /** The content changed: wake whoever waits for it. */
  changed(): void {
    const waiters = this.waiters;
    if (!waiters) return;
    this.waiters = undefined;
    for (const w of waiters) w.wake();
  }

  mkdirs(rel: string): void {
    let current = '';
    for (const part of rel.split('/').filter(Boolean)) {
      current = current ? `${current}/${part}` : part;
      this.dirs.add(current);
    }
  }

  /** Replaces the whole content (a ConfigMap volume's atomic ..data swap). */
  replace(files: Record<string, string>): void {
    this.files.clear();
    this.dirs.clear();
    this.dirs.add('');
    for (const [path, content] of Object.entries(files)) {
      const rel = path.split('/').filter(Boolean).join('/');
      this.mkdirs(parentOf(rel));
      this.files.set(rel, content);
    }
    this.changed();
  }

  names(rel: string): string[] {
    const prefix = rel === '' ? '' : `${rel}/`;
    const out = new Set<string>();
    for (const p of [...this.files.keys(), ...this.dirs]) {
      if (p === rel || !p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      if (rest && !rest.includes('/')) out.add(rest);
    }
    return [...out];
  }
}

function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '' : rel.slice(0, i);
}

export interface Mount {
  /** Absolute mount point in the container. */
  path: string;
  volume: Volume;
  /** A folder inside the volume (a subPath mount of a folder), '' for its root. */
  base: string;
  readOnly: boolean;
}

interface Located {
  volume: Volume;
  rel: string;
  readOnly: boolean;
  /** The mount point itself (it cannot be removed). */
  mountPoint: boolean;
}

export class ContainerFs {
  private readonly layer = new Volume();
  private readonly mounts: Mount[] = [];

  constructor(seed: Record<string, string>) {
    for (const dir of ['/bin', '/dev', '/etc', '/home', '/proc', '/root', '/tmp', '/usr', '/usr/bin', '/usr/local', '/usr/local/bin', '/var', '/var/log']) this.layer.mkdirs(dir);
    for (const [path, content] of Object.entries(seed)) this.write(normalize('/', path), content);
  }

  /** Mounts a volume (the folder appears in the layer, as the runtime creates mount points). */
  mount(mount: Mount): void {
    this.layer.mkdirs(mount.path);
    if (mount.base) mount.volume.mkdirs(mount.base);
    this.mounts.push(mount);
    // Longest mount point first, so nested mounts win.
    this.mounts.sort((a, b) => b.path.length - a.path.length);
  }

  /** Mounts a single read-only file (a ConfigMap key through subPath: a bind mount of one file, never updated). */
  mountFile(path: string, content: string): void {
    const volume = new Volume();
    volume.files.set('file', content);
    this.layer.mkdirs(parentOf(path.slice(1)));
    this.fileMounts.set(path, volume);
  }

  private readonly fileMounts = new Map<string, Volume>();

  private locate(path: string): Located {
    const file = this.fileMounts.get(path);
    if (file) return { volume: file, rel: 'file', readOnly: true, mountPoint: true };
    for (const m of this.mounts) {
      if (path === m.path || path.startsWith(`${m.path}/`)) {
        const inner = path.slice(m.path.length).replace(/^\//, '');
        const rel = [m.base, inner].filter(Boolean).join('/');
        return { volume: m.volume, rel, readOnly: m.readOnly, mountPoint: path === m.path };
      }
    }
    return { volume: this.layer, rel: path.slice(1), readOnly: false, mountPoint: false };
  }

  /** The volume (or the writable layer) that holds `path`. */
  volumeAt(path: string): Volume {
    return this.locate(path).volume;
  }

  isDir(path: string): boolean {
    const at = this.locate(path);
    return at.volume.dirs.has(at.rel);
  }

  isFile(path: string): boolean {
    const at = this.locate(path);
    return at.volume.files.has(at.rel);
  }

  read(path: string): string | undefined {
    const at = this.locate(path);
    return at.volume.files.get(at.rel);
  }

  /** Writes a file; returns the errno when it cannot. */
  write(path: string, content: string, options: { createParents?: boolean; append?: boolean } = { createParents: true }): FsError | undefined {
    const at = this.locate(path);
    if (at.volume.dirs.has(at.rel)) return 'EISDIR';
    const parent = parentOf(at.rel);
    if (!at.volume.dirs.has(parent)) {
      if (at.volume.files.has(parent)) return 'ENOTDIR';
      if (!options.createParents) return 'ENOENT';
      if (at.readOnly) return 'EROFS';
      at.volume.mkdirs(parent);
    }
    if (at.readOnly) return 'EROFS';
    at.volume.files.set(at.rel, options.append ? (at.volume.files.get(at.rel) ?? '') + content : content);
    at.volume.changed();
    return undefined;
  }

  mkdir(path: string, parents = false): FsError | undefined {
    const at = this.locate(path);
    if (at.volume.dirs.has(at.rel)) return parents ? undefined : 'EEXIST';
    if (at.volume.files.has(at.rel)) return 'EEXIST';
    if (!parents && !at.volume.dirs.has(parentOf(at.rel))) return 'ENOENT';
    if (at.readOnly) return 'EROFS';
    at.volume.mkdirs(at.rel);
    at.volume.changed();
    return undefined;
  }

  /** Removes a file (or, with recursive, a folder and its content). */
  remove(path: string, recursive = false): FsError | undefined {
    const at = this.locate(path);
    const isDir = at.volume.dirs.has(at.rel);
    if (!isDir && !at.volume.files.has(at.rel)) return 'ENOENT';
    if (at.readOnly) return 'EROFS';
    if (!isDir) {
      at.volume.files.delete(at.rel);
      at.volume.changed();
      return undefined;
    }
    if (!recursive) return 'EISDIR';
    if (at.mountPoint || at.rel === '') return 'EBUSY';
    const prefix = `${at.rel}/`;
    for (const p of [...at.volume.files.keys()]) if (p.startsWith(prefix)) at.volume.files.delete(p);
    for (const d of [...at.volume.dirs]) if (d === at.rel || d.startsWith(prefix)) at.volume.dirs.delete(d);
    at.volume.changed();
    return undefined;
  }

  /** Names directly inside a folder (mount points included), sorted as ls sorts them. */
  list(path: string): string[] {
    const at = this.locate(path);
    const names = new Set(at.volume.names(at.rel));
    const prefix = path === '/' ? '/' : `${path}/`;
    for (const p of [...this.mounts.map((m) => m.path), ...this.fileMounts.keys()]) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      names.add(rest.split('/')[0]!);
    }
    return [...names].sort();
  }
}

/** Every file the container sees (mounts over the layer), by absolute path. */
export function allFiles(fs: ContainerFs): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of fs.list(dir)) {
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      const content = fs.read(path);
      if (content !== undefined) out[path] = content;
      else if (fs.isDir(path) && path !== '/proc' && path !== '/dev') walk(path);
    }
  };
  walk('/');
  return out;
}

/** Resolves `target` against `cwd`, handling `.`, `..` and `~`. */
export function normalize(cwd: string, target: string): string {
  const expanded = target === '~' || target.startsWith('~/') ? `/root${target.slice(1)}` : target;
  const parts = (expanded.startsWith('/') ? expanded : `${cwd}/${expanded}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}
