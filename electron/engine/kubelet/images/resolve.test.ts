/**
 * Resolution against the offline catalogue: real repositories with their real tags pull, anything
 * else fails with the registry's words; the catalogue itself is well-formed; entrypoints that
 * check their environment (postgres, mysql) or arguments (http-echo, agnhost) do so.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog';
import { POSTGRES_NO_PASSWORD } from './catalog/databases';
import { launchProfile, resolveImage } from './resolve';

function pulled(image: string) {
  const r = resolveImage(image);
  if (!r.ok) throw new Error(`${image}: ${r.message}`);
  return r;
}

function refused(image: string) {
  const r = resolveImage(image);
  if (r.ok) throw new Error(`${image} pulled`);
  return r;
}

describe('resolveImage', () => {
  it('pulls catalogued images by any of their tags; tags of one build share a digest', () => {
    for (const image of ['nginx', 'nginx:1.27.3', 'nginx:1.27', 'nginx:stable', 'nginx:1.27-alpine', 'nginx:1.14.2', 'httpd:2.4', 'busybox:1.28', 'redis:7.4', 'postgres:17', 'mysql:8.4', 'python:3.13-slim', 'node:22-alpine', 'alpine:3.21', 'ubuntu:22.04', 'perl:5.34.0', 'registry.k8s.io/liveness', 'registry.k8s.io/e2e-test-images/agnhost:2.39', 'registry.k8s.io/echoserver:1.4', 'registry.k8s.io/hpa-example', 'registry.k8s.io/nginx-slim:0.8', 'hashicorp/http-echo:1.0', 'registry.k8s.io/pause:3.10', 'kicbase/echo-server:1.0']) {
      expect(pulled(image).profile).toBeDefined();
    }
    expect(pulled('nginx:1.27').digest).toBe(pulled('nginx:latest').digest);
    expect(pulled('nginx:1.27').digest).not.toBe(pulled('nginx:1.27-alpine').digest);
    expect(pulled('nginx').digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('pulls by the digest of a catalogued image and refuses an unknown digest', () => {
    const digest = pulled('nginx:1.27').digest;
    expect(pulled(`nginx@${digest}`).profile.repository).toBe('docker.io/library/nginx');
    expect(refused(`nginx@sha256:${'0'.repeat(64)}`).message).toBe(`Error response from daemon: manifest for nginx@sha256:${'0'.repeat(64)} not found: manifest unknown: manifest unknown`);
  });

  it('answers k8s.gcr.io names from registry.k8s.io', () => {
    expect(pulled('k8s.gcr.io/pause:3.9').profile.repository).toBe('registry.k8s.io/pause');
  });

  it("refuses an unknown tag of an existing Docker Hub repository with Docker Hub's manifest unknown", () => {
    expect(refused('nginx:no-such-tag-zzz')).toMatchObject({ reason: 'ErrImagePull', message: 'Error response from daemon: manifest for nginx:no-such-tag-zzz not found: manifest unknown: manifest unknown' });
    expect(refused('nginx:1.161').message).toBe('Error response from daemon: manifest for nginx:1.161 not found: manifest unknown: manifest unknown');
  });

  it('refuses a Docker Hub repository that does not exist as access denied', () => {
    expect(refused('foo/bar').message).toBe("Error response from daemon: pull access denied for foo/bar, repository does not exist or may require 'docker login': denied: requested access to the resource is denied");
    expect(refused('no-such-image-zzz:1').message).toBe("Error response from daemon: pull access denied for no-such-image-zzz, repository does not exist or may require 'docker login': denied: requested access to the resource is denied");
  });

  it("refuses unknown tags on Google's registries with their Failed to fetch", () => {
    expect(refused('gcr.io/google-samples/kubernetes-bootcamp:v10').message).toBe('Error response from daemon: manifest for gcr.io/google-samples/kubernetes-bootcamp:v10 not found: manifest unknown: Failed to fetch "v10" from request "/v2/google-samples/kubernetes-bootcamp/manifests/v10".');
  });

  it('refuses a registry host that does not resolve, or does not answer', () => {
    expect(refused('example.invalid/foo/bar:1').message).toBe('Error response from daemon: Get "https://example.invalid/v2/": dial tcp: lookup example.invalid on 192.168.49.1:53: no such host');
    expect(refused('myregistry.example:5000/app:1').message).toBe('Error response from daemon: Get "https://myregistry.example:5000/v2/": dial tcp: lookup myregistry.example on 192.168.49.1:53: no such host');
    expect(refused('localhost:5000/app').message).toBe('Error response from daemon: Get "http://localhost:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused');
    expect(refused('10.0.0.5:5000/app').failMs).toBe(30_000);
  });

  it('reports an unparsable name as InvalidImageName with the kubelet wording', () => {
    expect(refused('Nginx')).toMatchObject({ reason: 'InvalidImageName', message: 'Failed to apply default image tag "Nginx": couldn\'t parse image name "Nginx": invalid reference format: repository name (library/Nginx) must be lowercase' });
    expect(refused('nginx:').message).toBe('Failed to apply default image tag "nginx:": couldn\'t parse image name "nginx:": invalid reference format');
  });
});

describe('the catalogue', () => {
  it('has one entry per repository, unique tags, and a well-formed digest for every tag', () => {
    const repos = CATALOG.map((p) => p.repository);
    expect(new Set(repos).size).toBe(repos.length);
    for (const p of CATALOG) {
      if (!p.repository.startsWith('docker.io/kubelab/')) expect(p.tags?.length, p.repository).toBeGreaterThan(0);
      expect(new Set(p.tags).size, p.repository).toBe(p.tags?.length ?? 0);
      for (const t of p.tags ?? []) expect(p.digests?.[t], `${p.repository}:${t}`).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(p.sizeBytes).toBeGreaterThan(0);
    }
  });

  it('holds every image the cluster bootstrap runs', () => {
    for (const image of ['registry.k8s.io/etcd:3.5.16-0', 'registry.k8s.io/kube-apiserver:v1.32.4', 'registry.k8s.io/kube-controller-manager:v1.32.4', 'registry.k8s.io/kube-scheduler:v1.32.4', 'registry.k8s.io/kube-proxy:v1.32.4', 'registry.k8s.io/coredns/coredns:v1.11.3', 'gcr.io/k8s-minikube/storage-provisioner:v5']) {
      expect(resolveImage(image).ok, image).toBe(true);
    }
  });
});

describe('entrypoints that check what they were given', () => {
  it('postgres refuses to start without POSTGRES_PASSWORD, and starts with it or with trust', () => {
    const base = pulled('postgres:17').profile;
    const refusing = launchProfile(base, { env: {} }, '17');
    expect(refusing.behaviour).toEqual({ kind: 'crash', afterMs: expect.any(Number), exitCode: 1 });
    expect(refusing.startLogs('p', '2025-01-01T00:00:00.000Z', '17')).toEqual(POSTGRES_NO_PASSWORD);
    expect(launchProfile(base, { env: { POSTGRES_PASSWORD: 'x' } }, '17').behaviour.kind).toBe('serve');
    expect(launchProfile(base, { env: { POSTGRES_HOST_AUTH_METHOD: 'trust' } }, '17').behaviour.kind).toBe('serve');
  });

  it('mysql refuses to start without a root password option', () => {
    const base = pulled('mysql:8.4').profile;
    const logs = launchProfile(base, { env: {} }, '8.4').startLogs('p', '2025-01-01T00:00:00.000Z', '8.4');
    expect(logs[0]).toBe('2025-01-01 00:00:00+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server 8.4.3-1.el9 started.');
    expect(logs).toContain('2025-01-01 00:00:00+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified');
    expect(launchProfile(base, { env: { MYSQL_ROOT_PASSWORD: 'x' } }, '8.4').behaviour.kind).toBe('serve');
  });

  it('http-echo answers its -text on its -listen port', () => {
    const echo = launchProfile(pulled('hashicorp/http-echo').profile, { env: {}, args: ['-text=apple', '-listen=:8080'] }, 'latest');
    expect(echo.ports).toEqual([8080]);
    expect(echo.http?.(8080, { method: 'GET', path: '/', podName: 'p', podIp: '10.0.0.1', clientIp: '10.0.0.2', now: '2025-01-01T00:00:00.000Z', uptime: 1, requestNumber: 1 }, 'latest')?.body).toBe('apple\n');
  });

  it('agnhost runs the subcommand it is given', () => {
    const base = pulled('registry.k8s.io/e2e-test-images/agnhost:2.39').profile;
    expect(launchProfile(base, { env: {}, args: ['netexec', '--http-port=8081'] }, '2.39').ports).toEqual([8081]);
    expect(launchProfile(base, { env: {}, args: ['serve-hostname'] }, '2.39').ports).toEqual([9376]);
    expect(launchProfile(base, { env: {} }, '2.39').behaviour.kind).toBe('serve');
  });

  it('the liveness server fails /healthz after 10 seconds', () => {
    const live = pulled('registry.k8s.io/liveness').profile;
    const at = (uptime: number) => live.http?.(8080, { method: 'GET', path: '/healthz', podName: 'p', podIp: '', clientIp: '', now: '', uptime, requestNumber: 1 }, 'latest')?.status;
    expect(at(9)).toBe(200);
    expect(at(11)).toBe(500);
  });
});

describe('python -m http.server', () => {
  it('serves the working directory on the port it is given', () => {
    const base = pulled('python:3.13').profile;
    const server = launchProfile(base, { env: {}, command: ['python', '-m', 'http.server', '8080'] }, '3.13');
    expect(server.behaviour.kind).toBe('serve');
    expect(server.ports).toEqual([8080]);
    expect(server.startLogs('p', '', '3.13')).toEqual(['Serving HTTP on 0.0.0.0 port 8080 (http://0.0.0.0:8080/) ...']);
    expect(server.http?.(8080, { method: 'GET', path: '/', podName: 'p', podIp: '', clientIp: '10.244.0.1', now: '2025-01-01T00:00:00.000Z', uptime: 1, requestNumber: 1 }, '3.13')?.body).toContain('<title>Directory listing for /</title>');
    expect(launchProfile(base, { env: {}, command: ['python', '-c', 'print(1)'] }, '3.13').ports).toEqual([]);
  });
});

describe('interpreters', () => {
  it('a bare interpreter reads the closed stdin and exits 0; other programs are left to the shell', () => {
    const python = pulled('python:3.13').profile;
    expect(launchProfile(python, { env: {} }, '3.13').behaviour).toEqual({ kind: 'crash', afterMs: expect.any(Number), exitCode: 0 });
    expect(launchProfile(python, { env: {}, args: ['sleep', '3600'] }, '3.13')).toBe(python);
    expect(launchProfile(python, { env: {}, command: ['python3', '-c', "print('hello')"] }, '3.13').startLogs('p', '', '3.13')).toEqual(['hello']);
    const node = pulled('node:22').profile;
    expect(launchProfile(node, { env: {}, command: ['node', '-e', 'console.log("hi")'] }, '22').startLogs('p', '', '22')).toEqual(['hi']);
  });

  it("perl's bpi prints pi to the digits asked, as the docs' Job does", () => {
    const perl = launchProfile(pulled('perl:5.34.0').profile, { env: {}, command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(50)'] }, '5.34.0');
    expect(perl.behaviour).toMatchObject({ kind: 'crash', exitCode: 0 });
    expect(perl.startLogs('p', '', '5.34.0')).toEqual(['3.1415926535897932384626433832795028841971693993751']);
  });

  it('curl without arguments complains and exits 2', () => {
    const curl = launchProfile(pulled('curlimages/curl').profile, { env: {} }, 'latest');
    expect(curl.behaviour).toMatchObject({ kind: 'crash', exitCode: 2 });
    expect(curl.startLogs('p', '', 'latest')).toEqual(["curl: try 'curl --help' or 'curl --manual' for more information"]);
  });
});
