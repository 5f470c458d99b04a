/**
 * Memory under big-object churn: retained heap and history bytes after 1,000 create/delete pairs
 * of 1 MB ConfigMaps through the store API, measured in a child process with gc exposed.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

type Report = (name: string, value: number, unit: string) => void;

function probe(pairs: number, chars: number, env: Record<string, string> = {}): { retainedHeapMB: number; historyBytes: number; ms: number } {
  const script = fileURLToPath(new URL('./memory-probe.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', script, String(pairs), String(chars)], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { retainedHeapMB: number; historyBytes: number; ms: number };
}

export default async function (report: Report): Promise<void> {
  const r = probe(1000, 1024 * 1024);
  report('memory: retained heap after 1,000 create/delete pairs of 1 MB ConfigMaps', r.retainedHeapMB, 'MB');
  report('memory: history bytes retained (budget 256 MB)', r.historyBytes / 2 ** 20, 'MB');
  report('memory: wall time per create/delete pair of 1 MB', r.ms / 1000, 'ms');
  const w = probe(1000, 1024 * 1024, { WATCH_WINDOW: '200' });
  report('memory: the same with a 200-change watch-resume window', w.retainedHeapMB, 'MB');
}
