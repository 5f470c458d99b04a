/** JSON patch (RFC 6902, application/json-patch+json), used by `kubectl rollout undo` among others. */

export class JsonPatchError extends Error {}

type Container = Record<string, unknown> | unknown[];

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: unknown, tokens: string[]): { parent: Container; last: string } {
  let current: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) current = current[arrayIndex(current, token, false)];
    else if (current && typeof current === 'object' && Object.prototype.hasOwnProperty.call(current, token)) current = (current as Record<string, unknown>)[token];
    else throw new JsonPatchError(`path element "${token}" does not exist`);
  }
  if (!current || typeof current !== 'object') throw new JsonPatchError('path does not point into an object or array');
  return { parent: current as Container, last: tokens[tokens.length - 1] ?? '' };
}

function arrayIndex(array: unknown[], token: string, forInsert: boolean): number {
  if (token === '-' && forInsert) return array.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new JsonPatchError(`invalid array index "${token}"`);
  const index = Number(token);
  if (index > array.length || (!forInsert && index === array.length)) throw new JsonPatchError(`array index ${index} out of bounds`);
  return index;
}

function getAt(doc: unknown, tokens: string[]): unknown {
  if (tokens.length === 0) return doc;
  const { parent, last } = parentOf(doc, tokens);
  if (Array.isArray(parent)) return parent[arrayIndex(parent, last, false)];
  if (!Object.prototype.hasOwnProperty.call(parent, last)) throw new JsonPatchError(`path "${last}" does not exist`);
  return parent[last];
}

function removeAt(doc: unknown, tokens: string[]): unknown {
  if (tokens.length === 0) throw new JsonPatchError('cannot remove the whole document');
  const { parent, last } = parentOf(doc, tokens);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, last, false), 1)[0];
  if (!Object.prototype.hasOwnProperty.call(parent, last)) throw new JsonPatchError(`path "${last}" does not exist`);
  const value = parent[last];
  delete parent[last];
  return value;
}

function addAt(doc: unknown, tokens: string[], value: unknown): unknown {
  if (tokens.length === 0) return value;
  const { parent, last } = parentOf(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true), 0, value);
  else parent[last] = value;
  return doc;
}

function isEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function jsonPatch<T>(document: T, operations: unknown): T {
  if (!Array.isArray(operations)) throw new JsonPatchError('a JSON patch must be an array of operations');
  let doc: unknown = structuredClone(document);
  for (const raw of operations) {
    if (!raw || typeof raw !== 'object') throw new JsonPatchError('each JSON patch operation must be an object');
    const op = raw as { op?: unknown; path?: unknown; from?: unknown; value?: unknown };
    if (typeof op.path !== 'string') throw new JsonPatchError('operation is missing "path"');
    const path = parsePointer(op.path);
    switch (op.op) {
      case 'add':
        if (!('value' in op)) throw new JsonPatchError('"add" operation is missing "value"');
        doc = addAt(doc, path, structuredClone(op.value));
        break;
      case 'remove':
        removeAt(doc, path);
        break;
      case 'replace':
        if (!('value' in op)) throw new JsonPatchError('"replace" operation is missing "value"');
        if (path.length === 0) doc = structuredClone(op.value);
        else {
          removeAt(doc, path);
          doc = addAt(doc, path, structuredClone(op.value));
        }
        break;
      case 'move':
      case 'copy': {
        if (typeof op.from !== 'string') throw new JsonPatchError(`"${op.op}" operation is missing "from"`);
        const from = parsePointer(op.from);
        const value = op.op === 'move' ? removeAt(doc, from) : structuredClone(getAt(doc, from));
        doc = addAt(doc, path, value);
        break;
      }
      case 'test':
        if (!isEqual(getAt(doc, path), op.value)) throw new JsonPatchError(`testing value ${op.path} failed`);
        break;
      default:
        throw new JsonPatchError(`unexpected operation "${String(op.op)}"`);
    }
  }
  return doc as T;
}
