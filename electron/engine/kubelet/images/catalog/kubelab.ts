/**
 * Kubelab's own teaching images under docker.io/kubelab: each shows one failure mode on purpose
 * (a crash loop, a slow start, a memory leak). They accept any tag, since lessons only name them.
 */
import { image } from './helpers';
import type { HttpRequestInfo, ImageProfile } from '../types';

const hello = (name: string) => (port: number, req: HttpRequestInfo) => (port === 8080 || port === 80 ? { status: 200, headers: { 'Content-Type': 'text/plain' }, body: `${name}: ${req.podName}\n` } : undefined);

function teaching(name: string, spec: Parameters<typeof image>[1]): ImageProfile {
  return image(`docker.io/kubelab/${name}`, { sizeBytes: 30_000_000, pullMs: 1500, cpuMilli: 2, ...spec });
}

export const KUBELAB_IMAGES: ImageProfile[] = [
  teaching('crashloop', { behaviour: { kind: 'crash', afterMs: 3000, exitCode: 1 }, startLogs: () => ['starting...', 'panic: cannot connect to database at db:5432'] }),
  teaching('slow-start', { ports: [8080], startupMs: 30_000, startLogs: () => ['warming caches (this takes 30s)...'], http: hello('slow-start') }),
  teaching('memory-leak', { ports: [8080], behaviour: { kind: 'leak', bytesPerSecond: 5 * 1024 * 1024 }, startLogs: () => ['leaky service started'], http: hello('memory-leak') }),
];
