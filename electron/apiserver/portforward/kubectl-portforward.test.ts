/**
 * The real kubectl 1.32's `port-forward` against the API server on the real engine: through the
 * WebSocket tunnel (its default) and the plain SPDY fallback, to a pod, a Service and a Deployment,
 * and the docker runtime's refusal for a port nothing listens on. Skips, saying why, without kubectl.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/api';
import { createDeployment, deployment, engine as newEngine, isReady, podsOf, until } from '../../engine/testkit';
import { resolveKubectl } from '../../pty/kubectl-resolve';
import { startHarness, type Harness } from '../testing/harness';
import { sandboxId } from './forwarder';

const found = resolveKubectl({ platform: process.platform, pathEnv: process.env.PATH ?? '' });
const kubectlPath = found.source === 'none' ? undefined : found.path;
let e: Engine;
let h: Harness;
let cacheDir: string;
let pod: { name: string; uid: string };
const children = new Set<ChildProcess>();

interface Forward {
  child: ChildProcess;
  port: number;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Starts `kubectl port-forward <args>` and waits for its "Forwarding from 127.0.0.1:N" line. */
function portForward(args: string[], env: Record<string, string> = {}): Promise<Forward> {
  const child = spawn(kubectlPath!, ['--kubeconfig', h.server.kubeconfigPath, 'port-forward', ...args], { env: { ...process.env, KUBECACHEDIR: cacheDir, ...env } });
  children.add(child);
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no Forwarding line: ${out} ${err}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), stderr: () => err, exited });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', () => reject(new Error(`kubectl exited: ${out} ${err}`)));
  });
}

function httpGet(port: number, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
  });
}

describe.skipIf(!kubectlPath)(`kubectl port-forward${kubectlPath ? '' : ' (skipped: no kubectl on PATH)'}`, () => {
  beforeAll(async () => {
    e = newEngine({ seed: 5, nodes: 1 });
    createDeployment(e, deployment('boot', 'gcr.io/google-samples/kubernetes-bootcamp:v1'));
    until(e, () => podsOf(e, 'boot').some(isReady));
    e.advance(1_000);
    const p = podsOf(e, 'boot')[0]!;
    pod = { name: p.metadata.name, uid: p.metadata.uid! };
    h = await startHarness(e);
    cacheDir = mkdtempSync(join(tmpdir(), 'kubelab-kubectl-cache-'));
    const svc = await h.request('POST', '/api/v1/namespaces/default/services', {
      body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'boot' }, spec: { selector: { app: 'boot' }, ports: [{ port: 80, targetPort: 8080 }] } },
    });
    expect(svc.status).toBe(201);
  });
  afterEach(() => {
    for (const child of children) child.kill();
    children.clear();
  });
  afterAll(async () => {
    await h?.close();
    e?.dispose();
  });

  it('forwards a local port to the pod over the WebSocket tunnel, several requests on one connection each', async () => {
    const forward = await portForward(['-v=4', `pod/${pod.name}`, ':8080']);
    for (const path of ['/', '/second']) {
      const reply = await httpGet(forward.port, path);
      expect(reply).toEqual({ status: 200, body: `Hello Kubernetes bootcamp! | Running on: ${pod.name} | v=1\n` });
    }
    expect(h.server.openStreams()).toBeGreaterThan(0);
    // tunneling_dialer.go logs the subprotocol it negotiated, minus the SPDY/3.1+ prefix.
    expect(forward.stderr()).toContain('negotiated protocol: portforward.k8s.io');
  });

  it('resolves svc/boot 80 to the pod and its targetPort 8080 (client-side) over plain SPDY', async () => {
    const forward = await portForward(['-v=4', 'svc/boot', ':80'], { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' });
    expect((await httpGet(forward.port)).body).toBe(`Hello Kubernetes bootcamp! | Running on: ${pod.name} | v=1\n`);
    expect(forward.stderr()).not.toContain('negotiated protocol');
  });

  it('forwards to a deployment', async () => {
    const forward = await portForward(['deployment/boot', ':8080']);
    expect((await httpGet(forward.port)).status).toBe(200);
  });

  it('prints the refusal for a port nothing listens on and exits: lost connection to pod', async () => {
    const forward = await portForward([`pod/${pod.name}`, ':9999']);
    await expect(httpGet(forward.port)).rejects.toThrow();
    const code = await forward.exited;
    expect(code).toBe(1);
    const stderr = forward.stderr();
    expect(stderr).toContain(`an error occurred forwarding ${forward.port} -> 9999: error forwarding port 9999 to pod ${sandboxId(pod.uid)}, uid : exit status 1: `);
    expect(stderr).toMatch(/socat\[\d+\] E connect\(5, AF=2 127\.0\.0\.1:9999, 16\): Connection refused/);
    expect(stderr).toContain('error: lost connection to pod');
  });

  it('closes its sessions once kubectl is gone', async () => {
    const forward = await portForward([`pod/${pod.name}`, ':8080']);
    await httpGet(forward.port);
    expect(h.server.openStreams()).toBeGreaterThan(0);
    forward.child.kill();
    await forward.exited;
    for (let i = 0; i < 100 && h.server.openStreams() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(h.server.openStreams()).toBe(0);
  });

  it('refuses a pod that does not exist as the API server does', async () => {
    const child = spawn(kubectlPath!, ['--kubeconfig', h.server.kubeconfigPath, 'port-forward', 'pod/nope', '8080'], { env: { ...process.env, KUBECACHEDIR: cacheDir } });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err.trim()).toBe('Error from server (NotFound): pods "nope" not found');
  });
});
