/**
 * What the real kubectl prints for typo'd manifests, against the real engine: each line is what a
 * Kubernetes 1.32 API server makes kubectl print (the decoder's 400s, strict decoding of kubectl
 * apply's fieldValidation=Strict, and validation's 422 causes). Skips, saying why, without kubectl.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/api';
import { createEngine } from '../engine/index';
import { resolveKubectl } from '../pty/kubectl-resolve';
import { startHarness, type Harness } from './testing/harness';

const run = promisify(execFile);
const found = resolveKubectl({ platform: process.platform, pathEnv: process.env.PATH ?? '' });
const kubectlPath = found.source === 'none' ? undefined : found.path;
let engine: Engine;
let h: Harness;

function manifest(name: string, { replicas = '1', restartPolicy = 'Always', imageKey = 'image', containers = true } = {}): string {
  const container = containers ? `      containers:\n      - name: c\n        ${imageKey}: nginx\n` : '';
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      restartPolicy: ${restartPolicy}\n${container}`;
}

async function apply(name: string, text: string): Promise<{ code: number; stdout: string; stderr: string; file: string }> {
  const file = join(h.dataDir, `${name}.yaml`);
  writeFileSync(file, text);
  try {
    const { stdout, stderr } = await run(kubectlPath!, ['--kubeconfig', h.server.kubeconfigPath, 'apply', '-f', file], { timeout: 20_000 });
    return { code: 0, stdout, stderr, file };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '', file };
  }
}

describe.skipIf(!kubectlPath)(`kubectl apply of typo'd manifests${kubectlPath ? '' : ' (skipped: no kubectl on PATH)'}`, () => {
  beforeAll(async () => {
    engine = createEngine({ seed: 7, nodes: 1 });
    engine.advance(5_000);
    h = await startHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
    engine?.dispose();
  });

  it('prints the decoder\'s error for replicas: "3"', async () => {
    const r = await apply('replicas', manifest('d1', { replicas: '"3"' }));
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe(`Error from server (BadRequest): error when creating "${r.file}": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`);
  });

  it('prints the strict decoding error for an unknown container field', async () => {
    const r = await apply('imagee', manifest('d2', { imageKey: 'imagee' }));
    expect(r.stderr.trim()).toBe(`Error from server (BadRequest): error when creating "${r.file}": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagee"`);
  });

  it('prints both restartPolicy causes for a bad restartPolicy', async () => {
    const r = await apply('restart', manifest('d3', { restartPolicy: 'Sometimes' }));
    expect(r.stderr.trim()).toBe(
      'The Deployment "d3" is invalid: \n* spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"\n* spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always"',
    );
  });

  it('prints Required value for missing containers, and nothing was stored', async () => {
    const r = await apply('nocontainers', manifest('d4', { containers: false }));
    expect(r.stderr.trim()).toBe('The Deployment "d4" is invalid: spec.template.spec.containers: Required value');
    for (const name of ['d1', 'd2', 'd3', 'd4']) expect(engine.store.get('Deployment', 'default', name)).toBeUndefined();
  });
});
