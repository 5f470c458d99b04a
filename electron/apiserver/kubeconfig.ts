/**
 * The kubeconfig that points kubectl at Kubelab, named as minikube names it (cluster, user and
 * context all `minikube`, with minikube's `cluster_info`/`context_info` extensions),
 * and a merge into a user's own kubeconfig that keeps every other cluster, user and context.
 * Files are written 0600 through an atomic replace because they hold the bearer token.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse, stringify } from 'yaml';
import { writeFileAtomic } from './atomic-file';

/** minikube's default profile name, which it gives the cluster, the user and the context. */
export const KUBELAB_NAME = 'minikube';
// minikube pkg/minikube/kubeconfig/extension.go: the provider and the version it records.
const MINIKUBE_PROVIDER = 'minikube.sigs.k8s.io';
const MINIKUBE_VERSION = 'v1.37.0'; // the version `minikube version` prints (electron/cli/minikube-output.ts)

/** minikube's extension entry (`last-update` is time.Now().Format(time.RFC1123)). */
function minikubeExtension(name: string, now: Date): Named {
  return { extension: { 'last-update': rfc1123(now), provider: MINIKUBE_PROVIDER, version: MINIKUBE_VERSION }, name };
}

/** Go's time.RFC1123 in UTC: `Mon, 02 Jan 2006 15:04:05 UTC`. */
export function rfc1123(now: Date): string {
  return now.toUTCString().replace(/GMT$/, 'UTC');
}

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

function entries(source: KubeconfigEntries, now = new Date()): Pick<Kubeconfig, 'clusters' | 'users' | 'contexts'> {
  return {
    clusters: [
      {
        cluster: {
          'certificate-authority-data': Buffer.from(source.caPem).toString('base64'),
          extensions: [minikubeExtension('cluster_info', now)],
          server: source.server,
        },
        name: KUBELAB_NAME,
      },
    ],
    users: [{ name: KUBELAB_NAME, user: { token: source.token } }],
    contexts: [{ context: { cluster: KUBELAB_NAME, extensions: [minikubeExtension('context_info', now)], namespace: 'default', user: KUBELAB_NAME }, name: KUBELAB_NAME }],
  };
}

export function kubeconfigYaml(source: KubeconfigEntries): string {
  // Key order as client-go's clientcmd writes it (alphabetical), like minikube's file.
  const ours = entries(source);
  const config: Kubeconfig = {
    apiVersion: 'v1',
    clusters: ours.clusters,
    contexts: ours.contexts,
    'current-context': KUBELAB_NAME,
    kind: 'Config',
    preferences: {},
    users: ours.users,
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
 * Adds (or refreshes) the minikube cluster, user and context in the kubeconfig at `path`,
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
