/**
 * Names of one kind's objects per namespace, kept in list order (namespace, then name) so that a
 * list does not sort on every call. Each namespace's sorted name array is rebuilt lazily only after
 * an object was added or removed there; updates of existing objects never invalidate it.
 */
export class SortedNames {
  /** kind -> namespace ('' for cluster scope) -> names in sorted order. */
  private cache = new Map<string, Map<string, string[]>>();

  /** An object appeared in or left `namespace`. */
  invalidate(kind: string, namespace: string): void {
    this.cache.get(kind)?.delete(namespace);
  }

  /** The names of `byName` in sorted order; the array is shared and must not be mutated. */
  names(kind: string, namespace: string, byName: ReadonlyMap<string, unknown>): readonly string[] {
    let perKind = this.cache.get(kind);
    if (!perKind) this.cache.set(kind, (perKind = new Map()));
    let names = perKind.get(namespace);
    if (!names) {
      names = [...byName.keys()].sort(compareStrings);
      perKind.set(namespace, names);
    }
    return names;
  }
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
