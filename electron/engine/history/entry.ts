/**
 * One event-log line: seven tab-separated header fields (frame, type code, kind, namespace, name,
 * cause index, the cause's per-change reason and link as JSON or nothing: causes.ts) and the
 * payload (full JSON for ADDED, a path diff for MODIFIED, nothing for DELETED). JSON escapes
 * tabs, so neither the cause column nor the payload needs quoting. Kept apart so that a journal on
 * disk can write and read the same lines.
 */

export const TYPE_CODE = { ADDED: 'A', MODIFIED: 'M', DELETED: 'D' } as const;
const CODE_TYPE = { A: 'ADDED', M: 'MODIFIED', D: 'DELETED' } as const;

export interface DecodedEntry {
  frame: number;
  time: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  kind: string;
  namespace: string;
  name: string;
  cause: number;
  /** The cause's reason and link (causeExtra), '' when it has none. */
  causeExtra: string;
  payload: string;
}

export function objectId(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}|${namespace ?? ''}|${name}`;
}

export function parseLine(raw: string, time: number): DecodedEntry {
  const cuts: number[] = [];
  let at = -1;
  for (let k = 0; k < 7; k++) cuts.push((at = raw.indexOf('\t', at + 1)));
  return {
    frame: Number(raw.slice(0, cuts[0])),
    time,
    type: CODE_TYPE[raw.slice(cuts[0]! + 1, cuts[1]) as 'A' | 'M' | 'D'],
    kind: raw.slice(cuts[1]! + 1, cuts[2]),
    namespace: raw.slice(cuts[2]! + 1, cuts[3]),
    name: raw.slice(cuts[3]! + 1, cuts[4]),
    cause: Number(raw.slice(cuts[4]! + 1, cuts[5])),
    causeExtra: raw.slice(cuts[5]! + 1, cuts[6]),
    payload: raw.slice(cuts[6]! + 1),
  };
}
