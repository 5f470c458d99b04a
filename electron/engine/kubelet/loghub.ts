/**
 * Container logs, kept by the kubelets and read by the PodRuntime: the current and previous
 * instance's lines, with listeners for `logs -f`.
 */
export class LogHub {
  private listeners = new Map<string, Set<(line: string) => void>>();

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

  append(key: string, target: string[], line: string): void {
    target.push(line);
    if (target.length > 5000) target.splice(0, target.length - 5000);
    const set = this.listeners.get(key);
    if (set) for (const fn of set) fn(line);
  }
}
