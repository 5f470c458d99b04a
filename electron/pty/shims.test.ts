// The generated shims run: the missing-kubectl shim prints one line and exits 127 at once; rc files prompt with the context.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KUBECTL_MISSING_MESSAGE } from './kubectl-resolve';
import { posixMinikubeShim, shQuote, writeShims } from './shims';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kubelab shims '))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const options = (kubectl: Parameters<typeof writeShims>[0]['kubectl']) => ({
  dir,
  platform: 'linux' as const,
  nodePath: process.execPath,
  runAsNode: false,
  minikubeScript: join(dir, 'minikube.js'),
  kubectl,
});

describe('writeShims', () => {
  it('writes a kubectl shim that explains itself in one line and exits 127 without waiting', () => {
    const { binDir } = writeShims(options({ source: 'none' }));
    const started = Date.now();
    const result = spawnSync(join(binDir, 'kubectl'), ['get', 'nodes'], { encoding: 'utf8', timeout: 5000, input: '' });
    expect(result.status).toBe(127);
    expect(result.stderr.trim()).toBe(KUBECTL_MISSING_MESSAGE);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('wraps a bundled kubectl and leaves a PATH kubectl alone', () => {
    const bundled = writeShims(options({ source: 'bundled', path: '/bin/echo' }));
    expect(execFileSync(join(bundled.binDir, 'kubectl'), ['version'], { encoding: 'utf8' })).toBe('version\n');
    const onPath = writeShims(options({ source: 'path', path: '/usr/bin/kubectl' }));
    expect(existsSync(join(onPath.binDir, 'kubectl'))).toBe(false);
  });

  it('writes a minikube shim that runs the script with the given Node, even in a folder with spaces', () => {
    const { binDir } = writeShims({ ...options({ source: 'none' }), minikubeScript: join(dir, 'print args.mjs') });
    execFileSync(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(join(dir, 'print args.mjs'))}, 'console.log(JSON.stringify(process.argv.slice(2)))')`]);
    expect(JSON.parse(execFileSync(join(binDir, 'minikube'), ['start', '--nodes', "it's 3"], { encoding: 'utf8' }))).toEqual(['start', '--nodes', "it's 3"]);
  });

  it('writes a bashrc that prefixes the prompt with the context and keeps the shims first', () => {
    const { rcDir, binDir } = writeShims(options({ source: 'none' }));
    const script = `source ${shQuote(join(rcDir, 'bashrc'))}; echo "$PS1"; echo "$PATH"`;
    const output = execFileSync('bash', ['--norc', '-c', script], { encoding: 'utf8', env: { HOME: dir, PATH: '/usr/bin:/bin', KUBELAB_CONTEXT: 'minikube', KUBELAB_BIN: binDir, KUBELAB_KUBECTL_MISSING: '1', PS1: '$ ' } });
    const [ps1, path] = output.trim().split('\n');
    expect(ps1).toBe('(minikube) $ ');
    expect(path?.startsWith(`${binDir}:`)).toBe(true);
    expect(readFileSync(join(rcDir, 'zsh', '.zshrc'), 'utf8')).toContain('kubectl completion zsh');
  });

  it('quotes for sh', () => {
    expect(shQuote("a'b")).toBe(`'a'\\''b'`);
    expect(posixMinikubeShim({ nodePath: '/n', runAsNode: true, minikubeScript: '/m.js' })).toContain("ELECTRON_RUN_AS_NODE=1 exec '/n' '/m.js' \"$@\"");
  });
});
