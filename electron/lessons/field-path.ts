/**
 * Field paths as lessons write them: `spec.template.spec.containers[0].image`,
 * `metadata.labels.app`, and `metadata.labels["app.kubernetes.io/name"]` for keys with dots.
 * Parsed once per path and cached, because checks read them on every engine delta.
 */

const cache = new Map<string, (string | number)[]>();

export function fieldSegments(path: string): (string | number)[] {
  let segments = cache.get(path);
  if (segments) return segments;
  segments = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["([^"]*)"\]/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(path))) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(match[3]!);
  }
  cache.set(path, segments);
  return segments;
}

/** The value at `path`, or undefined when any step of it is missing. */
export function readField(object: unknown, path: string): unknown {
  let value: unknown = object;
  for (const segment of fieldSegments(path)) {
    if (value === null || typeof value !== 'object') return undefined;
    if (typeof segment === 'number') {
      if (!Array.isArray(value)) return undefined;
      value = value[segment];
    } else {
      if (Array.isArray(value)) return undefined;
      value = (value as Record<string, unknown>)[segment];
    }
  }
  return value;
}
