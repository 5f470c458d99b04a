/**
 * Server-side apply and managedFields as the real kubectl 1.32 sees them, against the real engine:
 * apply, a second manager's conflict (exit code 1 and upstream's message), --force-conflicts, the
 * client-side to server-side upgrade, kubectl scale's ownership of replicas, --show-managed-fields
 * and kubectl diff --server-side. Skips, saying why, without kubectl.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/api';
import { createEngine } from '../../engine/index';
import { resolveKubectl } from '../../pty/kubectl-resolve';
import { startHarness, type Harness } from '../testing/harness';
import { runKubectl } from '../testing/kubectl-run';

const run = promisify(execFile);
const found = resolveKubectl({ platform: process.platform, pathEnv: process.env.PATH ?? '' });
const kubectlPath = found.source === 'none' ? undefined : found.path;
let engine: Engine;
let h: Harness;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(...args: string[]): Promise<Result> {
  return runKubectl(kubectlPath!, h.server.kubeconfigPath, args, { cacheDir: join(h.dataDir, 'cache') });
}

function manifest(name: string, replicas: number, image = 'nginx:1.27'): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  labels:\n    app: ${name}\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n      - name: nginx\n        image: ${image}\n        ports:\n        - containerPort: 80\n`;
}

function file(name: string, text: string): string {
  const path = join(h.dataDir, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
}

interface Entry {
  manager: string;
  operation: string;
  apiVersion: string;
  time?: string;
  subresource?: string;
  fieldsV1: Record<string, Record<string, unknown>>;
}

async function managedFields(name: string): Promise<Entry[]> {
  const r = await kubectl('get', 'deployment', name, '-o', 'json', '--show-managed-fields');
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { metadata: { managedFields?: Entry[] } }).metadata.managedFields ?? [];
}

const owners = (entries: Entry[]) => entries.map((e) => [e.manager, e.operation, e.subresource ?? ''].join('/'));
const ownsReplicas = (e: Entry) => !!(e.fieldsV1['f:spec'] && 'f:replicas' in e.fieldsV1['f:spec']);

describe.skipIf(!kubectlPath)(`server-side apply with kubectl${kubectlPath ? '' : ' (skipped: no kubectl on PATH)'}`, () => {
  beforeAll(async () => {
    engine = createEngine({ seed: 11, nodes: 1 });
    engine.advance(5_000);
    h = await startHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
    engine?.dispose();
  });

  it('applies, records an Apply entry, and hides managedFields without --show-managed-fields', async () => {
    const r = await kubectl('apply', '--server-side', '-f', file('a', manifest('ssa', 2)));
    expect(r).toMatchObject({ code: 0, stdout: 'deployment.apps/ssa serverside-applied\n' });
    const entries = await managedFields('ssa');
    expect(owners(entries)).toContain('kubectl/Apply/');
    const apply = entries.find((e) => e.operation === 'Apply')!;
    expect(apply.apiVersion).toBe('apps/v1');
    expect(apply.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const containers = (apply.fieldsV1['f:spec']!['f:template'] as Record<string, Record<string, Record<string, unknown>>>)['f:spec']!['f:containers']!;
    expect(containers['k:{"name":"nginx"}']).toEqual({ '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } });
    const plain = await kubectl('get', 'deployment', 'ssa', '-o', 'yaml');
    expect(plain.stdout).not.toContain('managedFields');
    const shown = await kubectl('get', 'deployment', 'ssa', '-o', 'yaml', '--show-managed-fields');
    expect(shown.stdout).toContain('managedFields:');
    expect(shown.stdout).toContain('f:replicas: {}');
  });

  it('refuses a second manager changing an owned field, then --force-conflicts takes it', async () => {
    const path = file('b', manifest('ssa', 4));
    const refused = await kubectl('apply', '--server-side', '--field-manager', 'other', '-f', path);
    expect(refused.code).toBe(1);
    expect(refused.stderr.split('\n')[0]).toBe('error: Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas');
    expect(refused.stderr).toContain('--force-conflicts');
    expect(engine.store.get('Deployment', 'default', 'ssa')!.spec).toMatchObject({ replicas: 2 });
    const forced = await kubectl('apply', '--server-side', '--field-manager', 'other', '--force-conflicts', '-f', path);
    expect(forced.code).toBe(0);
    const entries = await managedFields('ssa');
    expect(entries.find((e) => e.manager === 'other')!.fieldsV1['f:spec']).toHaveProperty('f:replicas');
    expect(entries.find((e) => e.manager === 'kubectl')!.fieldsV1['f:spec']).not.toHaveProperty('f:replicas');
  });

  it('shows the conflict on .spec.replicas after kubectl scale', async () => {
    const path = file('c', manifest('scaled', 2));
    expect((await kubectl('apply', '--server-side', '-f', path)).code).toBe(0);
    expect((await kubectl('scale', 'deployment', 'scaled', '--replicas=5')).code).toBe(0);
    const scaler = (await managedFields('scaled')).find((e) => e.subresource === 'scale')!;
    expect(scaler).toMatchObject({ operation: 'Update', apiVersion: 'apps/v1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
    const again = await kubectl('apply', '--server-side', '-f', path);
    expect(again.code).toBe(1);
    expect(again.stderr.split('\n')[0]).toBe(`error: Apply failed with 1 conflict: conflict with ${JSON.stringify(scaler.manager)} with subresource "scale" using apps/v1: .spec.replicas`);
  });

  it('upgrades a client-side applied object to server-side apply without conflicts', async () => {
    expect((await kubectl('apply', '-f', file('d', manifest('csa', 1)))).code).toBe(0);
    const before = await managedFields('csa');
    expect(owners(before)).toEqual(['kubectl-client-side-apply/Update/']);
    expect(before[0]!.fieldsV1['f:metadata']).toMatchObject({ 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} } });
    const upgraded = await kubectl('apply', '--server-side', '-f', file('d2', manifest('csa', 3)));
    expect(upgraded).toMatchObject({ code: 0, stdout: 'deployment.apps/csa serverside-applied\n' });
    const after = await managedFields('csa');
    expect(after.filter(ownsReplicas).map((e) => e.manager)).toEqual(['kubectl']);
    const last = engine.store.get('Deployment', 'default', 'csa')!.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']!;
    expect(JSON.parse(last)).toMatchObject({ spec: { replicas: 3 } });
    // Another manager name does not get the upgrade: replicas belongs to kubectl now.
    const other = await kubectl('apply', '--server-side', '--field-manager', 'someone', '-f', file('d3', manifest('csa', 5)));
    expect(other.stderr.split('\n')[0]).toBe('error: Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas');
  });

  it('records kubectl-create and prunes fields dropped from the configuration', async () => {
    expect((await kubectl('create', 'deployment', 'made', '--image=nginx')).code).toBe(0);
    expect(owners(await managedFields('made'))).toEqual(['kubectl-create/Update/']);
    const path = file('e', manifest('pruned', 1).replace('  labels:\n    app: pruned\n', '  labels:\n    app: pruned\n    extra: "yes"\n'));
    expect((await kubectl('apply', '--server-side', '-f', path)).code).toBe(0);
    expect(engine.store.get('Deployment', 'default', 'pruned')!.metadata.labels).toEqual({ app: 'pruned', extra: 'yes' });
    expect((await kubectl('apply', '--server-side', '-f', file('e2', manifest('pruned', 1)))).code).toBe(0);
    expect(engine.store.get('Deployment', 'default', 'pruned')!.metadata.labels).toEqual({ app: 'pruned' });
  });

  it('diffs server-side without changing the object, conflicts included', async () => {
    const path = file('f', manifest('ssa', 4, 'nginx:1.28'));
    // "other" applied the same image when it forced replicas, so it co-owns the image.
    const refused = await kubectl('diff', '--server-side', '-f', path);
    // kubectl diff exits above 1 on an error (1 means "differences found").
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Apply failed with 1 conflict: conflict with "other": .spec.template.spec.containers[name="nginx"].image');
    const r = await kubectl('diff', '--server-side', '--force-conflicts', '-f', path);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('-      - image: nginx:1.27\n+      - image: nginx:1.28\n');
    expect(r.stdout).not.toContain('managedFields');
    expect((engine.store.get('Deployment', 'default', 'ssa')!.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image).toBe('nginx:1.27');
  });

  it('records the managers kubectl names, and the engine components on what users wrote', async () => {
    expect((await kubectl('set', 'image', 'deployment/made', 'nginx=nginx:1.28')).code).toBe(0);
    expect((await kubectl('label', 'deployment', 'made', 'tier=web')).code).toBe(0);
    engine.advance(30_000);
    const entries = await managedFields('made');
    expect(owners(entries)).toEqual(expect.arrayContaining(['kubectl-create/Update/', 'kubectl-set/Update/', 'kubectl-label/Update/', 'kube-controller-manager/Update/status']));
    const set = entries.find((e) => e.manager === 'kubectl-set')!;
    expect(set.fieldsV1).toEqual({ 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { 'f:image': {} } } } } } });
    // The image moved from kubectl-create to kubectl-set.
    const created = entries.find((e) => e.manager === 'kubectl-create')!;
    expect(JSON.stringify(created.fieldsV1)).toContain('"f:imagePullPolicy"');
    expect(JSON.stringify(created.fieldsV1)).not.toContain('"f:image"');
    const status = entries.find((e) => e.manager === 'kube-controller-manager' && e.subresource === 'status')!;
    expect(status.fieldsV1['f:status']).toHaveProperty('f:replicas');
    // The ReplicaSet the controller made has no entries: engine writes are recorded only on what users wrote.
    const rs = engine.store.list({ group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true }, { namespace: 'default' }).items.find((r) => r.metadata.name.startsWith('made-'))!;
    expect(rs.metadata.managedFields).toBeUndefined();
  });

  it('records kubectl edit, and status writes under subresource status', async () => {
    const editor = join(h.dataDir, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/revisionHistoryLimit: 10/revisionHistoryLimit: 7/" "$1"\n', { mode: 0o755 });
    const edited = await run(kubectlPath!, ['--kubeconfig', h.server.kubeconfigPath, 'edit', 'deployment', 'made'], { timeout: 30_000, env: { ...process.env, KUBE_EDITOR: editor, KUBECACHEDIR: join(h.dataDir, 'cache') } });
    expect(edited.stdout).toBe('deployment.apps/made edited\n');
    const patched = await kubectl('patch', 'deployment', 'made', '--subresource=status', '--type=merge', '-p', '{"status":{"collisionCount":1}}');
    expect(patched.code).toBe(0);
    const entries = await managedFields('made');
    expect(entries.find((e) => e.manager === 'kubectl-edit')!.fieldsV1).toEqual({ 'f:spec': { 'f:revisionHistoryLimit': {} } });
    expect(entries.find((e) => e.manager === 'kubectl-patch')).toMatchObject({ operation: 'Update', subresource: 'status', fieldsV1: { 'f:status': { 'f:collisionCount': {} } } });
  });

  it('records kubectl run and the kubelet on the pod', async () => {
    expect((await kubectl('run', 'solo', '--image=nginx')).code).toBe(0);
    engine.advance(60_000);
    const r = await kubectl('get', 'pod', 'solo', '-o', 'json', '--show-managed-fields');
    const entries = (JSON.parse(r.stdout) as { metadata: { managedFields: Entry[] } }).metadata.managedFields;
    expect(owners(entries)).toEqual(['kubectl-run/Update/', 'kubelet/Update/status']);
    expect(entries[1]!.fieldsV1['f:status']).toHaveProperty('f:phase');
  });

  it('refuses managedFields in an applied configuration and apply without a field manager', async () => {
    const withManaged = manifest('ssa', 4).replace('  labels:\n', '  managedFields:\n  - manager: x\n    operation: Apply\n  labels:\n');
    const r = await kubectl('apply', '--server-side', '-f', file('g', withManaged));
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Error from server (BadRequest): metadata.managedFields must be nil');
  });

  it('clears managedFields with [{}]', async () => {
    const r = await kubectl('patch', 'deployment', 'made', '--type=json', '-p', '[{"op":"replace","path":"/metadata/managedFields","value":[{}]}]');
    expect(r.code).toBe(0);
    expect(await managedFields('made')).toEqual([]);
  });
});
