import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createApiServer } from './index';
import { rfc1123 } from './kubeconfig';
import { createEngine } from '../engine';

const dir = mkdtempSync(join(tmpdir(), 'kubelab-kc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Config = { clusters: { name: string; cluster: Record<string, string> }[]; users: { name: string; user: { token: string } }[]; contexts: { name: string; context?: unknown }[]; 'current-context': string };

describe('TLS material and kubeconfig', () => {
  it('writes a 0600 kubeconfig, reuses the CA on the next start, and issues a new token per launch', async () => {
    const engine = createEngine({ seed: 1, nodes: 1 });
    const first = await createApiServer({ engine, dataDir: join(dir, 'data') });
    const config = parse(readFileSync(first.kubeconfigPath, 'utf8')) as Config;
    expect(statSync(first.kubeconfigPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data', 'kubelab-ca.key')).mode & 0o777).toBe(0o600);
    expect(config['current-context']).toBe('minikube');
    expect(config.contexts).toEqual([{ name: 'minikube', context: { cluster: 'minikube', user: 'minikube', namespace: 'default', extensions: [{ name: 'context_info', extension: { 'last-update': expect.stringMatching(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} UTC$/), provider: 'minikube.sigs.k8s.io', version: 'v1.37.0' } }] } }]);
    expect(config.users.map((u) => u.name)).toEqual(['minikube']);
    expect(config.clusters[0]!.name).toBe('minikube');
    expect((config.clusters[0]!.cluster as unknown as { extensions: { name: string; extension: { provider: string } }[] }).extensions[0]).toMatchObject({ name: 'cluster_info', extension: { provider: 'minikube.sigs.k8s.io' } });
    expect(config.clusters[0]!.cluster.server).toBe(first.url);
    expect(Buffer.from(config.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString()).toBe(first.caPem);
    expect(config.users[0]!.user.token).toBe(first.token);
    await first.close();
    const second = await createApiServer({ engine, dataDir: join(dir, 'data'), kubeconfigPath: join(dir, 'elsewhere', 'config') });
    expect(second.caPem).toBe(first.caPem);
    expect(second.token).not.toBe(first.token);
    expect(second.kubeconfigPath).toBe(join(dir, 'elsewhere', 'config'));
    await second.close();
  });
  it('merges into a user kubeconfig without losing other contexts', async () => {
    const engine = createEngine({ seed: 1, nodes: 1 });
    const server = await createApiServer({ engine, dataDir: join(dir, 'data') });
    const user = join(dir, 'user-config');
    writeFileSync(
      user,
      'apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster: {server: "https://prod:6443"}\n- name: minikube\n  cluster: {server: "https://old"}\nusers:\n- name: me\n  user: {token: abc}\ncontexts:\n- name: prod\n  context: {cluster: prod, user: me}\ncurrent-context: prod\n',
    );
    server.mergeIntoUserKubeconfig(user);
    const merged = parse(readFileSync(user, 'utf8')) as Config;
    expect(merged.clusters.map((c) => c.name)).toEqual(['prod', 'minikube']);
    expect(merged.clusters[1]!.cluster.server).toBe(server.url);
    expect(merged.users.map((u) => u.name)).toEqual(['me', 'minikube']);
    expect(merged.contexts.map((c) => c.name)).toEqual(['prod', 'minikube']);
    expect(merged['current-context']).toBe('prod');
    expect(statSync(user).mode & 0o777).toBe(0o600);
    server.mergeIntoUserKubeconfig(user, { setCurrentContext: true });
    expect((parse(readFileSync(user, 'utf8')) as Config)['current-context']).toBe('minikube');
    await server.close();
  });
  it('formats last-update as Go time.RFC1123 in UTC', () => {
    expect(rfc1123(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('Fri, 02 Jan 2026 03:04:05 UTC');
  });
});
