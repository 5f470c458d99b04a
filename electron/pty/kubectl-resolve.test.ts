// kubectl is looked up bundled → KUBELAB_KUBECTL → PATH, never in Kubelab's own shim folder.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isExecutableFile, resolveKubectl } from './kubectl-resolve';

let root: string;
const exe = (dir: string, name = 'kubectl') => {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
};

beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'kubectl-resolve-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('resolveKubectl', () => {
  it('prefers the kubectl bundled in the app resources', () => {
    const bundled = exe(join(root, 'resources/bin'));
    exe(join(root, 'path'));
    const env = exe(join(root, 'env'));
    expect(resolveKubectl({ platform: 'linux', bundledDir: join(root, 'resources/bin'), envOverride: env, pathEnv: join(root, 'path') })).toEqual({ source: 'bundled', path: bundled });
  });

  it('then KUBELAB_KUBECTL, then the first kubectl on PATH', () => {
    const env = exe(join(root, 'env'), 'my-kubectl');
    const first = exe(join(root, 'a'));
    exe(join(root, 'b'));
    const pathEnv = [join(root, 'missing'), join(root, 'a'), join(root, 'b')].join(':');
    expect(resolveKubectl({ platform: 'linux', bundledDir: join(root, 'nothing'), envOverride: env, pathEnv })).toEqual({ source: 'env', path: env });
    expect(resolveKubectl({ platform: 'linux', pathEnv })).toEqual({ source: 'path', path: first });
  });

  it('skips Kubelab\'s shim folder and files that are not executable', () => {
    const shims = join(root, 'shims');
    exe(shims);
    mkdirSync(join(root, 'plain'));
    writeFileSync(join(root, 'plain/kubectl'), 'not executable', { mode: 0o644 });
    const real = exe(join(root, 'real'));
    const pathEnv = [shims, join(root, 'plain'), join(root, 'real')].join(':');
    expect(resolveKubectl({ platform: 'linux', pathEnv, excludeDirs: [shims] })).toEqual({ source: 'path', path: real });
    expect(isExecutableFile(join(root, 'plain/kubectl'))).toBe(false);
  });

  it('reports none when nothing is found, and looks for kubectl.exe on Windows', () => {
    expect(resolveKubectl({ platform: 'linux', pathEnv: join(root, 'x') })).toEqual({ source: 'none' });
    const seen: string[] = [];
    resolveKubectl({ platform: 'win32', pathEnv: 'C:\\tools;D:\\bin', isExecutable: (p) => (seen.push(p), false) });
    expect(seen.every((p) => p.endsWith('kubectl.exe'))).toBe(true);
    expect(seen).toHaveLength(2);
  });
});
