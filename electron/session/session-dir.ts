/**
 * Where sessions live on disk: `<dataDir>/sessions/<id>/` with the session's meta (name, dates,
 * size: what the list of recent sessions shows without replaying anything), its checkpoint and its
 * journal; `current.json` names the session the app reopens at launch. Damaged sessions are moved
 * to `<dataDir>/sessions/damaged/`, never deleted.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import type { SessionSummary } from '../../shared/ipc/services/sessions';
import { writeFileAtomic } from '../apiserver/atomic-file';

export const CHECKPOINT_FILE = 'checkpoint.kjl';
export const JOURNAL_FILE = 'journal.kjl';
const META_FILE = 'meta.json';
const CURRENT_FILE = 'current.json';

const metaSchema = v.object({
  id: v.string(),
  name: v.string(),
  createdMs: v.number(),
  updatedMs: v.number(),
  nodes: v.number(),
  virtualMs: v.number(),
  frames: v.number(),
  origin: v.picklist(['new', 'scenario', 'copy']),
  lessonId: v.optional(v.string()),
});

export type SessionMeta = SessionSummary;

export function sessionsRoot(dataDir: string): string {
  return join(dataDir, 'sessions');
}

export function sessionDir(root: string, id: string): string {
  return join(root, id);
}

/** A sortable, readable id: the creation time to the second and a few random letters (for the contract's pattern). */
export function newSessionId(nowMs: number, random: () => number = Math.random): string {
  const iso = new Date(nowMs).toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
  const letters = Array.from({ length: 4 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)]).join('');
  return `${stamp}-${letters}`;
}

export function readMeta(dir: string): SessionMeta | undefined {
  try {
    const parsed = v.safeParse(metaSchema, JSON.parse(readFileSync(join(dir, META_FILE), 'utf8')));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}

export function writeMeta(dir: string, meta: SessionMeta): void {
  writeFileAtomic(join(dir, META_FILE), `${JSON.stringify(meta, null, 2)}\n`, 0o600);
}

/** Sessions with a readable meta and a checkpoint, newest first. */
export function listSessions(root: string): SessionMeta[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const out: SessionMeta[] = [];
  for (const name of names) {
    const dir = join(root, name);
    if (!existsSync(join(dir, CHECKPOINT_FILE))) continue;
    const meta = readMeta(dir);
    if (meta && meta.id === name) out.push(meta);
  }
  return out.sort((a, b) => b.updatedMs - a.updatedMs || (a.id < b.id ? 1 : -1));
}

export function readCurrent(root: string): string | undefined {
  try {
    const id = (JSON.parse(readFileSync(join(root, CURRENT_FILE), 'utf8')) as { id?: unknown }).id;
    return typeof id === 'string' && /^[a-z0-9][a-z0-9-]{0,62}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

export function writeCurrent(root: string, id: string): void {
  mkdirSync(root, { recursive: true });
  writeFileAtomic(join(root, CURRENT_FILE), `${JSON.stringify({ id })}\n`, 0o600);
}

/** Moves a session that cannot be read out of the way, keeping every byte; returns where it went. */
export function setAside(root: string, id: string, nowMs: number): string {
  const damaged = join(root, 'damaged');
  mkdirSync(damaged, { recursive: true });
  const target = join(damaged, `${id}-${nowMs}`);
  renameSync(sessionDir(root, id), target);
  return target;
}
