/**
 * The real kubectl 1.32's interactive commands against the API server on the real engine, its
 * clock running at 10x: `kubectl cp` both ways (tar through exec), `kubectl run -i --rm` with
 * piped stdin, and `kubectl run -it --rm` typed into a pseudo-terminal. Skips without kubectl.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { spawn as spawnPty } from 'node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/api';
import { createDeployment, deployment, engine as newEngine, isReady, podsOf, until } from '../engine/testkit';
import { resolveKubectl } from '../pty/kubectl-resolve';
import { startHarness, type Harness } from './testing/harness';

const execFileAsync = promisify(execFile);
const found = resolveKubectl({ platform: process.platform, pathEnv: process.env.PATH ?? '' });
const kubectlPath = found.source === 'none' ? undefined : found.path;
let e: Engine;
let h: Harness;
let work: string;
let pod: string;
let ticker: NodeJS.Timeout | undefined;

function env(): NodeJS.ProcessEnv {
  return { ...process.env, KUBECONFIG: h.server.kubeconfigPath, KUBECACHEDIR: join(work, 'cache') };
}

async function kubectl(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = execFileAsync(kubectlPath!, args, { env: env(), timeout: 60_000 });
  if (input !== undefined) {
    child.child.stdin!.write(input);
    child.child.stdin!.end();
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const err = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

describe.skipIf(!kubectlPath)(`kubectl cp, run -i and run -it${kubectlPath ? '' : ' (skipped: no kubectl on PATH)'}`, () => {
  beforeAll(async () => {
    e = newEngine({ seed: 9, nodes: 1 });
    createDeployment(e, deployment('boot', 'gcr.io/google-samples/kubernetes-bootcamp:v1'));
    until(e, () => podsOf(e, 'boot').some(isReady));
    pod = podsOf(e, 'boot')[0]!.metadata.name;
    h = await startHarness(e);
    work = mkdtempSync(join(tmpdir(), 'kubelab-interactive-'));
    // Pods created by kubectl run must schedule and start while kubectl waits.
    ticker = setInterval(() => e.advance(250), 25);
  });
  afterAll(async () => {
    if (ticker) clearInterval(ticker);
    await h?.close();
    e?.dispose();
  });

  it('copies a file into a pod and back, byte for byte', async () => {
    const local = join(work, 'notes.txt');
    writeFileSync(local, 'line one\nünïcødé line two\n');
    const into = await kubectl(['cp', local, `${pod}:/tmp/notes.txt`]);
    expect(into).toMatchObject({ code: 0, stderr: '' });
    expect((await kubectl(['exec', pod, '--', 'cat', '/tmp/notes.txt'])).stdout).toBe('line one\nünïcødé line two\n');
    const back = join(work, 'back.txt');
    const out = await kubectl(['cp', `${pod}:/tmp/notes.txt`, back]);
    expect(out.code).toBe(0);
    // kubectl passes tar's stderr to its stdout (cp.go TarPipe: ErrOut: o.Out).
    expect(out.stdout).toBe("tar: Removing leading `/' from member names\n");
    expect(readFileSync(back, 'utf8')).toBe('line one\nünïcødé line two\n');
  });

  it('copies into a folder destination under the file name, and copies folders recursively', async () => {
    const local = join(work, 'tree');
    mkdirSync(join(local, 'sub'), { recursive: true });
    writeFileSync(join(local, 'a.txt'), 'A\n');
    writeFileSync(join(local, 'sub', 'b.txt'), 'B\n');
    expect((await kubectl(['cp', join(local, 'a.txt'), `${pod}:/tmp`])).code).toBe(0);
    expect((await kubectl(['exec', pod, '--', 'cat', '/tmp/a.txt'])).stdout).toBe('A\n');
    expect((await kubectl(['cp', local, `${pod}:/tmp/tree`])).code).toBe(0);
    expect((await kubectl(['exec', pod, '--', 'cat', '/tmp/tree/sub/b.txt'])).stdout).toBe('B\n');
    const back = join(work, 'tree-back');
    expect((await kubectl(['cp', `${pod}:/tmp/tree`, back])).code).toBe(0);
    expect(readFileSync(join(back, 'sub', 'b.txt'), 'utf8')).toBe('B\n');
    expect(readFileSync(join(back, 'a.txt'), 'utf8')).toBe('A\n');
  });

  it('prints tar\'s error for a missing source path in the pod', async () => {
    const out = await kubectl(['cp', `${pod}:/tmp/nope`, join(work, 'nope')]);
    // kubectl may exit before it has copied all of tar's stderr (cp.go reads it in a goroutine), so
    // what it printed is a whole-line start of tar's two lines, never nothing and never other words.
    const tar = "tar: Removing leading `/' from member names\ntar: /tmp/nope: Cannot stat: No such file or directory\n";
    expect(out.stdout).toMatch(/^tar: /);
    expect(tar.startsWith(out.stdout.slice(out.stdout.indexOf('tar: ')))).toBe(true);
  });

  it('runs -i --rm with piped stdin: the shell reads it, exits at EOF, and the pod is deleted', async () => {
    const out = await kubectl(['run', '-i', '--rm', 'piped', '--image=busybox', '--restart=Never', '--', 'sh'], 'echo from the pipe $((6*7))\n');
    expect(out.code).toBe(0);
    expect(out.stdout).toBe('from the pipe 42\npod "piped" deleted\n');
    expect(out.stderr).toBe("If you don't see a command prompt, try pressing enter.\n");
    expect(e.store.get('Pod', 'default', 'piped')).toBeUndefined();
  });

  it('ends the attach when PID 1 exits by itself, and takes the exit code from the pod status', async () => {
    const failed = await kubectl(['run', '-i', '--rm', 'three', '--image=busybox', '--restart=Never', '--', 'sh'], 'exit 3\n');
    // The attach itself ends with Success (kubelet ServeAttach); kubectl run reads the terminated state.
    expect(failed.code).toBe(3);
    expect(failed.stdout).toBe('pod "three" deleted\n');
    expect(failed.stderr).toContain('pod default/three terminated (Error)');
    const script = await kubectl(['run', '-i', '--rm', 'script', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'sleep 2; echo done']);
    expect(script).toMatchObject({ code: 0, stdout: 'done\npod "script" deleted\n' });
  });

  it('runs -it --rm in a terminal: a prompt, typed commands, exit ends the pod and deletes it', async () => {
    const term = spawnPty(kubectlPath!, ['run', '-it', '--rm', 'b', '--image=busybox', '--restart=Never', '--', 'sh'], { env: env() as Record<string, string>, cols: 100, rows: 30 });
    let screen = '';
    term.onData((d) => (screen += d));
    const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
    const waitFor = async (text: string) => {
      const deadline = Date.now() + 30_000;
      while (!screen.includes(text)) {
        if (Date.now() > deadline) throw new Error(`no ${JSON.stringify(text)} in ${JSON.stringify(screen)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await waitFor("If you don't see a command prompt, try pressing enter.");
    term.write('\r');
    await waitFor('/ # ');
    term.write('echo hello $((1+2))\r');
    await waitFor('hello 3\r\n');
    term.write('exit\r');
    expect(await exited).toBe(0);
    expect(screen).toContain('pod "b" deleted');
    expect(e.store.get('Pod', 'default', 'b')).toBeUndefined();
  });
});
