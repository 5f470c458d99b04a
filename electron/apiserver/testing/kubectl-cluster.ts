/**
 * The set-up the real-kubectl integration tests share: the kubectl on PATH (or why the suite
 * skips), a settled engine behind a real API server, a kubectl bound to its kubeconfig with a
 * discovery cache of its own, and a reader for kubectl's printed tables.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../engine/api';
import { createEngine } from '../../engine/index';
import { resolveKubectl } from '../../pty/kubectl-resolve';
import { startHarness, type Harness } from './harness';
import { runKubectl } from './kubectl-run';

const found = resolveKubectl({ platform: process.platform, pathEnv: process.env.PATH ?? '' });
export const kubectlPath = found.source === 'none' ? undefined : found.path;
/** Appended to a suite's title: says why it skipped. */
export const skippedWithoutKubectl = kubectlPath ? '' : ' (skipped: no kubectl on PATH)';

export type Kubectl = (...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

export interface KubectlCluster {
  engine: Engine;
  h: Harness;
  kubectl: Kubectl;
}

/** A cluster settled for 30 s, served, with a kubectl pointed at it. */
export async function startKubectlCluster(options: { seed: number; nodes: number }): Promise<KubectlCluster> {
  const engine = createEngine(options);
  engine.advance(30_000);
  const h = await startHarness(engine);
  const cacheDir = mkdtempSync(join(h.dataDir, 'kube-cache-'));
  return { engine, h, kubectl: (...args) => runKubectl(kubectlPath!, h.server.kubeconfigPath, args, { cacheDir }) };
}

/** A printed table's rows as arrays of cells (kubectl separates columns by two or more spaces). */
export function rows(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => line.trim().split(/\s{2,}/));
}
