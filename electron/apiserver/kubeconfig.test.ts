import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createApiServer } from './index';
import { createFakeEngine } from './testing/fake-engine';

const dir = mkdtempSync(join(tmpdir(), 'kubelab-kc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Config = { clusters: { name: string; cluster: Record<string, string> }[]; users: { name: string; user: { token: string } }[]; contexts: { name: string }[]; 'current-context': string };

describe('TLS material and kubeconfig', () => {
  it('writes a 0600 kubeconfig, reuses the CA on the next start, and issues a new token per launch', async () => {
    const engine = createFakeEngine();
    const first = await createApiServer({ engine, dataDir: join(dir, 'data') });
    const config = parse(readFileSync(first.kubeconfigPath, 'utf8')) as Config;
    expect(statSync(first.kubeconfigPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data', 'kubelab-ca.key')).mode & 0o777).toBe(0o600);
    expect(config['current-context']).toBe('kubelab');
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
    const engine = createFakeEngine();
    const server = await createApiServer({ engine, dataDir: join(dir, 'data') });
    const user = join(dir, 'user-config');
    writeFileSync(
      user,
      'apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster: {server: "https://prod:6443"}\n- name: kubelab\n  cluster: {server: "https://old"}\nusers:\n- name: me\n  user: {token: abc}\ncontexts:\n- name: prod\n  context: {cluster: prod, user: me}\ncurrent-context: prod\n',
    );
    server.mergeIntoUserKubeconfig(user);
    const merged = parse(readFileSync(user, 'utf8')) as Config;
    expect(merged.clusters.map((c) => c.name)).toEqual(['prod', 'kubelab']);
    expect(merged.clusters[1]!.cluster.server).toBe(server.url);
    expect(merged.users.map((u) => u.name)).toEqual(['me', 'kubelab']);
    expect(merged.contexts.map((c) => c.name)).toEqual(['prod', 'kubelab']);
    expect(merged['current-context']).toBe('prod');
    expect(statSync(user).mode & 0o777).toBe(0o600);
    server.mergeIntoUserKubeconfig(user, { setCurrentContext: true });
    expect((parse(readFileSync(user, 'utf8')) as Config)['current-context']).toBe('kubelab');
    await server.close();
  });
});
