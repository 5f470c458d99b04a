/**
 * Synchronous kubectl calls for the browser specs, which interleave kubectl with page actions. It uses
 * the same kubectl as the kubectl suite (fixtures/kubectl.ts) and, like it, a fresh discovery cache.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlPath } from '../fixtures/kubectl';

const cacheDir = mkdtempSync(join(tmpdir(), 'kubelab-kubectl-cache-'));

export function hasKubectl(): boolean {
  return kubectlPath !== undefined;
}

export function kubectl(kubeconfig: string, args: string[], input?: string): string {
  if (!kubectlPath) throw new Error('no kubectl on PATH');
  return execFileSync(kubectlPath, args, { env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: cacheDir }, input, encoding: 'utf8', timeout: 30_000 });
}

export interface PodSummary {
  name: string;
  node: string;
  phase: string;
  ready: boolean;
  terminating: boolean;
}

export function podsOf(kubeconfig: string, selector: string): PodSummary[] {
  const list = JSON.parse(kubectl(kubeconfig, ['get', 'pods', '-l', selector, '-o', 'json'])) as {
    items: { metadata: { name: string; deletionTimestamp?: string }; spec: { nodeName?: string }; status: { phase?: string; conditions?: { type: string; status: string }[] } }[];
  };
  return list.items.map((p) => ({
    name: p.metadata.name,
    node: p.spec.nodeName ?? '',
    phase: p.status.phase ?? '',
    ready: p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    terminating: !!p.metadata.deletionTimestamp,
  }));
}
