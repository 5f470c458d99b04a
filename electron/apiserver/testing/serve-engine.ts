/**
 * Manual check on the real engine with the clock running at 10x:
 * `npx tsx electron/apiserver/testing/serve-engine.ts /tmp/kubelab-dev`
 */
import { createApiServer } from '../index';
import { createEngine } from '../../engine';

const create = createEngine;
const engine = create({ seed: 1, nodes: 3 });
engine.advance(30_000);
const server = await createApiServer({ engine, dataDir: process.argv[2] ?? '/tmp/kubelab-dev' });
setInterval(() => engine.advance(250), 25);
console.log(`KUBECONFIG=${server.kubeconfigPath} ${server.url}`);
