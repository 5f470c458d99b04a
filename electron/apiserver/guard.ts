/**
 * Who may talk to the API server: only loopback Host headers (DNS-rebinding defence), no browser
 * Origin, and the launch's bearer token (compared in constant time).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { errors } from './status';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (!match) return false;
  const name = match[1] ?? '';
  const hostPort = match[2];
  return LOOPBACK_HOSTS.has(name) && (hostPort === undefined || Number(hostPort) === port);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  if (!header) return false;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) return false;
  const given = Buffer.from(m[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Throws the Status to send (403 for Host/Origin, 401 for the token) or returns when allowed. */
export function checkRequest(req: IncomingMessage, port: number, token: string): void {
  if (!hostAllowed(req.headers.host, port)) throw errors.forbidden(`Host header "${String(req.headers.host ?? '')}" is not allowed: Kubelab's API server answers only loopback hosts`);
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== '') throw errors.forbidden('requests from web pages (Origin header) are not allowed');
  if (!tokenMatches(req.headers.authorization, token)) throw errors.unauthorized();
}
