/** Runs the real kubectl against a Kubelab server's kubeconfig, when kubectl is on PATH. */
import { execFileSync, spawnSync } from 'node:child_process';

export function hasKubectl(): boolean {
  return spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
}

export function kubectl(kubeconfig: string, args: string[], input?: string): string {
  return execFileSync('kubectl', args, { env: { ...process.env, KUBECONFIG: kubeconfig }, input, encoding: 'utf8', timeout: 30_000 });
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
