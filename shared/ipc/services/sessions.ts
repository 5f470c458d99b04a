/**
 * Sessions and scenario files. A session is a cluster with its whole timeline, kept on disk as a
 * journal of the inputs that made it, so it survives a restart or a crash; a scenario (`.kubelab`
 * file) is the same record cut out to hand to someone else. The renderer lists, renames, duplicates
 * and deletes sessions, opens one, and saves or opens scenarios; files travel as text, so web mode
 * can download and upload them as Electron's menu reads and writes them.
 */
import * as v from 'valibot';
import { event, method, service } from '../define';

const sessionId = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/));
const name = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120));
const note = v.pipe(v.string(), v.maxLength(4000));
/** A scenario file's text: JSON lines, bounded so a hostile payload cannot exhaust memory. */
const scenarioText = v.pipe(v.string(), v.maxLength(64 * 1024 * 1024));
const fileName = v.pipe(v.string(), v.maxLength(255));

export interface SessionSummary {
  id: string;
  name: string;
  /** Wall-clock epoch ms. */
  createdMs: number;
  updatedMs: number;
  nodes: number;
  /** Virtual time the cluster has run, ms. */
  virtualMs: number;
  frames: number;
  /** Where it came from: a new cluster, a scenario file, or a copy of another session. */
  origin: 'new' | 'scenario' | 'copy';
  /** The lesson active in it, if any. */
  lessonId?: string;
}

export interface SessionsState {
  current: SessionSummary | undefined;
  recent: SessionSummary[];
  /** False when sessions are not kept (no data directory, or `--no-session`). */
  durable: boolean;
  /** What happened at launch that the learner should know (a damaged journal set aside, a torn tail dropped). */
  notices: string[];
}

export interface SavedScenario {
  fileName: string;
  text: string;
  frames: number;
  logHash: string;
}

export interface OpenedScenario {
  state: SessionsState;
  /** The log hash after replay equals the one the file recorded. */
  verified: boolean;
  /** When not verified: what differed, in words. */
  mismatch?: string;
  note?: string;
  lessonId?: string;
}

export const sessionsService = service({
  methods: {
    state: method(v.strictObject({})).returns<SessionsState>(),
    rename: method(v.strictObject({ id: sessionId, name })).returns<SessionsState>(),
    duplicate: method(v.strictObject({ id: sessionId })).returns<SessionsState>(),
    /** Moves a session that is not the current one to the system's trash (or Kubelab's own, where there is none). */
    remove: method(v.strictObject({ id: sessionId })).returns<SessionsState>(),
    /** Makes another kept session the current one: its cluster and timeline replace the shown ones. */
    open: method(v.strictObject({ id: sessionId })).returns<SessionsState>(),
    /** A fresh cluster in a new session; the current one is kept. */
    create: method(v.strictObject({ nodes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100))) })).returns<SessionsState>(),
    /** The current session as a scenario, up to `frame` (a branch) or whole. */
    saveScenario: method(v.strictObject({ frame: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))), note: v.optional(note), name: v.optional(name) })).returns<SavedScenario>(),
    /** Opens a scenario's text as a new current session. */
    openScenario: method(v.strictObject({ text: scenarioText, fileName: v.optional(fileName) })).returns<OpenedScenario>(),
  },
  events: {
    changed: event<SessionsState>(),
  },
});
