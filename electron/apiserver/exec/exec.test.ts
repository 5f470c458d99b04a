/**
 * kubectl exec and attach over v5.channel.k8s.io against the real engine: the protocol (streams,
 * status on stream 3, close 1000, refusals) and the container runtime behind it (the container's
 * files, environment and network; files kept between sessions). The virtual clock runs fast while
 * the tests wait, as the app's clock driver would run it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../../shared/k8s/objects';
import { createEngine, type Engine } from '../../engine/index';
import { openExec } from '../testing/exec-client';
import { startHarness } from '../testing/harness';
import type { Harness } from '../testing/harness';

let engine: Engine;
let h: Harness;
let clock: NodeJS.Timeout;
const POD = '/api/v1/namespaces/default/pods/bootcamp';

async function runningPod(name: string): Promise<Pod> {
  for (let i = 0; i < 400; i++) {
    const pod = engine.store.get('Pod', 'default', name) as Pod | undefined;
    if (pod?.status.containerStatuses?.every((s) => s.state?.running)) return pod;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`pod ${name} is not running`);
}

beforeAll(async () => {
  engine = createEngine({ seed: 7, nodes: 1 });
  h = await startHarness(engine);
  clock = setInterval(() => engine.advance(250), 5);
  const created = await h.request('POST', '/api/v1/namespaces/default/pods', {
    body: { metadata: { name: 'bootcamp', labels: { app: 'bootcamp' } }, spec: { containers: [{ name: 'main', image: 'gcr.io/google-samples/kubernetes-bootcamp:v1' }] } },
  });
  expect(created.status).toBe(201);
  await runningPod('bootcamp');
});
afterAll(async () => {
  clearInterval(clock);
  await h.close();
});

describe('exec over v5.channel.k8s.io', () => {
  it('runs `env` and reports success on stream 3, closing with 1000', async () => {
    const result = await openExec(h.server, `${POD}/exec?command=env&container=main&stderr=true&stdout=true`).result;
    expect(result.stdout).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1\n');
    expect(result.stdout).toContain('HOSTNAME=bootcamp\n');
    expect(result.status).toEqual({ metadata: {}, status: 'Success' });
    expect(result.closeCode).toBe(1000);
  });
  it('passes argv and reports non-zero exit codes the way kubectl reads them', async () => {
    const result = await openExec(h.server, `${POD}/exec?command=cat&command=%2Fnope&command=%2Fserver.js&stderr=true&stdout=true`).result;
    expect(result.stdout).toContain("require('http')");
    expect(result.stderr).toBe('cat: /nope: No such file or directory\n');
    expect(result.status).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '1' }] } });
  });
  it('runs bash -c scripts with &&, variables and redirection', async () => {
    const script = encodeURIComponent('cd /tmp && echo "hi $HOSTNAME" > note && cat note; nosuch; echo status=$?');
    const result = await openExec(h.server, `${POD}/exec?command=bash&command=-c&command=${script}&stdout=true&stderr=true`).result;
    expect(result.stdout).toBe('hi bootcamp\nstatus=127\n');
    expect(result.stderr).toBe('bash: nosuch: command not found\n');
  });
  it('runs pipelines through grep, head, wc and sort; sh is dash on this Debian image', async () => {
    const script = encodeURIComponent("env | grep -i kubernetes_service | sort | head -n 1; cat /server.js | wc -l; echo 'a|b' | grep -c 'a|b'; ./missing");
    const result = await openExec(h.server, `${POD}/exec?command=sh&command=-c&command=${script}&stdout=true&stderr=true`).result;
    expect(result.stdout).toBe('KUBERNETES_SERVICE_HOST=10.96.0.1\n19\n1\n');
    expect(result.stderr).toBe('sh: 1: ./missing: not found\n');
    const bad = await openExec(h.server, `${POD}/exec?command=bash&command=-c&command=${encodeURIComponent('echo x | | wc')}&stdout=true&stderr=true`).result;
    expect(bad.stderr).toBe("bash: syntax error near unexpected token `|'\n");
  });
  it('sleeps on the virtual clock', async () => {
    const before = engine.now();
    const result = await openExec(h.server, `${POD}/exec?command=sh&command=-c&command=${encodeURIComponent('sleep 5; echo woke')}&stdout=true`).result;
    expect(result.stdout).toBe('woke\n');
    expect(engine.now() - before).toBeGreaterThanOrEqual(5000);
  });
  it('fails like a container runtime for a program that does not exist', async () => {
    const result = await openExec(h.server, `${POD}/exec?command=foo&stdout=true&stderr=true`).result;
    expect(String(result.status?.message)).toContain('exec: "foo": executable file not found in $PATH');
  });
  it('gives an interactive tty bash with prompt, echo, backspace and exit status', async () => {
    const session = openExec(h.server, `${POD}/exec?command=bash&container=main&stdin=true&stdout=true&tty=true`);
    session.resize(120, 30);
    await session.waitForOutput('root@bootcamp:/# ');
    session.send('lsx\x7f');
    session.send('\r');
    await session.waitForOutput('server.js');
    session.send('cat server.js\r');
    await session.waitForOutput('www.listen(8080,');
    session.send('curl http://localhost:8080\r');
    await session.waitForOutput('Hello Kubernetes bootcamp! | Running on: bootcamp | v=1');
    session.send('foo\r');
    await session.waitForOutput('bash: foo: command not found\r\n');
    session.send('exit 3\r');
    const result = await session.result;
    expect(result.stdout).toContain('lsx\b \b\r\n');
    expect(result.stdout).not.toMatch(/[^\r]\n/);
    expect(result.status).toMatchObject({ reason: 'NonZeroExitCode', details: { causes: [{ message: '3' }] } });
    expect(result.closeCode).toBe(1000);
  });
  it('interrupts a sleep with Ctrl-C', async () => {
    const session = openExec(h.server, `${POD}/exec?command=bash&stdin=true&stdout=true&tty=true`);
    await session.waitForOutput('root@bootcamp:/# ');
    session.send('sleep 100000; echo never\r');
    await new Promise((resolve) => setTimeout(resolve, 30));
    session.send('\x03');
    await session.waitForOutput('never\r\n^C\r\nroot@bootcamp:/# ');
    session.send('echo back\r');
    await session.waitForOutput('back\r\n');
    session.send('exit\r');
    const result = await session.result;
    expect(result.stdout).not.toContain('\r\nnever\r\n');
  });
  it('reads piped stdin without a tty and exits at EOF', async () => {
    const session = openExec(h.server, `${POD}/exec?command=sh&stdin=true&stdout=true&stderr=true`);
    session.send('hostname\npwd\n');
    session.closeStdin();
    const result = await session.result;
    expect(result.stdout).toBe('bootcamp\n/\n');
    expect(result.status).toEqual({ metadata: {}, status: 'Success' });
  });
  it('keeps files between sessions of the same container and resolves cluster DNS', async () => {
    await openExec(h.server, `${POD}/exec?command=bash&command=-c&command=${encodeURIComponent('echo kept > /root/f')}&stdout=true`).result;
    const again = await openExec(h.server, `${POD}/exec?command=cat&command=%2Froot%2Ff&stdout=true`).result;
    expect(again.stdout).toBe('kept\n');
    const dns = await openExec(h.server, `${POD}/exec?command=nslookup&command=kubernetes&stdout=true`).result;
    expect(dns.stdout).toContain('Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1');
    const nx = await openExec(h.server, `${POD}/exec?command=nslookup&command=nothing&stdout=true`).result;
    expect(nx.stdout).toContain("** server can't find nothing: NXDOMAIN");
  });
  it('reaches a NodePort Service on a node IP (curl $(minikube ip):$NODE_PORT) and refuses other node ports', async () => {
    const svc = await h.request('POST', '/api/v1/namespaces/default/services', {
      body: { metadata: { name: 'bootcamp-np' }, spec: { type: 'NodePort', selector: { app: 'bootcamp' }, ports: [{ port: 8080, targetPort: 8080, nodePort: 31234, protocol: 'TCP' }] } },
    });
    expect(svc.status).toBe(201);
    try {
      let hit = '';
      for (let i = 0; i < 100 && !hit.startsWith('Hello'); i++) {
        hit = (await openExec(h.server, `${POD}/exec?command=curl&command=-s&command=http%3A%2F%2F192.168.49.2%3A31234&stdout=true&stderr=true`).result).stdout;
        if (!hit.startsWith('Hello')) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(hit).toBe('Hello Kubernetes bootcamp! | Running on: bootcamp | v=1\n');
      const miss = await openExec(h.server, `${POD}/exec?command=curl&command=http%3A%2F%2F192.168.49.2%3A31999&stdout=true&stderr=true`).result;
      expect(miss.stderr).toBe('curl: (7) Failed to connect to 192.168.49.2 port 31999: Connection refused\n');
    } finally {
      await h.request('DELETE', '/api/v1/namespaces/default/services/bootcamp-np');
    }
  });
  it('attaches to a shell container (kubectl run -it ... -- sh) with the ash prompt of busybox', async () => {
    engine.store.create('Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bb' }, spec: { restartPolicy: 'Never', containers: [{ name: 'bb', image: 'busybox', command: ['sh'], stdin: true, tty: true }] } } as KubeObject, { actor: 'user', name: 'kubectl' });
    await runningPod('bb');
    const session = openExec(h.server, '/api/v1/namespaces/default/pods/bb/attach?container=bb&stdin=true&stdout=true&tty=true');
    session.send('\r');
    await session.waitForOutput('/ # ');
    session.send('nope\r');
    await session.waitForOutput('sh: nope: not found');
    // `exit` without a number exits with the last status: 127 from `nope`.
    session.send('exit\r');
    expect((await session.result).closeCode).toBe(1000);
    // PID 1 exited: the container is done (restartPolicy Never).
    for (let i = 0; i < 200 && !(engine.store.get('Pod', 'default', 'bb') as Pod).status.containerStatuses?.[0]?.state?.terminated; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect((engine.store.get('Pod', 'default', 'bb') as Pod).status.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 127, reason: 'Error' });
  });
  it('refuses upgrades without the token, for missing pods, and SPDY', async () => {
    await expect(openExec({ ...h.server, token: 'bad' }, `${POD}/exec?command=env`).result).rejects.toThrow('HTTP 401');
    await expect(openExec(h.server, '/api/v1/namespaces/default/pods/ghost/exec?command=env').result).rejects.toThrow('HTTP 404');
    const spdy = await h.request('POST', `${POD}/exec?command=env`, { headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' } });
    expect(spdy.status).toBe(400);
    expect(h.server.openStreams()).toBe(0);
  });
});
