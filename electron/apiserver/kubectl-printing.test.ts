/**
 * The real kubectl 1.32 against the server on the real engine: `get pv,pvc,sc` and `get endpoints`
 * print upstream's columns, `explain` finds nested fields with descriptions and enum values in the
 * OpenAPI v3 documents, and the kubeconfig's context is minikube's. Skips, saying why, without kubectl.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/api';
import type { Harness } from './testing/harness';
import { kubectlPath, rows, skippedWithoutKubectl, startKubectlCluster, type Kubectl } from './testing/kubectl-cluster';

let engine: Engine;
let h: Harness;
let kubectl: Kubectl;

describe.skipIf(!kubectlPath)(`kubectl get, explain and config against the server${skippedWithoutKubectl}`, () => {
  beforeAll(async () => {
    ({ engine, h, kubectl } = await startKubectlCluster({ seed: 5, nodes: 1 }));
  });
  afterAll(async () => {
    await h?.close();
    engine?.dispose();
  });

  it('prints PersistentVolumes, claims and StorageClasses with upstream columns', async () => {
    const file = join(h.dataDir, 'pvc.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n');
    expect((await kubectl('apply', '-f', file)).stdout).toContain('persistentvolumeclaim/data created');
    engine.advance(10_000);
    const r = await kubectl('get', 'pv,pvc,sc');
    expect(r.stderr).toBe('');
    const blocks = r.stdout.trim().split('\n\n');
    expect(blocks).toHaveLength(3);
    const [pv, pvc, sc] = blocks.map(rows) as [string[][], string[][], string[][]];
    expect(pv[0]).toEqual(['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE']);
    expect(pv[1]!.slice(1, 8)).toEqual(['1Gi', 'RWO', 'Delete', 'Bound', 'default/data', 'standard', '<unset>']);
    expect(pvc[0]).toEqual(['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE']);
    expect(pvc[1]!.slice(0, 2)).toEqual(['persistentvolumeclaim/data', 'Bound']);
    expect(pvc[1]![2]).toBe(pv[1]![0]!.replace('persistentvolume/', ''));
    expect(sc[0]).toEqual(['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE']);
    expect(sc[1]!.slice(0, 5)).toEqual(['storageclass.storage.k8s.io/standard (default)', 'k8s.io/minikube-hostpath', 'Delete', 'Immediate', 'false']);
  });

  it('prints Endpoints: the API server address for kubernetes and the CoreDNS pod for kube-dns', async () => {
    const r = await kubectl('get', 'endpoints', '-A');
    const table = rows(r.stdout);
    expect(table[0]).toEqual(['NAMESPACE', 'NAME', 'ENDPOINTS', 'AGE']);
    expect(table.find((row) => row[1] === 'kubernetes')!.slice(0, 3)).toEqual(['default', 'kubernetes', '192.168.49.2:8443']);
    expect(table.find((row) => row[1] === 'kube-dns')![2]).toMatch(/^10\.244\.0\.\d+:53,10\.244\.0\.\d+:53,10\.244\.0\.\d+:9153$/);
    const ep = rows((await kubectl('get', 'ep', 'kubernetes')).stdout);
    expect(ep[0]).toEqual(['NAME', 'ENDPOINTS', 'AGE']);
    expect(ep[1]!.slice(0, 2)).toEqual(['kubernetes', '192.168.49.2:8443']);
  });

  it('explains deployment.spec.strategy with its FIELDS and the enum of type', async () => {
    const r = await kubectl('explain', 'deployment.spec.strategy');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: strategy <DeploymentStrategy>');
    // The prose is client-node's; a field that references a type is described by that type.
    expect(r.stdout).toContain('DESCRIPTION:\n    DeploymentStrategy describes how to replace existing pods with new ones.');
    expect(r.stdout).toContain('FIELDS:\n  rollingUpdate\t<RollingUpdateDeployment>\n    Spec to control the desired behavior of rolling update.');
    expect(r.stdout).toContain('  type\t<string>\n  enum: Recreate, RollingUpdate\n    Type of deployment. Can be "Recreate" or "RollingUpdate". Default is');
    const type = await kubectl('explain', 'deployment.spec.strategy.type');
    expect(type.stdout).toContain('FIELD: type <string>\nENUM:\n    Recreate\n    RollingUpdate');
  });

  it('explains nested pod and service fields, and --recursive', async () => {
    const exec = await kubectl('explain', 'pod.spec.containers.livenessProbe.exec');
    expect(exec.stdout).toContain('FIELD: exec <ExecAction>');
    expect(exec.stdout).toContain('  command\t<[]string>\n    Command is the command line to execute inside the container');
    const svcType = await kubectl('explain', 'service.spec.type');
    expect(svcType.stdout).toContain('ENUM:\n    ClusterIP\n    ExternalName\n    LoadBalancer\n    NodePort');
    expect(svcType.stdout).toContain('type determines how the Service is exposed.');
    const recursive = await kubectl('explain', 'deployment.spec', '--recursive');
    expect(recursive.stdout).toContain('  strategy\t<DeploymentStrategy>\n    rollingUpdate\t<RollingUpdateDeployment>\n      maxSurge\t<IntOrString>\n      maxUnavailable\t<IntOrString>\n    type\t<string>\n    enum: Recreate, RollingUpdate\n');
    const missing = await kubectl('explain', 'deployment.spec.nope');
    expect(missing.stderr.trim()).toBe('error: field "nope" does not exist');
  });

  it('explains from OpenAPI v2 too, and apply still patches from its built-in types', async () => {
    const v2 = await kubectl('explain', 'deployment.spec.strategy', '--output=plaintext-openapiv2');
    expect(v2.stdout).toContain('RESOURCE: strategy <Object>');
    expect(v2.stdout).toContain('   type\t<string>\n     Type of deployment. Can be "Recreate" or "RollingUpdate". Default is');
    const file = join(h.dataDir, 'web.yaml');
    const manifest = (value: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n        env:\n        - {name: A, value: "${value}"}\n`;
    writeFileSync(file, manifest('1'));
    expect((await kubectl('apply', '-f', file)).stdout.trim()).toBe('deployment.apps/web created');
    writeFileSync(file, manifest('2'));
    const again = await kubectl('apply', '-f', file);
    expect(again.stderr).toBe('');
    expect(again.stdout.trim()).toBe('deployment.apps/web configured');
    const env = (engine.store.get('Deployment', 'default', 'web') as unknown as { spec: { template: { spec: { containers: { env: unknown[] }[] } } } }).spec.template.spec.containers[0]!.env;
    expect(env).toEqual([{ name: 'A', value: '2' }]);
  });

  it('names the kubeconfig context minikube', async () => {
    expect((await kubectl('config', 'current-context')).stdout.trim()).toBe('minikube');
    expect(rows((await kubectl('config', 'get-contexts')).stdout)[1]).toEqual(['*', 'minikube', 'minikube', 'minikube', 'default']);
  });
});
