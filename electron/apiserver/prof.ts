import { execFileSync } from 'node:child_process';
import { createFakeEngine, seedBasics } from './testing/fake-engine';
import { startHarness } from './testing/harness';
const e = createFakeEngine(); seedBasics(e);
const h = await startHarness(e);
const env = { ...process.env, KUBECONFIG: h.server.kubeconfigPath, KUBECACHEDIR: '/tmp/kc-cause' };
for (const args of [['create', 'deployment', 'web', '--image=nginx'], ['scale', 'deployment', 'web', '--replicas=3'], ['label', 'deployment', 'web', 'x=y'], ['delete', 'deployment', 'web']]) {
  try { execFileSync('kubectl', args, { env, stdio: 'pipe' }); } catch (err) { console.log(String((err as { stderr: Buffer }).stderr)); }
}
console.log(JSON.stringify(e.store.causes.map((c) => c.cause).slice(-4)));
await h.close();
