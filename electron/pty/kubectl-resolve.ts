/**
 * Finds the kubectl the embedded shell should use. Search order: the kubectl bundled into the
 * installed app's resources (`npm run dist` puts the verified release, or a copy of KUBELAB_KUBECTL,
 * there), then a file named by KUBELAB_KUBECTL at run time (handy in development), then the user's
 * PATH. Kubelab's own shim folder is skipped, so the shim can never find itself.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter as posixDelimiter, join, resolve } from 'node:path';

export type KubectlSource = 'bundled' | 'env' | 'path';
export type KubectlResolution = { source: KubectlSource; path: string } | { source: 'none' };

export interface KubectlSearch {
  platform: NodeJS.Platform;
  /** Folder of bundled binaries in the installed app (e.g. `<resources>/bin`), when there is one. */
  bundledDir?: string;
  /** KUBELAB_KUBECTL as given. */
  envOverride?: string;
  /** The PATH the shell would inherit. */
  pathEnv?: string;
  /** Folders never searched (Kubelab's shim folder). */
  excludeDirs?: string[];
  isExecutable?: (path: string) => boolean;
}

export function kubectlFileName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'kubectl.exe' : 'kubectl';
}

export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (process.platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function resolveKubectl(search: KubectlSearch): KubectlResolution {
  const isExecutable = search.isExecutable ?? isExecutableFile;
  const name = kubectlFileName(search.platform);
  if (search.bundledDir) {
    const bundled = join(search.bundledDir, name);
    if (isExecutable(bundled)) return { source: 'bundled', path: bundled };
  }
  if (search.envOverride && isExecutable(search.envOverride)) return { source: 'env', path: resolve(search.envOverride) };
  const separator = search.platform === 'win32' ? ';' : posixDelimiter === ';' ? ':' : posixDelimiter;
  const excluded = new Set((search.excludeDirs ?? []).map((dir) => resolve(dir)));
  for (const dir of (search.pathEnv ?? '').split(separator)) {
    if (!dir || excluded.has(resolve(dir))) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return { source: 'path', path: candidate };
  }
  return { source: 'none' };
}

/** The one line the `kubectl` shim prints when there is no kubectl. */
export const KUBECTL_MISSING_MESSAGE =
  'kubectl: not found. Kubelab bundles kubectl in its installers; in this build install it yourself (https://kubernetes.io/docs/tasks/tools/) and open a new terminal tab.';
