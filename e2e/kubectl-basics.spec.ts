/**
 * The real kubectl (found on PATH) against `npm run serve -- --kubeconfig ...`, command by command
 * through the six Kubernetes Basics modules and every kubectl command of the seed tutorial, asserting
 * what kubectl prints. The server's clock runs at 50x real time, so the tests wait for the cluster by
 * polling kubectl, never by sleeping. Skips, saying why, on a machine without kubectl.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { spawn as spawnPty } from 'node-pty';
import { createKubectl, kubectlPath, tableHeader, tableRows, type Kubectl } from './fixtures/kubectl';
import { startKubelab, type KubelabServer } from './fixtures/kubelab-server';

test.skip(!kubectlPath, 'no kubectl on PATH: these tests run the real kubectl 1.32 against Kubelab (install kubectl to run them)');
// Each step builds on the cluster state the previous ones left, as in the tutorial.
test.describe.configure({ mode: 'serial' });
// No browser here, so a trace would hold nothing but would still be written.
test.use({ trace: 'off' });

/** The seed tutorial's nginx ReplicaSet, copied verbatim (comments and its mis-indented `selector:` included). */
const SEED_REPLICASET = resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures/seed-replicaset.yaml');
const APP = 'app=kubernetes-bootcamp';
const HELLO = /^Hello Kubernetes bootcamp! \| Running on: (kubernetes-bootcamp-[a-z0-9]+-[a-z0-9]{5}) \| v=(\d)\n$/;

let server: KubelabServer;
let kubectl: Kubectl;
let apiServerUrl: string;

test.beforeAll(async () => {
  server = await startKubelab(['--nodes', '3', '--speed', '50']);
  kubectl = createKubectl(server.kubeconfig);
  apiServerUrl = /Kubernetes API server: (\S+)/.exec(server.output())?.[1] ?? '';
});

test.afterAll(async () => {
  kubectl?.dispose();
  if (server) expect(await server.stop()).toBe(0);
});

const ok = (args: string[], timeoutMs?: number) => kubectl.ok(args, timeoutMs ? { timeoutMs } : {});

/** Names of the pods matching a selector that are not terminating. */
async function podNames(selector = APP): Promise<string[]> {
  const out = await ok(['get', 'pods', '-l', selector, '-o', 'go-template', '--template', '{{range .items}}{{if not .metadata.deletionTimestamp}}{{.metadata.name}}{{"\\n"}}{{end}}{{end}}']);
  return out.split('\n').filter(Boolean);
}

async function firstPod(): Promise<string> {
  const [pod] = await podNames();
  if (!pod) throw new Error('no kubernetes-bootcamp pod');
  return pod;
}

/** Starts `kubectl proxy` on a free port and resolves to that port; the caller kills it. */
async function startProxy(): Promise<{ port: number; stop(): void }> {
  const proxy = kubectl.spawn(['proxy', '--port=0']);
  const port = await new Promise<number>((resolvePort, reject) => {
    let text = '';
    proxy.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /Starting to serve on 127\.0\.0\.1:(\d+)/.exec(text);
      if (match) resolvePort(Number(match[1]));
    });
    proxy.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
    proxy.once('exit', (code) => reject(new Error(`kubectl proxy exited ${code}: ${text}`)));
  });
  return { port, stop: () => proxy.kill() };
}

test.describe('module 1: create a cluster', () => {
  test('kubectl version reports a v1.32.4 server', async () => {
    const out = await ok(['version']);
    expect(out).toMatch(/^Client Version: v1\.32\.\d+/m);
    expect(out).toMatch(/^Kustomize Version: v\d/m);
    expect(out).toMatch(/^Server Version: v1\.32\.4$/m);
  });

  test('kubectl cluster-info names the control plane and CoreDNS', async () => {
    const out = await ok(['cluster-info']);
    expect(apiServerUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(out).toContain(`Kubernetes control plane is running at ${apiServerUrl}`);
    expect(out).toContain(`CoreDNS is running at ${apiServerUrl}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy`);
  });

  test('kubectl get nodes lists three Ready minikube nodes whose age follows the 50x clock', async () => {
    const out = await ok(['get', 'nodes']);
    expect(tableHeader(out)).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(tableRows(out).map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      ['minikube', 'Ready', 'control-plane', 'v1.32.4'],
      ['minikube-m02', 'Ready', '<none>', 'v1.32.4'],
      ['minikube-m03', 'Ready', '<none>', 'v1.32.4'],
    ]);
    // Virtual time runs 50x: within a few real seconds the nodes are minutes old.
    await expect.poll(async () => tableRows(await ok(['get', 'node', 'minikube']))[0]?.[3]).toMatch(/^\d+m\d*s?$/);
  });
});

test.describe('module 2: deploy an app', () => {
  test('kubectl create deployment, then get deployments until 1/1', async () => {
    const create = ['create', 'deployment', 'kubernetes-bootcamp', '--image=gcr.io/google-samples/kubernetes-bootcamp:v1'];
    expect(await ok(create)).toBe('deployment.apps/kubernetes-bootcamp created\n');
    const again = await kubectl.run(create);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('error: failed to create deployment: deployments.apps "kubernetes-bootcamp" already exists\n');
    const out = await ok(['get', 'deployments']);
    expect(tableHeader(out)).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    await expect.poll(async () => tableRows(await ok(['get', 'deployments']))[0]?.slice(0, 4)).toEqual(['kubernetes-bootcamp', '1/1', '1', '1']);
  });

  test('kubectl proxy serves /version and reaches the pod through its proxy subresource', async () => {
    const proxy = await startProxy();
    try {
      const version = (await (await fetch(`http://localhost:${proxy.port}/version`)).json()) as { major: string; minor: string; gitVersion: string };
      expect(version).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.4' });
      const pod = await firstPod();
      const reply = await fetch(`http://localhost:${proxy.port}/api/v1/namespaces/default/pods/${pod}:8080/proxy/`);
      expect(reply.status).toBe(200);
      expect(await reply.text()).toBe(`Hello Kubernetes bootcamp! | Running on: ${pod} | v=1\n`);
      // A port nothing listens on: the 503 Status upstream sends, which kubectl prints as such.
      const refused = await fetch(`http://localhost:${proxy.port}/api/v1/namespaces/default/pods/${pod}:9999/proxy/`);
      expect(refused.status).toBe(503);
      expect(await refused.json()).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable', code: 503 });
      const raw = await kubectl.run(['get', '--raw', `/api/v1/namespaces/default/pods/${pod}:9999/proxy/`]);
      expect(raw.code).toBe(1);
      expect(raw.stderr).toMatch(/^Error from server \(ServiceUnavailable\): error trying to reach service: dial tcp 10\.244\.\d+\.\d+:9999: connect: connection refused\n$/);
    } finally {
      proxy.stop();
    }
  });
});

test.describe('module 3: explore the app', () => {
  test('kubectl get pods and describe pods show the running pod', async () => {
    const pod = await firstPod();
    const out = await ok(['get', 'pods']);
    expect(tableHeader(out)).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(tableRows(out).find((r) => r[0] === pod)?.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
    const describe = await ok(['describe', 'pods']);
    expect(describe).toMatch(new RegExp(`^Name:\\s+${pod}$`, 'm'));
    expect(describe).toMatch(/^Namespace:\s+default$/m);
    expect(describe).toMatch(/^Node:\s+minikube(-m0\d)?\/192\.168\.49\.\d+$/m);
    expect(describe).toMatch(/^Status:\s+Running$/m);
    expect(describe).toMatch(/^IP:\s+10\.244\.\d+\.\d+$/m);
    expect(describe).toMatch(/^Controlled By:\s+ReplicaSet\/kubernetes-bootcamp-[a-z0-9]+$/m);
    expect(describe).toMatch(/^Containers:\n\s+kubernetes-bootcamp:$/m);
    expect(describe).toMatch(/^\s+Image:\s+gcr\.io\/google-samples\/kubernetes-bootcamp:v1$/m);
    expect(describe).toMatch(/^Conditions:\n\s+Type\s+Status$/m);
    expect(describe).toMatch(/^\s+Ready\s+True\s*$/m);
    expect(describe).toMatch(/^Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message$/m);
    expect(describe).toMatch(new RegExp(`Normal\\s+Scheduled\\s+\\S+\\s+default-scheduler\\s+Successfully assigned default/${pod} to minikube`));
    expect(describe).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s+Started container kubernetes-bootcamp/);
  });

  test('kubectl logs shows the app starting; a missing pod is NotFound', async () => {
    const pod = await firstPod();
    expect(await ok(['logs', pod])).toMatch(new RegExp(`^Kubernetes Bootcamp App Started At: \\S+ \\| Running On:  ${pod} \\n`));
    const missing = await kubectl.run(['logs', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: error from server (NotFound): pods "nope" not found in namespace "default"\n');
  });

  test('kubectl exec POD -- env prints the container environment', async () => {
    const pod = await firstPod();
    const out = await ok(['exec', pod, '--', 'env']);
    expect(out).toMatch(/^PATH=\/usr\/local\/sbin:/m);
    expect(out).toMatch(new RegExp(`^HOSTNAME=${pod}$`, 'm'));
    expect(out).toMatch(/^KUBERNETES_SERVICE_HOST=10\.96\.0\.1$/m);
    expect(out).toMatch(/^KUBERNETES_SERVICE_PORT=443$/m);
  });

  test('kubectl exec -ti POD -- bash: cat server.js, curl localhost:8080, exit', async () => {
    const pod = await firstPod();
    const prompt = `root@${pod}:/# `;
    const shell = spawnPty(kubectlPath!, ['exec', '-ti', pod, '--', 'bash'], { env: kubectl.env as Record<string, string>, cols: 120, rows: 30 });
    let screen = '';
    shell.onData((data) => (screen += data));
    const exited = new Promise<number>((resolveExit) => shell.onExit(({ exitCode }) => resolveExit(exitCode)));
    const typeAfter = async (after: number, line: string) => {
      await expect.poll(() => screen.split(prompt).length - 1).toBeGreaterThanOrEqual(after);
      shell.write(`${line}\r`);
    };
    try {
      await typeAfter(1, 'cat server.js');
      await typeAfter(2, 'curl http://localhost:8080');
      await typeAfter(3, 'exit');
      expect(await exited).toBe(0);
    } finally {
      shell.kill();
    }
    const lines = screen.split('\r\n');
    expect(lines).toContain(`${prompt}cat server.js`);
    expect(lines).toContain('var http = require(\'http\');');
    expect(lines).toContain('www.listen(8080,function () {');
    expect(lines).toContain(`${prompt}curl http://localhost:8080`);
    expect(lines).toContain(`Hello Kubernetes bootcamp! | Running on: ${pod} | v=1`);
    expect(lines).toContain(`${prompt}exit`);
  });
});

test.describe('module 4: expose the app', () => {
  test('kubectl get services, expose as NodePort, describe services', async () => {
    expect(tableRows(await ok(['get', 'services']))).toEqual([['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', expect.stringMatching(/^\d+m/)]]);
    expect(await ok(['expose', 'deployment/kubernetes-bootcamp', '--type=NodePort', '--port', '8080'])).toBe('service/kubernetes-bootcamp exposed\n');
    const svc = await ok(['get', 'services', 'kubernetes-bootcamp']);
    expect(svc).toMatch(/^kubernetes-bootcamp\s+NodePort\s+10\.\d+\.\d+\.\d+\s+<none>\s+8080:3\d{4}\/TCP\s+\S+$/m);
    const nodePort = await ok(['get', 'services/kubernetes-bootcamp', '-o', 'go-template={{(index .spec.ports 0).nodePort}}']);
    expect(Number(nodePort)).toBeGreaterThanOrEqual(30000);
    expect(Number(nodePort)).toBeLessThanOrEqual(32767);
    await expect.poll(() => ok(['describe', 'services/kubernetes-bootcamp'])).toMatch(/^Endpoints:\s+10\.244\.\d+\.\d+:8080$/m);
    const describe = await ok(['describe', 'services/kubernetes-bootcamp']);
    expect(describe).toMatch(/^Name:\s+kubernetes-bootcamp$/m);
    expect(describe).toMatch(/^Labels:\s+app=kubernetes-bootcamp$/m);
    expect(describe).toMatch(/^Selector:\s+app=kubernetes-bootcamp$/m);
    expect(describe).toMatch(/^Type:\s+NodePort$/m);
    expect(describe).toMatch(/^Port:\s+<unset>\s+8080\/TCP$/m);
    expect(describe).toMatch(/^TargetPort:\s+8080\/TCP$/m);
    expect(describe).toMatch(new RegExp(`^NodePort:\\s+<unset>\\s+${nodePort}/TCP$`, 'm'));
  });

  test('the app answers on $(minikube ip):$NODE_PORT and through the Service name', async () => {
    const pod = await firstPod();
    const nodePort = await ok(['get', 'services/kubernetes-bootcamp', '-o', 'go-template={{(index .spec.ports 0).nodePort}}']);
    const nodeIp = await ok(['get', 'node', 'minikube', '-o', 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}']);
    expect(nodeIp).toBe('192.168.49.2');
    expect(await ok(['exec', pod, '--', 'curl', '-s', `http://${nodeIp}:${nodePort}`])).toMatch(HELLO);
    expect(await ok(['exec', pod, '--', 'curl', '-s', 'http://kubernetes-bootcamp:8080'])).toMatch(HELLO);
  });

  test('kubectl label pods, get pods -l, delete service -l', async () => {
    const pod = await firstPod();
    expect(await ok(['label', 'pods', pod, 'version=v1'])).toBe(`pod/${pod} labeled\n`);
    expect(await ok(['describe', 'pods', pod])).toMatch(/^Labels:\s+app=kubernetes-bootcamp\n\s+pod-template-hash=[a-z0-9]+\n\s+version=v1$/m);
    expect(tableRows(await ok(['get', 'pods', '-l', 'version=v1'])).map((r) => r[0])).toEqual([pod]);
    expect(tableRows(await ok(['get', 'services', '-l', APP])).map((r) => r[0])).toEqual(['kubernetes-bootcamp']);
    expect(await ok(['delete', 'service', '-l', APP])).toBe('service "kubernetes-bootcamp" deleted\n');
    const none = await kubectl.run(['get', 'services', '-l', APP]);
    expect(none).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
    // The Service is gone, but the app still runs inside its pod.
    expect(await ok(['exec', '-t', pod, '--', 'curl', '-s', 'http://localhost:8080'])).toContain(`Hello Kubernetes bootcamp! | Running on: ${pod} | v=1`);
    const gone = await kubectl.run(['exec', pod, '--', 'curl', '-s', 'http://kubernetes-bootcamp:8080']);
    expect(gone.code).toBe(6);
    expect(gone.stderr).toContain('curl: (6) Could not resolve host: kubernetes-bootcamp');
  });
});

test.describe('module 5: scale the app', () => {
  test('kubectl get rs, scale to 4, get pods -o wide, describe deployment', async () => {
    const rs = await ok(['get', 'rs']);
    expect(tableHeader(rs)).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE$/);
    expect(tableRows(rs)[0]?.slice(0, 4)).toEqual([expect.stringMatching(/^kubernetes-bootcamp-[a-z0-9]+$/), '1', '1', '1']);
    expect(await ok(['scale', 'deployments/kubernetes-bootcamp', '--replicas=4'])).toBe('deployment.apps/kubernetes-bootcamp scaled\n');
    await expect.poll(async () => tableRows(await ok(['get', 'deployments']))[0]?.slice(0, 4)).toEqual(['kubernetes-bootcamp', '4/4', '4', '4']);
    expect(tableRows(await ok(['get', 'rs']))[0]?.slice(1, 4)).toEqual(['4', '4', '4']);
    const wide = await ok(['get', 'pods', '-o', 'wide']);
    expect(tableHeader(wide)).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    const pods = tableRows(wide).filter((r) => r[0]?.startsWith('kubernetes-bootcamp-'));
    expect(pods).toHaveLength(4);
    for (const row of pods) {
      expect(row.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
      expect(row[5]).toMatch(/^10\.244\.\d+\.\d+$/);
      expect(row[6]).toMatch(/^minikube(-m0[23])?$/);
      expect(row.slice(7)).toEqual(['<none>', '<none>']);
    }
    // The scheduler spreads the replicas over more than one node.
    expect(new Set(pods.map((r) => r[6])).size).toBeGreaterThan(1);
    const describe = await ok(['describe', 'deployments/kubernetes-bootcamp']);
    expect(describe).toMatch(/^Replicas:\s+4 desired \| 4 updated \| 4 total \| 4 available \| 0 unavailable$/m);
    expect(describe).toMatch(/^StrategyType:\s+RollingUpdate$/m);
    expect(describe).toMatch(/^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
    expect(describe).toMatch(/Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set kubernetes-bootcamp-[a-z0-9]+ from 1 to 4$/m);
  });

  test('the Service load-balances over the four replicas', async () => {
    expect(await ok(['expose', 'deployment/kubernetes-bootcamp', '--type=NodePort', '--port', '8080'])).toBe('service/kubernetes-bootcamp exposed\n');
    await expect.poll(async () => (await ok(['describe', 'services/kubernetes-bootcamp'])).match(/10\.244\.\d+\.\d+:8080/g)?.length ?? 0).toBe(3); // kubectl prints 3 endpoints, then "+ 1 more..."
    // Repeated requests through the Service (here via kubectl proxy's service proxy) land on different pods.
    const proxy = await startProxy();
    const answered = new Set<string>();
    try {
      for (let i = 0; i < 20; i++) {
        const reply = await fetch(`http://localhost:${proxy.port}/api/v1/namespaces/default/services/kubernetes-bootcamp:8080/proxy/`);
        const match = HELLO.exec(await reply.text());
        expect(match?.[2]).toBe('1');
        answered.add(match![1]!);
      }
    } finally {
      proxy.stop();
    }
    expect(await ok(['get', '--raw', '/api/v1/namespaces/default/services/kubernetes-bootcamp:8080/proxy/'])).toMatch(HELLO);
    expect(answered.size).toBeGreaterThan(1);
    for (const pod of answered) expect(await podNames()).toContain(pod);
  });

  test('scales down to 2', async () => {
    expect(await ok(['scale', 'deployments/kubernetes-bootcamp', '--replicas=2'])).toBe('deployment.apps/kubernetes-bootcamp scaled\n');
    await expect.poll(async () => (await podNames()).length).toBe(2);
    await expect.poll(async () => tableRows(await ok(['get', 'deployments']))[0]?.slice(0, 4)).toEqual(['kubernetes-bootcamp', '2/2', '2', '2']);
  });
});

test.describe('module 6: update the app', () => {
  test('kubectl set image, rollout status, and the v2 app answers', async () => {
    expect(await ok(['set', 'image', 'deployments/kubernetes-bootcamp', 'kubernetes-bootcamp=docker.io/jocatalin/kubernetes-bootcamp:v2'])).toBe('deployment.apps/kubernetes-bootcamp image updated\n');
    const status = await ok(['rollout', 'status', 'deployments/kubernetes-bootcamp', '--timeout=60s'], 70_000);
    expect(status.trimEnd().split('\n').at(-1)).toBe('deployment "kubernetes-bootcamp" successfully rolled out');
    await expect.poll(async () => (await ok(['get', 'pods', '-l', APP, '-o', 'jsonpath={.items[*].spec.containers[0].image}'])).split(' ')).toEqual(['docker.io/jocatalin/kubernetes-bootcamp:v2', 'docker.io/jocatalin/kubernetes-bootcamp:v2']);
    expect(await ok(['describe', 'pods', await firstPod()])).toMatch(/^\s+Image:\s+docker\.io\/jocatalin\/kubernetes-bootcamp:v2$/m);
    const reply = await ok(['get', '--raw', '/api/v1/namespaces/default/services/kubernetes-bootcamp:8080/proxy/']);
    expect(HELLO.exec(reply)?.[2]).toBe('2');
    expect(await ok(['exec', await firstPod(), '--', 'curl', '-s', 'http://kubernetes-bootcamp:8080'])).toMatch(/\| v=2\n$/);
  });

  test('a bad tag shows ErrImagePull or ImagePullBackOff; rollout undo recovers', async () => {
    expect(await ok(['set', 'image', 'deployments/kubernetes-bootcamp', 'kubernetes-bootcamp=gcr.io/google-samples/kubernetes-bootcamp:v10'])).toBe('deployment.apps/kubernetes-bootcamp image updated\n');
    await expect.poll(async () => tableRows(await ok(['get', 'pods'])).map((r) => r[2])).toContainEqual(expect.stringMatching(/^(ErrImagePull|ImagePullBackOff)$/));
    const stuck = await kubectl.run(['rollout', 'status', 'deployments/kubernetes-bootcamp', '--timeout=1s']);
    expect(stuck.code).toBe(1);
    expect(stuck.stdout).toContain('Waiting for deployment "kubernetes-bootcamp" rollout to finish: 1 out of 2 new replicas have been updated...');
    expect(stuck.stderr).toBe('error: timed out waiting for the condition\n');
    const bad = tableRows(await ok(['get', 'pods'])).find((r) => /ErrImagePull|ImagePullBackOff/.test(r[2] ?? ''));
    expect(await ok(['describe', 'pods', bad![0]!])).toMatch(/Failed to pull image "gcr\.io\/google-samples\/kubernetes-bootcamp:v10"/);
    expect(await ok(['rollout', 'undo', 'deployments/kubernetes-bootcamp'])).toBe('deployment.apps/kubernetes-bootcamp rolled back\n');
    expect(await ok(['rollout', 'status', 'deployments/kubernetes-bootcamp', '--timeout=60s'], 70_000)).toContain('deployment "kubernetes-bootcamp" successfully rolled out');
    await expect.poll(async () => (await ok(['get', 'pods', '-l', APP, '-o', 'jsonpath={.items[*].spec.containers[0].image}'])).split(' ')).toEqual(['docker.io/jocatalin/kubernetes-bootcamp:v2', 'docker.io/jocatalin/kubernetes-bootcamp:v2']);
    const history = await ok(['rollout', 'history', 'deployments/kubernetes-bootcamp']);
    expect(history).toMatch(/^deployment\.apps\/kubernetes-bootcamp \nREVISION\s+CHANGE-CAUSE\n/);
    expect(tableRows(history.split('\n').slice(1).join('\n')).map((r) => r[0])).toEqual(['1', '3', '4']);
  });
});

test.describe("the seed tutorial's commands", () => {
  test('kubectl exec -it POD /bin/bash (the seed\'s old form) is refused by kubectl 1.32 itself', async () => {
    const result = await kubectl.run(['exec', '-it', await firstPod(), '/bin/bash']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead');
  });

  test('kubectl get, describe, logs and exec as the seed lists them', async () => {
    const pod = await firstPod();
    const all = await ok(['get', 'all']);
    expect(all).toMatch(new RegExp(`^pod/${pod}\\s+1/1\\s+Running\\s+0\\s+\\S+$`, 'm'));
    expect(all).toMatch(/^service\/kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s+\S+$/m);
    expect(all).toMatch(/^deployment\.apps\/kubernetes-bootcamp\s+2\/2\s+2\s+2\s+\S+$/m);
    expect(all).toMatch(/^replicaset\.apps\/kubernetes-bootcamp-[a-z0-9]+\s+2\s+2\s+2\s+\S+$/m);
    expect(await ok(['describe', 'pod', pod])).toMatch(new RegExp(`^Name:\\s+${pod}$`, 'm'));
    expect(await ok(['logs', pod])).toMatch(new RegExp(`Running On:  ${pod} `));
    expect(await ok(['exec', pod, '--', 'env'])).toMatch(/^PATH=/m);
    // The seed lists the bare verbs; kubectl answers them with its usual hints.
    const bare = await kubectl.run(['get']);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain('You must specify the type of resource to get.');
  });

  test('kubectl apply -f of the seed\'s nginx ReplicaSet: verbatim it fails to parse as on any cluster; with its indent fixed it applies', async () => {
    const block = readFileSync(SEED_REPLICASET, 'utf8');
    expect(block).toContain('kind: ReplicaSet');
    const verbatim = join(kubectl.workDir, 'replicaset-verbatim.yaml');
    writeFileSync(verbatim, block);
    const bad = await kubectl.run(['apply', '-f', verbatim]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error converting YAML to JSON: yaml: line 6: did not find expected key');
    const fixed = join(kubectl.workDir, 'replicaset.yaml');
    writeFileSync(fixed, block.replace(/^ selector:/m, '  selector:'));
    expect(await ok(['apply', '-f', fixed])).toBe('replicaset.apps/replicaset-nginx created\n');
    await expect.poll(async () => tableRows(await ok(['get', 'rs', 'replicaset-nginx']))[0]?.slice(0, 4)).toEqual(['replicaset-nginx', '3', '3', '3']);
    const pods = tableRows(await ok(['get', 'pods', '-l', 'app=my-nginx-pods-label']));
    expect(pods).toHaveLength(3);
    for (const row of pods) expect(row.slice(0, 3)).toEqual([expect.stringMatching(/^replicaset-nginx-[a-z0-9]{5}$/), '1/1', 'Running']);
    expect(await ok(['describe', 'pods', pods[0]![0]!])).toMatch(/^Controlled By:\s+ReplicaSet\/replicaset-nginx$/m);
    expect(await ok(['apply', '-f', fixed])).toBe('replicaset.apps/replicaset-nginx unchanged\n');
    writeFileSync(fixed, readFileSync(fixed, 'utf8').replace('replicas: 3', 'replicas: 2'));
    expect(await ok(['apply', '-f', fixed])).toBe('replicaset.apps/replicaset-nginx configured\n');
    await expect.poll(async () => (await podNames('app=my-nginx-pods-label')).length).toBe(2);
    expect(await ok(['apply', '--server-side', '-f', fixed])).toBe('replicaset.apps/replicaset-nginx serverside-applied\n');
    // Loose coupling through the selector: a deleted pod is replaced, not lost.
    const [victim] = await podNames('app=my-nginx-pods-label');
    expect(await ok(['delete', 'pod', victim!, '--wait=false'])).toBe(`pod "${victim}" deleted\n`);
    await expect.poll(async () => {
      const names = await podNames('app=my-nginx-pods-label');
      return names.length === 2 && !names.includes(victim!);
    }).toBe(true);
    expect(await ok(['delete', '-f', fixed])).toBe('replicaset.apps "replicaset-nginx" deleted\n');
    await expect.poll(async () => (await kubectl.run(['get', 'pods', '-l', 'app=my-nginx-pods-label'])).stderr).toBe('No resources found in default namespace.\n');
  });
});

test.describe('more of what learners type', () => {
  test('errors print as on a real cluster', async () => {
    expect(await kubectl.run(['get', 'pod', 'nope'])).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    expect((await kubectl.run(['get', 'deployment', 'nope'])).stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect((await kubectl.run(['get', 'flurbs'])).stderr).toBe('error: the server doesn\'t have a resource type "flurbs"\n');
  });

  test('kubectl get events, top, explain', async () => {
    const events = await ok(['get', 'events']);
    expect(tableHeader(events)).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(events).toMatch(/Normal\s+ScalingReplicaSet\s+deployment\/kubernetes-bootcamp\s+Scaled up replica set/);
    await expect.poll(() => ok(['top', 'pods'])).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*\nkubernetes-bootcamp-\S+\s+\d+m\s+\d+Mi/);
    expect(await ok(['top', 'nodes'])).toMatch(/^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\s*\nminikube\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/);
    expect(await ok(['explain', 'pods'])).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n/);
    expect(await ok(['explain', 'deployment.spec'])).toMatch(/^FIELD: spec <DeploymentSpec>$/m);
  });

  test('cordon shows Ready,SchedulingDisabled; uncordon restores Ready', async () => {
    expect(await ok(['cordon', 'minikube-m02'])).toBe('node/minikube-m02 cordoned\n');
    expect(tableRows(await ok(['get', 'node', 'minikube-m02']))[0]?.slice(0, 2)).toEqual(['minikube-m02', 'Ready,SchedulingDisabled']);
    expect(await ok(['uncordon', 'minikube-m02'])).toBe('node/minikube-m02 uncordoned\n');
    expect(tableRows(await ok(['get', 'node', 'minikube-m02']))[0]?.slice(0, 2)).toEqual(['minikube-m02', 'Ready']);
  });

  test('kubectl delete deployment removes its ReplicaSets and pods', async () => {
    expect(await ok(['delete', 'service', 'kubernetes-bootcamp'])).toBe('service "kubernetes-bootcamp" deleted\n');
    expect(await ok(['delete', 'deployment', 'kubernetes-bootcamp'])).toBe('deployment.apps "kubernetes-bootcamp" deleted\n');
    await expect.poll(async () => (await kubectl.run(['get', 'pods', '-l', APP])).stderr).toBe('No resources found in default namespace.\n');
    expect((await kubectl.run(['get', 'rs'])).stderr).toBe('No resources found in default namespace.\n');
  });
});
