// The dist step copies KUBELAB_KUBECTL, or downloads the release and refuses it unless the checksum matches.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleKubectl, kubectlReleaseUrl, parseChecksum, sha256Hex, type Fetch } from './kubectl-dist';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kubectl-dist-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const served = (files: Record<string, string>): { fetch: Fetch; asked: string[] } => {
  const asked: string[] = [];
  const fetch: Fetch = async (url) => {
    asked.push(url);
    const body = files[url];
    return { ok: body !== undefined, status: body === undefined ? 404 : 200, arrayBuffer: async () => new TextEncoder().encode(body ?? '').buffer as ArrayBuffer, text: async () => body ?? '' };
  };
  return { fetch, asked };
};

describe('bundleKubectl', () => {
  it('names the upstream release for each platform', () => {
    expect(kubectlReleaseUrl('v1.32.4', 'linux', 'x64')).toBe('https://dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl');
    expect(kubectlReleaseUrl('v1.32.4', 'darwin', 'arm64')).toBe('https://dl.k8s.io/release/v1.32.4/bin/darwin/arm64/kubectl');
    expect(kubectlReleaseUrl('v1.32.4', 'win32', 'x64')).toBe('https://dl.k8s.io/release/v1.32.4/bin/windows/amd64/kubectl.exe');
    expect(() => kubectlReleaseUrl('latest', 'linux', 'x64')).toThrow();
  });

  it('copies the file given by KUBELAB_KUBECTL, executable', async () => {
    const local = join(dir, 'my-kubectl');
    writeFileSync(local, '#!/bin/sh\necho local\n');
    const result = await bundleKubectl({ outDir: join(dir, 'out'), platform: 'linux', localKubectl: local });
    expect(result.source).toBe('local');
    expect(readFileSync(result.path, 'utf8')).toContain('echo local');
    expect(statSync(result.path).mode & 0o111).not.toBe(0);
  });

  it('downloads the release when its SHA-256 matches', async () => {
    const url = kubectlReleaseUrl('v1.32.4', 'linux', 'x64');
    const { fetch } = served({ [url]: 'binary', [`${url}.sha256`]: `${sha256Hex(new TextEncoder().encode('binary'))}  kubectl\n` });
    const result = await bundleKubectl({ outDir: dir, platform: 'linux', arch: 'x64', fetch });
    expect(readFileSync(result.path, 'utf8')).toBe('binary');
  });

  it('refuses a download whose checksum does not match, writing nothing', async () => {
    const url = kubectlReleaseUrl('v1.32.4', 'linux', 'x64');
    const { fetch } = served({ [url]: 'tampered', [`${url}.sha256`]: sha256Hex(new TextEncoder().encode('binary')) });
    await expect(bundleKubectl({ outDir: dir, platform: 'linux', arch: 'x64', fetch })).rejects.toThrow(/checksum mismatch/);
    expect(() => statSync(join(dir, 'kubectl'))).toThrow();
    expect(() => parseChecksum('not-a-digest')).toThrow();
  });
});
