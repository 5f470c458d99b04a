/**
 * Reference parsing as distribution/reference normalises it for docker and the kubelet: familiar
 * names, Docker Hub's library/ namespace, registry hosts with ports, digests, and the exact errors
 * for names upstream refuses.
 */
import { describe, expect, it } from 'vitest';
import { parseReference } from './reference';

const HEX = 'a'.repeat(64);

function ok(image: string) {
  const parsed = parseReference(image);
  if (!parsed.ok) throw new Error(`${image}: ${parsed.error}`);
  return parsed.ref;
}

function error(image: string): string {
  const parsed = parseReference(image);
  if (parsed.ok) throw new Error(`${image} parsed as ${parsed.ref.canonical}`);
  return parsed.error;
}

describe('normalisation (normalize.go splitDockerDomain)', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest', 'nginx:latest'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27', 'nginx:1.27'],
    ['library/nginx:1.27', 'docker.io/library/nginx:1.27', 'nginx:1.27'],
    ['docker.io/nginx', 'docker.io/library/nginx:latest', 'nginx:latest'],
    ['index.docker.io/library/nginx:1.27', 'docker.io/library/nginx:1.27', 'nginx:1.27'],
    ['jocatalin/kubernetes-bootcamp:v2', 'docker.io/jocatalin/kubernetes-bootcamp:v2', 'jocatalin/kubernetes-bootcamp:v2'],
    ['gcr.io/google-samples/kubernetes-bootcamp:v1', 'gcr.io/google-samples/kubernetes-bootcamp:v1', 'gcr.io/google-samples/kubernetes-bootcamp:v1'],
    ['registry.k8s.io/e2e-test-images/agnhost:2.39', 'registry.k8s.io/e2e-test-images/agnhost:2.39', 'registry.k8s.io/e2e-test-images/agnhost:2.39'],
  ])('%s is %s (familiar %s)', (image, canonical, familiar) => {
    const ref = ok(image);
    expect(ref.canonical).toBe(canonical);
    expect(ref.familiar).toBe(familiar);
  });

  it('takes a first element with a dot, a colon or localhost as the registry host, ports included', () => {
    expect(ok('localhost/foo')).toMatchObject({ domain: 'localhost', path: 'foo', tag: 'latest' });
    expect(ok('localhost:5000/foo/bar:1')).toMatchObject({ domain: 'localhost:5000', path: 'foo/bar', tag: '1', familiarName: 'localhost:5000/foo/bar' });
    expect(ok('myregistry:5000/app')).toMatchObject({ domain: 'myregistry:5000', path: 'app', repository: 'myregistry:5000/app' });
    expect(ok('[::1]:5000/app:v1')).toMatchObject({ domain: '[::1]:5000', path: 'app', tag: 'v1' });
    expect(ok('10.0.0.5:5000/team/app:2')).toMatchObject({ domain: '10.0.0.5:5000', path: 'team/app' });
    // A plain first element is a Docker Hub namespace, not a host.
    expect(ok('myregistry/app')).toMatchObject({ domain: 'docker.io', path: 'myregistry/app' });
  });

  it('keeps a digest, which wins over a tag in the canonical form (ParseDockerRef)', () => {
    expect(ok(`nginx@sha256:${HEX}`)).toMatchObject({ digest: `sha256:${HEX}`, tag: `sha256:${HEX}`, canonical: `docker.io/library/nginx@sha256:${HEX}`, familiar: `nginx@sha256:${HEX}` });
    expect(ok(`nginx:1.27@sha256:${HEX}`)).toMatchObject({ explicitTag: '1.27', digest: `sha256:${HEX}`, canonical: `docker.io/library/nginx@sha256:${HEX}` });
  });
});

describe('refusals (reference.go, go-digest)', () => {
  it('refuses uppercase repository names with the repository in the message', () => {
    expect(error('Nginx')).toBe('invalid reference format: repository name (library/Nginx) must be lowercase');
    expect(error('foo/Bar:1')).toBe('invalid reference format: repository name (foo/Bar) must be lowercase');
  });

  it('refuses malformed names, tags and digests', () => {
    expect(error('nginx:')).toBe('invalid reference format');
    expect(error('nginx:-bad')).toBe('invalid reference format');
    expect(error(' nginx')).toBe('invalid reference format');
    expect(error('nginx@sha256:abc')).toBe('invalid reference format');
    expect(error(`nginx@sha256:${'a'.repeat(40)}`)).toBe('invalid checksum digest length');
    expect(error(`nginx@md5:${'a'.repeat(32)}`)).toBe('unsupported digest algorithm');
    expect(error(`nginx@sha256:${'A'.repeat(64)}`)).toBe('invalid checksum digest format');
  });

  it('refuses a bare 64-hex identifier and over-long names', () => {
    expect(error(HEX)).toBe(`invalid repository name (${HEX}), cannot specify 64-byte hexadecimal strings`);
    expect(error(`x/${'a'.repeat(260)}`)).toBe('repository name must not be more than 255 characters');
  });

  it('still gives a best-effort reference for a refused name', () => {
    const parsed = parseReference('Nginx:1.27');
    expect(parsed.ok).toBe(false);
    expect(parsed.ref.tag).toBe('1.27');
  });
});
