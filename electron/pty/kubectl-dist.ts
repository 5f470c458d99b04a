/**
 * Puts a kubectl into the app's resources at dist time (`npm run dist`), where the shell's kubectl
 * resolution looks first (`<resources>/bin/kubectl`). A file named by KUBELAB_KUBECTL is copied as it
 * is; otherwise the matching upstream release is downloaded and checked against its published SHA-256
 * before it is written. Run: `npx tsx electron/pty/kubectl-dist.ts <outDir> [version]`.
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { kubectlFileName } from './kubectl-resolve';

/** The Kubernetes version the simulated API server reports; kubectl stays within one minor of it. */
export const DEFAULT_KUBECTL_VERSION = 'v1.32.4';

export function kubectlReleaseUrl(version: string, platform: NodeJS.Platform, arch: string): string {
  const os = platform === 'win32' ? 'windows' : platform;
  if (!['linux', 'darwin', 'windows'].includes(os)) throw new Error(`no kubectl release for ${platform}`);
  const cpu = arch === 'x64' ? 'amd64' : arch;
  if (!['amd64', 'arm64'].includes(cpu)) throw new Error(`no kubectl release for ${arch}`);
  if (!/^v\d+\.\d+\.\d+$/.test(version)) throw new Error(`not a Kubernetes version: ${version}`);
  return `https://dl.k8s.io/release/${version}/bin/${os}/${cpu}/${kubectlFileName(platform)}`;
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The published checksum file holds the hex digest, sometimes followed by a file name. */
export function parseChecksum(text: string): string {
  const digest = text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (!/^[0-9a-f]{64}$/.test(digest)) throw new Error('the kubectl checksum file is not a SHA-256 digest');
  return digest;
}

export type Fetch = (url: string) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer>; text(): Promise<string> }>;

export interface BundleOptions {
  /** Folder that becomes `<resources>/bin` in the packaged app. */
  outDir: string;
  platform?: NodeJS.Platform;
  arch?: string;
  version?: string;
  /** KUBELAB_KUBECTL: copy this file instead of downloading. */
  localKubectl?: string;
  fetch?: Fetch;
}

export async function bundleKubectl(options: BundleOptions): Promise<{ path: string; source: 'local' | 'download'; sha256: string }> {
  const platform = options.platform ?? process.platform;
  const target = join(options.outDir, kubectlFileName(platform));
  mkdirSync(options.outDir, { recursive: true });
  if (options.localKubectl) {
    copyFileSync(options.localKubectl, target);
    chmodSync(target, 0o755);
    return { path: target, source: 'local', sha256: sha256Hex(readFileSync(target)) };
  }
  const get = options.fetch ?? (globalThis.fetch as unknown as Fetch);
  const url = kubectlReleaseUrl(options.version ?? DEFAULT_KUBECTL_VERSION, platform, options.arch ?? process.arch);
  const [binary, checksum] = await Promise.all([get(url), get(`${url}.sha256`)]);
  if (!binary.ok) throw new Error(`downloading ${url} failed: HTTP ${binary.status}`);
  if (!checksum.ok) throw new Error(`downloading ${url}.sha256 failed: HTTP ${checksum.status}`);
  const data = new Uint8Array(await binary.arrayBuffer());
  const expected = parseChecksum(await checksum.text());
  const actual = sha256Hex(data);
  if (actual !== expected) throw new Error(`kubectl checksum mismatch: expected ${expected}, got ${actual}`);
  writeFileSync(target, data, { mode: 0o755 });
  return { path: target, source: 'download', sha256: actual };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [outDir, version] = process.argv.slice(2);
  if (!outDir) {
    console.error('usage: kubectl-dist <outDir> [version]');
    process.exit(2);
  }
  bundleKubectl({ outDir, ...(version ? { version } : {}), ...(process.env.KUBELAB_KUBECTL ? { localKubectl: process.env.KUBELAB_KUBECTL } : {}) }).then(
    (result) => console.log(`kubectl (${result.source}, sha256 ${result.sha256}) -> ${result.path}`),
    (error: unknown) => {
      console.error(`error: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
