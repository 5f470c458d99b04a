/**
 * The container model on the real engine: files kept across exec sessions and reset by a restart,
 * nginx serving its document root from the container, volumes (ConfigMap and Secret with items
 * and updates at the pod's next sync, subPath, projected service account files, emptyDir shared by
 * the pod's containers, PVC data that outlives the pod) and the main process on the virtual clock.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../../shared/k8s/objects';
import type { KubelabEngine } from '../engine';
import { USER, engine, get, until } from '../testkit';

type E = KubelabEngine;

/** Runs argv in a container through the engine's exec API; the command must not wait. */
function run(e: E, pod: string, command: string[], container = ''): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  let code: number | undefined;
  const c = container || (get<Pod>(e, 'Pod', 'default', pod)!.spec.containers[0]!.name);
  e.runtime.exec!({ namespace: 'default', pod, container: c, command, tty: false, stdin: false }, { stdout: (t) => (out += t), stderr: (t) => (err += t), exit: (r) => (code = 'code' in r ? r.code : -1) });
  if (code === undefined) throw new Error(`${command.join(' ')} did not finish`);
  return { code, out, err };
}

function sh(e: E, pod: string, script: string, container = ''): { code: number; out: string; err: string } {
  return run(e, pod, ['sh', '-c', script], container);
}

function pod(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: name } }, spec } as KubeObject;
}

function running(e: E, name: string): void {
  until(e, () => get<Pod>(e, 'Pod', 'default', name)?.status.containerStatuses?.every((s) => s.state?.running) === true, 120_000, 100);
}

describe('the container filesystem', () => {
  it('keeps exec-written files until the container restarts', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('web', { containers: [{ name: 'web', image: 'nginx:1.27' }] }), USER);
    running(e, 'web');
    expect(sh(e, 'web', 'echo kept > /tmp/note').code).toBe(0);
    expect(run(e, 'web', ['cat', '/tmp/note']).out).toBe('kept\n');
    e.failures.killContainer('default', 'web');
    until(e, () => get<Pod>(e, 'Pod', 'default', 'web')!.status.containerStatuses![0]!.restartCount === 1 && !!get<Pod>(e, 'Pod', 'default', 'web')!.status.containerStatuses![0]!.state?.running, 60_000, 100);
    expect(run(e, 'web', ['cat', '/tmp/note'])).toEqual({ code: 1, out: '', err: 'cat: /tmp/note: No such file or directory\n' });
  });

  it('serves nginx pages from the container: 403 without index.html, an edited page after', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('web', { containers: [{ name: 'web', image: 'nginx:1.27' }] }), USER);
    running(e, 'web');
    e.advance(1000);
    const get200 = () => e.runtime.http({ kind: 'pod', namespace: 'default', name: 'web', port: 80, path: '/' });
    expect(get200().body).toContain('Welcome to nginx!');
    expect(run(e, 'web', ['rm', '/usr/share/nginx/html/index.html']).code).toBe(0);
    const forbidden = get200();
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toBe('<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n');
    sh(e, 'web', 'echo "<h1>mine</h1>" > /usr/share/nginx/html/index.html; echo other > /usr/share/nginx/html/page.txt');
    expect(get200()).toMatchObject({ status: 200, body: '<h1>mine</h1>\n' });
    expect(e.runtime.http({ kind: 'pod', namespace: 'default', name: 'web', port: 80, path: '/page.txt' })).toMatchObject({ status: 200, body: 'other\n', headers: { 'Content-Type': 'text/plain' } });
    expect(e.runtime.http({ kind: 'pod', namespace: 'default', name: 'web', port: 80, path: '/nope' }).status).toBe(404);
    // curl inside the container sees the same.
    expect(run(e, 'web', ['curl', '-s', 'http://localhost/']).out).toBe('<h1>mine</h1>\n');
  });
});

describe('volumes', () => {
  it('mounts ConfigMap keys (items, subPath) read-only and follows changes at the next pod sync', () => {
    const e = engine({ nodes: 1 });
    e.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { GREETING: 'hello', 'app.conf': 'x=1\n' } } as KubeObject, USER);
    e.store.create('Pod', pod('app', {
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'], volumeMounts: [{ name: 'all', mountPath: '/etc/config' }, { name: 'some', mountPath: '/etc/some' }, { name: 'all', mountPath: '/etc/greeting', subPath: 'GREETING' }] }],
      volumes: [{ name: 'all', configMap: { name: 'cfg' } }, { name: 'some', configMap: { name: 'cfg', items: [{ key: 'app.conf', path: 'conf/app.conf' }] } }],
    }), USER);
    running(e, 'app');
    expect(run(e, 'app', ['ls', '/etc/config']).out).toBe('GREETING\napp.conf\n');
    expect(run(e, 'app', ['cat', '/etc/config/GREETING']).out).toBe('hello');
    expect(run(e, 'app', ['cat', '/etc/some/conf/app.conf']).out).toBe('x=1\n');
    expect(run(e, 'app', ['ls', '/etc/some']).out).toBe('conf\n');
    expect(sh(e, 'app', 'echo x > /etc/config/new')).toMatchObject({ code: 2, err: "sh: can't create /etc/config/new: Read-only file system\n" });
    const cm = get<KubeObject & { data: Record<string, string> }>(e, 'ConfigMap', 'default', 'cfg')!;
    e.store.update('ConfigMap', { ...cm, data: { ...cm.data, GREETING: 'bonjour' } }, USER);
    const changedAt = e.now();
    e.advance(1000);
    expect(run(e, 'app', ['cat', '/etc/config/GREETING']).out).toBe('hello');
    until(e, () => run(e, 'app', ['cat', '/etc/config/GREETING']).out === 'bonjour', 95_000, 500);
    expect(e.now() - changedAt).toBeLessThanOrEqual(91_000);
    // A subPath mount is a bind mount of the file made at start: it never changes.
    expect(run(e, 'app', ['cat', '/etc/greeting']).out).toBe('hello');
  });

  it('decodes Secret volumes and projects the service account token, CA and namespace', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec' }, stringData: { PASSWORD: 's3cret' } } as KubeObject, USER);
    e.store.create('Pod', pod('app', {
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'], volumeMounts: [{ name: 'sec', mountPath: '/etc/secret' }, { name: 'kube-api-access-x7k2p', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }] }],
      volumes: [
        { name: 'sec', secret: { secretName: 'sec' } },
        {
          name: 'kube-api-access-x7k2p',
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
            ],
          },
        },
      ],
    }), USER);
    running(e, 'app');
    expect(run(e, 'app', ['cat', '/etc/secret/PASSWORD']).out).toBe('s3cret');
    const dir = '/var/run/secrets/kubernetes.io/serviceaccount';
    expect(run(e, 'app', ['ls', dir]).out).toBe('ca.crt\nnamespace\ntoken\n');
    expect(run(e, 'app', ['cat', `${dir}/namespace`]).out).toBe('default');
    expect(run(e, 'app', ['cat', `${dir}/ca.crt`]).out).toContain('-----BEGIN CERTIFICATE-----');
    const token = run(e, 'app', ['cat', `${dir}/token`]).out;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; 'kubernetes.io': { pod: { name: string } } };
    expect(claims.sub).toBe('system:serviceaccount:default:default');
    expect(claims['kubernetes.io'].pod.name).toBe('app');
  });

  it('shares an emptyDir between the pod\'s containers', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('pair', {
      containers: [
        { name: 'writer', image: 'busybox:1.36', command: ['sh', '-c', 'echo from-writer > /shared/msg; sleep 3600'], volumeMounts: [{ name: 'scratch', mountPath: '/shared' }] },
        { name: 'reader', image: 'busybox:1.36', command: ['sleep', '3600'], volumeMounts: [{ name: 'scratch', mountPath: '/data' }] },
      ],
      volumes: [{ name: 'scratch', emptyDir: {} }],
    }), USER);
    running(e, 'pair');
    expect(run(e, 'pair', ['cat', '/data/msg'], 'reader').out).toBe('from-writer\n');
  });

  it('keeps PVC data for the next pod of the claim, and drops it with the PV (reclaimPolicy Delete)', () => {
    const e = engine({ nodes: 1 });
    const claim = (name: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }) as KubeObject;
    const user = (name: string, claimName: string) => pod(name, { containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] });
    e.store.create('PersistentVolumeClaim', claim('notes'), USER);
    e.advance(3000);
    e.store.create('Pod', user('writer', 'notes'), USER);
    running(e, 'writer');
    sh(e, 'writer', 'echo remember > /data/note');
    e.store.delete('Pod', 'default', 'writer', USER, { gracePeriodSeconds: 0 });
    until(e, () => !get(e, 'Pod', 'default', 'writer'), 60_000, 100);
    e.store.create('Pod', user('reader', 'notes'), USER);
    running(e, 'reader');
    expect(run(e, 'reader', ['cat', '/data/note']).out).toBe('remember\n');
    e.store.delete('Pod', 'default', 'reader', USER, { gracePeriodSeconds: 0 });
    until(e, () => !get(e, 'Pod', 'default', 'reader'), 60_000, 100);
    e.store.delete('PersistentVolumeClaim', 'default', 'notes', USER);
    e.advance(5000);
    e.store.create('PersistentVolumeClaim', claim('notes'), USER);
    e.advance(3000);
    e.store.create('Pod', user('again', 'notes'), USER);
    running(e, 'again');
    expect(run(e, 'again', ['ls', '/data'])).toEqual({ code: 0, out: '', err: '' });
  });
});

describe('the main process', () => {
  it('prints to the log and exits with the script status at the right virtual time', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('job', { restartPolicy: 'Never', containers: [{ name: 'job', image: 'busybox:1.36', command: ['sh', '-c', 'echo start; sleep 5; echo "done at $(date +%s)"; exit 3'] }] }), USER);
    running(e, 'job');
    const started = e.now();
    expect(e.runtime.logs('default', 'job', 'job')).toEqual(['start']);
    until(e, () => !!get<Pod>(e, 'Pod', 'default', 'job')!.status.containerStatuses![0]!.state?.terminated, 20_000, 100);
    expect(e.now() - started).toBeGreaterThanOrEqual(4900);
    expect(e.now() - started).toBeLessThan(6500);
    expect(get<Pod>(e, 'Pod', 'default', 'job')!.status.containerStatuses![0]!.state?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(e.runtime.logs('default', 'job', 'job')[1]).toMatch(/^done at /);
  });

  it('estimates a program the shell model lacks in a shell-like image instead of refusing it', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('apt', { restartPolicy: 'Never', containers: [{ name: 'apt', image: 'ubuntu:24.04', command: ['apt-get', 'update'] }] }), USER);
    until(e, () => !!get<Pod>(e, 'Pod', 'default', 'apt')?.status.containerStatuses?.[0]?.state?.terminated, 60_000, 100);
    expect(get<Pod>(e, 'Pod', 'default', 'apt')!.status.containerStatuses![0]!.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('runs the docs counter loop with variables, arithmetic and command substitution', () => {
    const e = engine({ nodes: 1 });
    e.store.create('Pod', pod('counter', { containers: [{ name: 'count', image: 'busybox:1.28', args: ['/bin/sh', '-c', 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done'] }] }), USER);
    running(e, 'counter');
    e.advance(3500);
    const lines = e.runtime.logs('default', 'counter', 'count');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines[0]).toMatch(/^0: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC 2026$/);
    expect(lines[3]).toMatch(/^3: /);
  });
});
