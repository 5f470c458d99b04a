/**
 * A session survives SIGKILL at any moment. `serve` keeps its session in one data folder and is
 * killed 50 times at random moments while a kubectl loop creates, patches and deletes ConfigMaps;
 * after each restart every write kubectl saw acknowledged is there, an unacknowledged one is either
 * wholly there or not at all, and the reopened session replayed to the very log hashes it recorded
 * (serve says so on stderr when a replay differs, and the spec fails on that line).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { kubectlPath } from './fixtures/kubectl';
import { kubectl } from './pages/kubectl';

const KILLS = 50;

function serve(dataDir: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['out/main/serve.js', '--data-dir', dataDir, '--kubeconfig', join(dataDir, 'kubeconfig')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 30_000);
    child.stdout?.on('data', () => {
      if (output.includes('Kubelab web mode:')) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

/** A shell loop of kubectl writes that says TRY before each and ACK after each that succeeded. */
function writer(kubeconfig: string, seed: number): { child: ChildProcess; lines: () => string[] } {
  const script = `
RANDOM=${seed}; n=0
while true; do
  n=$((n+1)); name=cm-$((RANDOM % 5)); value=v${seed}-$n
  case $((RANDOM % 3)) in
    0) op=create; args="create configmap $name --from-literal=v=$value" ;;
    1) op=patch; args="patch configmap $name --type=merge -p {\\"data\\":{\\"v\\":\\"$value\\"}}" ;;
    2) op=delete; args="delete configmap $name --wait=false" ;;
  esac
  echo "TRY $op $name $value"
  if "${kubectlPath}" $args >/dev/null 2>&1; then echo "ACK $op $name $value"; fi
done`;
  const child = spawn('bash', ['-c', script], { env: { ...process.env, KUBECONFIG: kubeconfig }, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  return { child, lines: () => out.split('\n').filter(Boolean) };
}

test.skip(!kubectlPath, 'no kubectl on PATH');
test.setTimeout(15 * 60_000);

test('every acknowledged kubectl write survives 50 kills at random moments', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-crash-'));
  const kubeconfig = join(dataDir, 'kubeconfig');
  /** What the cluster must hold: a name's value, or absent. */
  const model = new Map<string, string>();
  let random = 12345;
  const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let acknowledged = 0;
  try {
    for (let kill = 0; kill < KILLS; kill++) {
      const server = await serve(dataDir);
      // What the reopened session holds must be what was acknowledged before the last kill.
      const listed = JSON.parse(kubectl(kubeconfig, ['get', 'configmaps', '-o', 'json'])) as { items: { metadata: { name: string }; data?: { v?: string } }[] };
      const actual = new Map(listed.items.filter((c) => c.metadata.name.startsWith('cm-')).map((c) => [c.metadata.name, c.data?.v ?? '']));
      expect(actual, `after kill ${kill}`).toEqual(model);
      expect(server.output()).not.toMatch(/replay differs|could not be reopened|could not be read to the end/);
      const loop = writer(kubeconfig, 1000 + kill);
      await new Promise((r) => setTimeout(r, 300 + next() * 2200));
      server.child.kill('SIGKILL');
      await new Promise((r) => server.child.once('exit', r));
      loop.child.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 50));
      // Acknowledged writes move the model; the one in flight at the kill must then be checked as either.
      const lines = loop.lines();
      let inFlight: string[] | undefined;
      for (const line of lines) {
        const [kind, op, name, value] = line.split(' ');
        if (kind === 'TRY') inFlight = [op!, name!, value!];
        if (kind !== 'ACK') continue;
        inFlight = undefined;
        acknowledged++;
        if (op === 'delete') model.delete(name!);
        else model.set(name!, value!);
      }
      if (inFlight) {
        const [op, name, value] = inFlight as [string, string, string];
        const check = await serve(dataDir);
        const got = JSON.parse(kubectl(kubeconfig, ['get', 'configmaps', '-o', 'json'])) as { items: { metadata: { name: string }; data?: { v?: string } }[] };
        const now = got.items.find((c) => c.metadata.name === name)?.data?.v;
        const applied = op === 'delete' ? now === undefined : now === value;
        const untouched = now === model.get(name);
        expect(applied || untouched, `the write in flight at kill ${kill} (${op} ${name} ${value}) is whole or absent; found ${now}`).toBe(true);
        if (applied) {
          if (op === 'delete') model.delete(name);
          else model.set(name, value);
        }
        check.child.kill('SIGKILL');
        await new Promise((r) => check.child.once('exit', r));
      }
    }
    // The loop really wrote: a handful of acknowledged writes per kill.
    expect(acknowledged).toBeGreaterThan(KILLS);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
