/** Query parameters shared by the handlers, read defensively (every value is client input). */
import type { IncomingMessage } from 'node:http';
import type { IncludeObject } from '../tables';

export function wantsTable(req: IncomingMessage): boolean {
  const accept = String(req.headers.accept ?? '');
  return accept.split(',').some((part) => /;\s*as=Table/.test(part) && part.includes('g=meta.k8s.io'));
}

export function includeObject(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject');
  return v === 'Object' || v === 'None' ? v : 'Metadata';
}

export function isTrue(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  return v === 'true' || v === '1';
}

export function intParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

export function dryRun(query: URLSearchParams): boolean {
  return query.getAll('dryRun').includes('All');
}
