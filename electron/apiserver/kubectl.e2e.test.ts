/**
 * The real kubectl (1.32, found on PATH) against Kubelab's API server on the real engine, command
 * by command through the six Kubernetes Basics modules and the seed tutorial's commands, asserting
 * what kubectl prints. The virtual clock runs at 10x in the background so pods start and rollouts
 * finish while kubectl waits. Skips, saying why, when kubectl or the engine is missing.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/api';
import { createApiServer } from './index';
import type { ApiServer } from './index';
import { loadRealEngine } from './testing/engine-loader';

const kubectlPath = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'kubectl')).find((p) => existsSync(p));
const createEngine = await loadRealEngine();
const scriptPath = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p));
const skipReason = !kubectlPath ? 'no kubectl on PATH' : !createEngine ? 'electron/engine/index.ts does not export createEngine yet' : '';
if (skipReason) console.warn(`kubectl e2e skipped: ${skipReason}`);

const SEED = '/work/shared/seed/kubernetes-begin.md';

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

let engine: Engine;
let server: ApiServer;
let workDir: string;
let ticker: NodeJS.Timeout;
let env: NodeJS.ProcessEnv;

function kubectl(args: string[], timeoutMs = 30_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(kubectlPath!, args, { env, timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0;
      resolve({ stdout: String(stdout), stderr: String(stderr), code });
    });
  });
}

async function ok(args: string[]): Promise<string> {
  const r = await kubectl(args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Retries `check` until it passes: the cluster converges on the background clock. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await check();
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw last;
}

function rows(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s{2,}/));
}

async function podNames(selector = 'app=kubernetes-bootcamp'): Promise<string[]> {
  const out = await ok(['get', 'pods', '-l', selector, '-o', 'go-template', '--template', '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}']);
  return out.split('\n').filter(Boolean);
}

describe.skipIf(!!skipReason)('real kubectl against Kubelab', () => {
  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'kubelab-e2e-'));
    engine = createEngine!({ seed: 42, nodes: 3 });
    engine.advance(30_000);
    server = await createApiServer({ engine, dataDir: join(workDir, 'data') });
    env = { ...process.env, KUBECONFIG: server.kubeconfigPath, KUBECACHEDIR: join(workDir, 'cache') };
    ticker = setInterval(() => engine.advance(250), 25);
  }, 60_000);

  afterAll(async () => {
    clearInterval(ticker);
    await server?.close();
    engine?.dispose();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  describe('module 1: create a cluster', () => {
    it('kubectl version reports a 1.32 server', async () => {
      const out = await ok(['version']);
      expect(out).toMatch(/Client Version: v1\.32/);
      expect(out).toContain('Server Version: v1.32.4');
    });
    it('kubectl cluster-info names the control plane', async () => {
      const out = await ok(['cluster-info']);
      expect(out).toContain(`Kubernetes control plane is running at ${server.url}`);
    });
    it('kubectl get nodes lists Ready nodes', async () => {
      const out = await ok(['get', 'nodes']);
      expect(out.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
      expect(rows(out).length).toBeGreaterThanOrEqual(1);
      for (const row of rows(out)) expect(row[1]).toBe('Ready');
    });
  });

  describe('module 2: deploy an app', () => {
    it('kubectl create deployment (protobuf body) and get deployments', async () => {
      expect(await ok(['create', 'deployment', 'kubernetes-bootcamp', '--image=gcr.io/google-samples/kubernetes-bootcamp:v1'])).toBe('deployment.apps/kubernetes-bootcamp created\n');
      const again = await kubectl(['create', 'deployment', 'kubernetes-bootcamp', '--image=gcr.io/google-samples/kubernetes-bootcamp:v1']);
      expect(again.stderr).toContain('error: failed to create deployment: deployments.apps "kubernetes-bootcamp" already exists');
      await eventually(async () => {
        const out = await ok(['get', 'deployments']);
        expect(out.split('\n')[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
        expect(rows(out)[0]?.slice(0, 4)).toEqual(['kubernetes-bootcamp', '1/1', '1', '1']);
      });
    });
    it('kubectl proxy reaches /version and the pod through the proxy subresource', async () => {
      const proxy: ChildProcess = spawn(kubectlPath!, ['proxy', '--port=0'], { env });
      try {
        const port = await new Promise<number>((resolve, reject) => {
          let text = '';
          proxy.stdout?.on('data', (c: Buffer) => {
            text += c.toString();
            const m = /Starting to serve on 127\.0\.0\.1:(\d+)/.exec(text);
            if (m) resolve(Number(m[1]));
          });
          proxy.on('exit', () => reject(new Error(`proxy exited: ${text}`)));
        });
        const version = (await (await fetch(`http://localhost:${port}/version`)).json()) as { gitVersion: string };
        expect(version.gitVersion).toBe('v1.32.4');
        const [pod] = await podNames();
        const hello = await (await fetch(`http://localhost:${port}/api/v1/namespaces/default/pods/${pod}:8080/proxy/`)).text();
        expect(hello).toBe(`Hello Kubernetes bootcamp! | Running on: ${pod} | v=1\n`);
      } finally {
        proxy.kill();
      }
    });
  });

  describe('module 3: explore the app', () => {
    it('kubectl get pods and describe pods show the running pod', async () => {
      const out = await ok(['get', 'pods']);
      expect(rows(out)[0]?.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
      const describe = await ok(['describe', 'pods']);
      for (const section of ['Name:', 'Node:', 'IP:', 'Controlled By:  ReplicaSet/kubernetes-bootcamp-', 'Containers:', 'Conditions:', 'Events:']) expect(describe).toContain(section);
      expect(describe).toMatch(/Status:\s+Running/);
    });
    it('kubectl logs shows the app starting', async () => {
      const [pod] = await podNames();
      expect(await ok(['logs', pod!])).toContain(`Kubernetes Bootcamp App Started At:`);
      const missing = await kubectl(['logs', 'nope']);
      expect(missing.stderr).toContain('pods "nope" not found');
    });
    it('kubectl exec POD -- env', async () => {
      const [pod] = await podNames();
      const out = await ok(['exec', pod!, '--', 'env']);
      expect(out).toContain(`HOSTNAME=${pod}`);
      expect(out).toContain('KUBERNETES_SERVICE_HOST=');
    });
    it.skipIf(!scriptPath)('kubectl exec -ti POD -- bash: cat server.js, curl localhost:8080, exit', async () => {
      const [pod] = await podNames();
      const typed = "sleep 2; printf 'cat server.js\\r'; sleep 1; printf 'curl http://localhost:8080\\r'; sleep 1; printf 'exit\\r'; sleep 1";
      const out = await new Promise<string>((resolve) => {
        execFile('/bin/sh', ['-c', `(${typed}) | ${scriptPath} -qc "${kubectlPath} exec -ti ${pod} -- bash" /dev/null`], { env, timeout: 20_000 }, (_e, stdout) => resolve(String(stdout)));
      });
      expect(out).toContain(`root@${pod}:/`);
      expect(out).toContain('cat server.js');
      expect(out).toContain(`Hello Kubernetes bootcamp! | Running on: ${pod} | v=1`);
    });
  });

  describe('module 4: expose the app', () => {
    it('kubectl get services, expose, describe services', async () => {
      expect(await ok(['get', 'services'])).toMatch(/kubernetes\s+ClusterIP\s+\S+\s+<none>\s+443\/TCP/);
      expect(await ok(['expose', 'deployment/kubernetes-bootcamp', '--type=NodePort', '--port', '8080'])).toBe('service/kubernetes-bootcamp exposed\n');
      const svc = await ok(['get', 'services', 'kubernetes-bootcamp']);
      expect(svc).toMatch(/kubernetes-bootcamp\s+NodePort\s+\d+\.\d+\.\d+\.\d+\s+<none>\s+8080:3\d{4}\/TCP/);
      const describe = await eventually(async () => {
        const text = await ok(['describe', 'services/kubernetes-bootcamp']);
        expect(text).toMatch(/Endpoints:\s+\d+\.\d+\.\d+\.\d+:8080/);
        return text;
      });
      expect(describe).toMatch(/NodePort:\s+<unset>\s+3\d{4}\/TCP/);
      const nodePort = await ok(['get', 'services/kubernetes-bootcamp', '-o', 'go-template={{(index .spec.ports 0).nodePort}}']);
      expect(Number(nodePort)).toBeGreaterThanOrEqual(30000);
    });
    it('labels pods, selects by label, deletes the service by label', async () => {
      const [pod] = await podNames();
      expect(await ok(['label', 'pods', pod!, 'version=v1'])).toBe(`pod/${pod} labeled\n`);
      expect(await ok(['describe', 'pods', pod!])).toContain('version=v1');
      expect(rows(await ok(['get', 'pods', '-l', 'version=v1'])).map((r) => r[0])).toEqual([pod]);
      expect(rows(await ok(['get', 'services', '-l', 'app=kubernetes-bootcamp'])).map((r) => r[0])).toEqual(['kubernetes-bootcamp']);
      expect(await ok(['delete', 'service', '-l', 'app=kubernetes-bootcamp'])).toBe('service "kubernetes-bootcamp" deleted\n');
      const none = await kubectl(['get', 'services', '-l', 'app=kubernetes-bootcamp']);
      expect(none.stderr).toContain('No resources found in default namespace.');
      expect(await ok(['exec', '-t', pod!, '--', 'curl', '-s', 'http://localhost:8080'])).toContain('Hello Kubernetes bootcamp!');
    });
  });

  describe('module 5: scale the app', () => {
    it('kubectl get rs, scale to 4, get pods -o wide, describe deployment', async () => {
      expect(rows(await ok(['get', 'rs']))[0]?.slice(1, 4)).toEqual(['1', '1', '1']);
      expect(await ok(['scale', 'deployments/kubernetes-bootcamp', '--replicas=4'])).toBe('deployment.apps/kubernetes-bootcamp scaled\n');
      await eventually(async () => expect(rows(await ok(['get', 'deployments']))[0]?.slice(0, 4)).toEqual(['kubernetes-bootcamp', '4/4', '4', '4']));
      const wide = await ok(['get', 'pods', '-o', 'wide']);
      expect(wide.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
      const podRows = rows(wide).filter((r) => r[0]?.startsWith('kubernetes-bootcamp-'));
      expect(podRows).toHaveLength(4);
      for (const r of podRows) expect(r[5]).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(await ok(['describe', 'deployments/kubernetes-bootcamp'])).toMatch(/Replicas:\s+4 desired \| 4 updated \| 4 total \| 4 available \| 0 unavailable/);
    });
    it('scales down to 2', async () => {
      expect(await ok(['scale', 'deployments/kubernetes-bootcamp', '--replicas=2'])).toBe('deployment.apps/kubernetes-bootcamp scaled\n');
      await eventually(async () => expect(await podNames()).toHaveLength(2));
    });
  });

  describe('module 6: update the app', () => {
    it('set image, rollout status, and the v2 app answers', async () => {
      expect(await ok(['set', 'image', 'deployments/kubernetes-bootcamp', 'kubernetes-bootcamp=docker.io/jocatalin/kubernetes-bootcamp:v2'])).toBe('deployment.apps/kubernetes-bootcamp image updated\n');
      const status = await ok(['rollout', 'status', 'deployments/kubernetes-bootcamp', '--timeout=60s']);
      expect(status).toContain('deployment "kubernetes-bootcamp" successfully rolled out');
      const [pod] = await podNames();
      expect(await ok(['exec', pod!, '--', 'curl', '-s', 'http://localhost:8080'])).toContain('| v=2');
    });
    it('a bad tag shows ErrImagePull/ImagePullBackOff, and rollout undo recovers', async () => {
      await ok(['set', 'image', 'deployments/kubernetes-bootcamp', 'kubernetes-bootcamp=gcr.io/google-samples/kubernetes-bootcamp:v10']);
      await eventually(async () => expect(await ok(['get', 'pods'])).toMatch(/ErrImagePull|ImagePullBackOff/));
      expect(await ok(['rollout', 'undo', 'deployments/kubernetes-bootcamp'])).toBe('deployment.apps/kubernetes-bootcamp rolled back\n');
      expect(await ok(['rollout', 'status', 'deployments/kubernetes-bootcamp', '--timeout=60s'])).toContain('successfully rolled out');
      await eventually(async () => {
        const out = await ok(['get', 'pods', '-o', 'jsonpath={range .items[*]}{.spec.containers[0].image}{"\\n"}{end}']);
        expect(out.trim().split('\n').every((image) => image.endsWith(':v2'))).toBe(true);
      });
      expect(await ok(['rollout', 'history', 'deployments/kubernetes-bootcamp'])).toMatch(/REVISION\s+CHANGE-CAUSE/);
    });
  });

  describe("the seed tutorial's commands", () => {
    it('kubectl exec -it POD /bin/bash is refused by kubectl 1.32 itself', async () => {
      const [pod] = await podNames();
      const r = await kubectl(['exec', '-it', pod!, '/bin/bash']);
      expect(r.stderr).toContain('exec [POD] [COMMAND] is not supported anymore');
    });
    it('kubectl apply -f of the nginx ReplicaSet (verbatim fails to parse, as on any cluster; fixed indentation applies)', async () => {
      const markdown = readFileSync(SEED, 'utf8');
      const block = markdown.split('```').find((b) => b.includes('kind: ReplicaSet'));
      expect(block).toBeDefined();
      const verbatim = join(workDir, 'replicaset-verbatim.yaml');
      writeFileSync(verbatim, block!.replace(/^\n/, ''));
      const bad = await kubectl(['apply', '-f', verbatim]);
      expect(bad.stderr).toContain('error converting YAML to JSON');
      const fixed = join(workDir, 'replicaset.yaml');
      writeFileSync(fixed, block!.replace(/^\n/, '').replace(/^ selector:/m, '  selector:'));
      expect(await ok(['apply', '-f', fixed])).toBe('replicaset.apps/replicaset-nginx created\n');
      await eventually(async () => expect(rows(await ok(['get', 'rs', 'replicaset-nginx']))[0]?.slice(0, 4)).toEqual(['replicaset-nginx', '3', '3', '3']));
      expect(rows(await ok(['get', 'pods', '-l', 'app=my-nginx-pods-label']))).toHaveLength(3);
      expect(await ok(['apply', '-f', fixed])).toBe('replicaset.apps/replicaset-nginx unchanged\n');
      writeFileSync(fixed, readFileSync(fixed, 'utf8').replace('replicas: 3', 'replicas: 2'));
      expect(await ok(['apply', '-f', fixed])).toBe('replicaset.apps/replicaset-nginx configured\n');
      expect(await ok(['apply', '--server-side', '-f', fixed])).toBe('replicaset.apps/replicaset-nginx serverside-applied\n');
      await eventually(async () => expect(rows(await ok(['get', 'pods', '-l', 'app=my-nginx-pods-label']))).toHaveLength(2));
      expect(await ok(['delete', '-f', fixed])).toBe('replicaset.apps "replicaset-nginx" deleted\n');
    });
    it('kubectl get, describe, logs and exec as the seed lists them', async () => {
      const [pod] = await podNames();
      expect(await ok(['get', 'all'])).toMatch(/deployment\.apps\/kubernetes-bootcamp/);
      expect(await ok(['describe', 'pod', pod!])).toContain(`Name:             ${pod}`);
      expect(await ok(['logs', pod!])).toContain('Running On:');
      expect(await ok(['exec', pod!, '--', 'env'])).toContain('PATH=');
    });
  });

  describe('more of what learners type', () => {
    it('errors print as on a real cluster', async () => {
      expect((await kubectl(['get', 'pod', 'nope'])).stderr).toContain('Error from server (NotFound): pods "nope" not found');
      expect((await kubectl(['get', 'deployment', 'nope'])).stderr).toContain('Error from server (NotFound): deployments.apps "nope" not found');
    });
    it('get events, top, explain', async () => {
      expect((await ok(['get', 'events'])).split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
      expect(await ok(['top', 'pods'])).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
      expect(await ok(['top', 'nodes'])).toMatch(/^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)/);
      expect(await ok(['explain', 'pods'])).toMatch(/KIND:\s+Pod/);
      expect(await ok(['explain', 'deployment.spec'])).toMatch(/FIELD: spec <DeploymentSpec>/);
    });
    it('cordon shows Ready,SchedulingDisabled; uncordon restores', async () => {
      const [node] = rows(await ok(['get', 'nodes'])).map((r) => r[0]);
      expect(await ok(['cordon', node!])).toBe(`node/${node} cordoned\n`);
      expect(await ok(['get', 'node', node!])).toContain('Ready,SchedulingDisabled');
      expect(await ok(['uncordon', node!])).toBe(`node/${node} uncordoned\n`);
    });
    it('delete deployment cleans up its pods', async () => {
      expect(await ok(['delete', 'deployment', 'kubernetes-bootcamp'])).toBe('deployment.apps "kubernetes-bootcamp" deleted\n');
      await eventually(async () => expect(await podNames()).toHaveLength(0));
    });
  });
});
