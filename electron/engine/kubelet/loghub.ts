/**
 * Container logs, kept by the kubelets and read by the PodRuntime: the current and previous
 * instance's lines, with listeners for `logs -f`, and the virtual time each line was written
 * (what `kubectl logs --timestamps` prints, as the container runtime records it per line).
 */
export class LogHub {
  private listeners = new Map<string, Set<(line: string) => void>>();
  /** Per log array (current or previous instance's), the virtual ms of each line. */
  private times = new WeakMap<string[], number[]>();

  static key(namespace: string, pod: string, container: string): string {
    return `${namespace}/${pod}/${container}`;
  }

  listen(key: string, fn: (line: string) => void): () => void {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }

  append(key: string, target: string[], line: string, atMs: number): void {
    let times = this.times.get(target);
    if (!times || times.length > target.length) this.times.set(target, (times = []));
    // Lines written before times were kept (none today) are dated with the first known one.
    while (times.length < target.length) times.push(atMs);
    target.push(line);
    times.push(atMs);
    if (target.length > 5000) {
      target.splice(0, target.length - 5000);
      times.splice(0, times.length - 5000);
    }
    const set = this.listeners.get(key);
    if (set) for (const fn of set) fn(line);
  }

  /** The virtual ms of each line of `lines` (a container's log array), aligned with it. */
  timesOf(lines: string[]): number[] {
    const times = this.times.get(lines) ?? [];
    return lines.map((_, i) => times[i] ?? times[times.length - 1] ?? 0);
  }
}

/**
 * pkg/kubelet/kuberuntime/logs/logs.go timeFormatOut "2006-01-02T15:04:05.000000000Z07:00": the
 * fixed-width RFC3339Nano a line starts with under `kubectl logs --timestamps`.
 */
export function logTimestamp(wallMs: number): string {
  const ms = Math.floor(wallMs);
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, millis: string) => `.${millis}000000Z`);
}
