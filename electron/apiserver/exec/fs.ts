/**
 * A container's in-memory filesystem for the simulated shell: the image's files from
 * runtime.files() plus the usual Linux folders and a few /etc files. One per pod (by uid), so a
 * file written in one `kubectl exec` is still there in the next, as in a real container.
 */

export class ContainerFs {
  private readonly files = new Map<string, string>();
  private readonly dirs = new Set<string>(['/']);

  constructor(seed: Record<string, string>) {
    for (const dir of ['/bin', '/dev', '/etc', '/home', '/proc', '/root', '/tmp', '/usr', '/usr/bin', '/usr/local', '/usr/local/bin', '/var', '/var/log']) this.mkdirs(dir);
    for (const [path, content] of Object.entries(seed)) this.write(normalize('/', path), content);
  }

  private mkdirs(path: string): void {
    let current = '';
    for (const part of path.split('/').filter(Boolean)) {
      current += `/${part}`;
      this.dirs.add(current);
    }
  }

  isDir(path: string): boolean {
    return this.dirs.has(path);
  }

  isFile(path: string): boolean {
    return this.files.has(path);
  }

  read(path: string): string | undefined {
    return this.files.get(path);
  }

  /** Writes a file; returns false when its folder does not exist or the path is a folder. */
  write(path: string, content: string, options: { createParents?: boolean; append?: boolean } = { createParents: true }): boolean {
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    if (this.dirs.has(path)) return false;
    if (!this.dirs.has(parent)) {
      if (!options.createParents) return false;
      this.mkdirs(parent);
    }
    this.files.set(path, options.append ? (this.files.get(path) ?? '') + content : content);
    return true;
  }

  mkdir(path: string): boolean {
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    if (!this.dirs.has(parent) || this.dirs.has(path) || this.files.has(path)) return false;
    this.dirs.add(path);
    return true;
  }

  remove(path: string): boolean {
    return this.files.delete(path);
  }

  /** Names directly inside a folder, sorted as ls sorts them. */
  list(path: string): string[] {
    const prefix = path === '/' ? '/' : `${path}/`;
    const names = new Set<string>();
    for (const p of [...this.files.keys(), ...this.dirs]) {
      if (p !== path && p.startsWith(prefix)) {
        const rest = p.slice(prefix.length);
        if (rest && !rest.includes('/')) names.add(rest);
      }
    }
    return [...names].sort();
  }
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
