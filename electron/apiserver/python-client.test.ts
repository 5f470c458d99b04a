/**
 * The list and watch contract checked with a client we did not write: Debian's python3-kubernetes
 * runs fixtures/python-client.py against the server on the real engine. It pages a list with
 * `limit`/`_continue` and streams a Deployment's ADDED/MODIFIED/DELETED events through
 * watch.Watch() (which sends `watch=True`). .ci/run installs the package, so CI never skips.
 */
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine/index';
import { startHarness, type Harness } from './testing/harness';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, 'fixtures', 'python-client.py');

function hasPythonClient(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import kubernetes'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}
const available = hasPythonClient();

let engine: Engine;
let h: Harness;

interface Output {
  pages: { names: string[]; resourceVersion: string; remaining: number | null }[];
  events: { type: string; name: string; replicas: number }[];
  watchEnded: boolean;
}

describe.skipIf(!available)(`the official Python client${available ? '' : ' (skipped: python3-kubernetes is not installed; apt-get install python3-kubernetes)'}`, () => {
  beforeAll(async () => {
    engine = createEngine({ seed: 21, nodes: 1 });
    engine.advance(5_000);
    h = await startHarness(engine);
    await h.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'py' } } });
    for (let i = 0; i < 5; i++) await h.request('POST', '/api/v1/namespaces/py/configmaps', { body: { metadata: { name: `cm-${i}` } } });
    engine.advance(2_000); // the root CA publisher adds kube-root-ca.crt: six ConfigMaps
  });
  afterAll(async () => {
    await h?.close();
    engine?.dispose();
  });

  it('pages a list with limit and _continue, and watches a Deployment created, scaled and deleted', { timeout: 60_000 }, async () => {
    const expected = engine.store.list('ConfigMap', { namespace: 'py' }).items.map((o) => o.metadata.name);
    // The cluster's controllers run while the script talks to the server.
    const clock = setInterval(() => engine.advance(200), 20);
    let output: Output;
    try {
      const { stdout } = await run(PYTHON, [SCRIPT, h.server.kubeconfigPath, 'py'], { timeout: 50_000 });
      output = JSON.parse(stdout) as Output;
    } finally {
      clearInterval(clock);
    }
    expect(output.pages.flatMap((p) => p.names)).toEqual(expected);
    expect(output.pages.map((p) => p.names.length)).toEqual([2, 2, 2]);
    expect(new Set(output.pages.map((p) => p.resourceVersion)).size).toBe(1);
    expect(output.pages[0]!.remaining).toBe(expected.length - 2);

    const types = output.events.map((e) => e.type);
    expect(output.watchEnded).toBe(true);
    expect(types[0]).toBe('ADDED');
    expect(types.at(-1)).toBe('DELETED');
    expect(types.slice(1, -1).every((t) => t === 'MODIFIED')).toBe(true);
    expect(output.events.every((e) => e.name === 'py-web')).toBe(true);
    expect(output.events.some((e) => e.type === 'MODIFIED' && e.replicas === 3)).toBe(true);
  });
});
