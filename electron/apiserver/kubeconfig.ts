/**
 * The kubeconfig that points kubectl at Kubelab (cluster, user and context all named `kubelab`),
 * and a merge into a user's own kubeconfig that keeps every other cluster, user and context.
 * Files are written 0600 through an atomic replace because they hold the bearer token.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse, stringify } from 'yaml';
import { writeFileAtomic } from './atomic-file';

export const KUBELAB_NAME = 'kubelab';

export interface KubeconfigEntries {
  server: string;
  caPem: string;
  token: string;
}

interface Named {
  name: string;
  [key: string]: unknown;
}

interface Kubeconfig {
  apiVersion: string;
  kind: string;
  preferences?: unknown;
  clusters: Named[];
  users: Named[];
  contexts: Named[];
  'current-context'?: string;
  [key: string]: unknown;
}

function entries(source: KubeconfigEntries): Pick<Kubeconfig, 'clusters' | 'users' | 'contexts'> {
  return {
    clusters: [
      {
        name: KUBELAB_NAME,
        cluster: { server: source.server, 'certificate-authority-data': Buffer.from(source.caPem).toString('base64') },
      },
    ],
    users: [{ name: KUBELAB_NAME, user: { token: source.token } }],
    contexts: [{ name: KUBELAB_NAME, context: { cluster: KUBELAB_NAME, user: KUBELAB_NAME, namespace: 'default' } }],
  };
}

export function kubeconfigYaml(source: KubeconfigEntries): string {
  const config: Kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    ...entries(source),
    'current-context': KUBELAB_NAME,
  };
  return stringify(config);
}

export function writeKubeconfig(path: string, source: KubeconfigEntries): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileAtomic(path, kubeconfigYaml(source), 0o600);
}

function replaceNamed(list: unknown, replacement: Named): Named[] {
  const items = Array.isArray(list) ? (list as unknown[]).filter((x): x is Named => !!x && typeof x === 'object') : [];
  const kept = items.filter((item) => item.name !== replacement.name);
  return [...kept, replacement];
}

/**
 * Adds (or refreshes) the kubelab cluster, user and context in the kubeconfig at `path`,
 * keeping everything else. Only switches current-context when asked to.
 */
export function mergeIntoUserKubeconfig(
  path: string,
  source: KubeconfigEntries,
  options: { setCurrentContext?: boolean } = {},
): void {
  let config: Kubeconfig = { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] };
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8');
    const parsed: unknown = text.trim() === '' ? {} : parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error(`${path} is not a kubeconfig (expected a YAML mapping)`);
    }
    config = { ...config, ...(parsed as Partial<Kubeconfig>) } as Kubeconfig;
  }
  const ours = entries(source);
  config.clusters = replaceNamed(config.clusters, ours.clusters[0] as Named);
  config.users = replaceNamed(config.users, ours.users[0] as Named);
  config.contexts = replaceNamed(config.contexts, ours.contexts[0] as Named);
  if (options.setCurrentContext || !config['current-context']) config['current-context'] = KUBELAB_NAME;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileAtomic(path, stringify(config), 0o600);
}
