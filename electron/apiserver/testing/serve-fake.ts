/**
 * Manual check: serves the API on the fake engine and prints the kubeconfig path.
 * `npx tsx electron/apiserver/testing/serve-fake.ts /tmp/kubelab-dev`
 */
import { createApiServer } from '../index';
import { createFakeEngine, seedBasics } from './fake-engine';

const engine = createFakeEngine();
seedBasics(engine);
const server = await createApiServer({ engine, dataDir: process.argv[2] ?? '/tmp/kubelab-dev' });
console.log(`KUBECONFIG=${server.kubeconfigPath} ${server.url}`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
