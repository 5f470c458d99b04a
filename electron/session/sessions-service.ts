/**
 * Durable sessions for the core: at launch the last session is reopened where it stopped (its
 * recording replayed into the engine), every input is journaled as it happens, and the list of
 * sessions and scenario files is served to the renderer (shared/ipc/services/sessions.ts).
 * A session that cannot be read is set aside with a notice and a new one starts: never a reason
 * to refuse to start, never deleted.
 */
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { ServiceImpl } from '../../shared/ipc/define';
import type { OpenedScenario, SavedScenario, SessionsState, SessionSummary, sessionsService } from '../../shared/ipc/services/sessions';
import { inputsUpTo, mergeAdvances, type Input, type Recording, type RecordingEngine, type RecordingOptions, type ReplayReport } from '../engine/history/recording';
import { decodeRecordingFile, encodeRecordingFile, RECORDING_FORMAT_VERSION, RecordingFileError } from './recording-file';
import { listSessions, newSessionId, readCurrent, readMeta, sessionDir, sessionsRoot, setAside, writeCurrent, writeMeta, type SessionMeta } from './session-dir';
import { readSession, SessionJournal, SessionUnreadable } from './session-journal';
import type { SessionState } from './session-state';
import type { Trash } from './trash';

export interface SessionsOptions {
  dataDir: string;
  engine: RecordingEngine;
  app: string;
  wallNow: () => number;
  /** A wall-clock interval (the journal's once-a-second flush); returns a stop function. */
  every: (ms: number, fn: () => void) => () => void;
  trash: Trash;
  /** Builds a scratch engine to replay a recording (saving from a frame computes its end hash). */
  scratch: () => RecordingEngine;
  /** The session's state outside the engine, and how to put it back. */
  readState: () => SessionState;
  applyState: (state: SessionState, how: 'reopened' | 'fresh') => void;
  /** Options of a fresh cluster (seed, nodes, a new anchor). */
  freshOptions: (nodes?: number) => RecordingOptions;
  /** Start a new session even when there is one to reopen (`serve --nodes`, `--seed`). */
  fresh?: boolean;
  onProblem?: (message: string) => void;
}

export interface Sessions {
  service: ServiceImpl<typeof sessionsService>;
  /** Reopens the last session, or starts one; returns what the learner should be told. */
  start(): string[];
  /** The session's state changed (clock, cluster, lesson). */
  stateChanged(): void;
  /** Writes a checkpoint now (`minikube stop`). */
  save(): void;
  /** Opens a scenario file as the current session (`serve --open FILE`). */
  openFile(path: string): OpenedScenario;
  stop(): void;
}

const FLUSH_MS = 1000;
const META_EVERY_MS = 5000;

export function createSessions(options: SessionsOptions): Sessions {
  const root = sessionsRoot(options.dataDir);
  const { engine } = options;
  const listeners = new Set<(state: SessionsState) => void>();
  const notices: string[] = [];
  let current: SessionMeta | undefined;
  let journal: SessionJournal | undefined;
  let stopTimer: (() => void) | undefined;
  let lastMeta = 0;
  let loading = false;
  let lastStateKey = '';

  const sources = {
    recording: () => engine.recording(),
    state: () => options.readState(),
    frames: () => engine.timeline.state().length,
    hash: () => engine.logHash(),
  };

  const summary = (): SessionsState => ({
    // The current session's size is read live; the kept meta lags by up to a few seconds.
    current: current && { ...current, frames: engine.timeline.state().length, virtualMs: Math.round(engine.now()) },
    recent: listSessions(root).filter((s) => s.id !== current?.id),
    durable: true,
    notices: [...notices],
  });
  const push = () => {
    const s = summary();
    for (const l of listeners) l(s);
  };

  const refreshMeta = (force = false) => {
    if (!current) return;
    const now = options.wallNow();
    if (!force && now - lastMeta < META_EVERY_MS) return;
    lastMeta = now;
    const rec = engine.recording();
    const { lessonId: _was, ...rest } = current;
    current = { ...rest, updatedMs: now, frames: engine.timeline.state().length, virtualMs: Math.round(engine.now()), nodes: rec?.options.nodes ?? current.nodes, ...lessonOf(options.readState()) };
    try {
      writeMeta(sessionDir(root, current.id), current);
    } catch (error) {
      options.onProblem?.(`the session's details could not be saved: ${(error as Error).message}`);
    }
  };

  engine.onRecord((event) => {
    if (!journal || loading) return;
    if (event.t === 'input') journal.input(event.input);
    else journal.checkpoint();
  });

  const closeCurrent = () => {
    stopTimer?.();
    stopTimer = undefined;
    if (journal) {
      journal.checkpoint();
      journal.close();
    }
    refreshMeta(true);
    journal = undefined;
    current = undefined;
  };

  /** Makes `meta` the current session, journaling from the engine's present state. */
  const begin = (meta: SessionMeta, gen: number) => {
    current = meta;
    journal = new SessionJournal(sessionDir(root, meta.id), sources, { app: options.app, wallNow: options.wallNow, onProblem: (m) => options.onProblem?.(m) }, gen);
    journal.checkpoint();
    refreshMeta(true);
    writeCurrent(root, meta.id);
    stopTimer = options.every(FLUSH_MS, () => {
      journal?.tick();
      refreshMeta();
    });
  };

  const load = (recording: Recording): ReplayReport => {
    loading = true;
    try {
      return engine.load(recording);
    } finally {
      loading = false;
    }
  };

  const newMeta = (origin: SessionSummary['origin'], name: string, nodes: number): SessionMeta => {
    const now = options.wallNow();
    let id = newSessionId(now);
    while (existsSync(sessionDir(root, id))) id = newSessionId(now);
    return { id, name, createdMs: now, updatedMs: now, nodes, virtualMs: 0, frames: 0, origin };
  };

  // Named as minikube names its profile, with the start time: words in no one language (the list shows the node count).
  const defaultName = (_nodes: number) => `minikube ${new Date(options.wallNow()).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

  const mismatchWords = (report: ReplayReport) =>
    report.mismatch ? `The replay differs from the recording from frame ${report.mismatch.frame} on (input ${report.mismatch.index + 1}); what happened after it may not be exactly what was recorded.` : undefined;

  /** Opens a kept session by id: replays it and journals on from there. */
  const reopen = (id: string): boolean => {
    const dir = sessionDir(root, id);
    const meta = readMeta(dir);
    try {
      const read = readSession(dir, options.wallNow);
      notices.push(...read.notices);
      const report = load(read.recording);
      const words = mismatchWords(report);
      if (words) notices.push(words);
      options.applyState(read.state, 'reopened');
      begin(meta ?? { ...newMeta('new', defaultName(read.recording.options.nodes), read.recording.options.nodes), id }, read.gen);
      return true;
    } catch (error) {
      // Whatever stopped the replay (a file we cannot read, an input the engine threw on), the
      // session is kept as it is and the app starts on a new cluster.
      const why = error instanceof SessionUnreadable || error instanceof RecordingFileError ? error.message : `its replay failed: ${(error as Error).message}`;
      let where = dir;
      try {
        where = setAside(root, id, options.wallNow());
      } catch {
        // Left where it is; the notice says so.
      }
      notices.push(`The last session could not be reopened (${why}). It was kept in ${where}, and a new cluster was started.`);
      return false;
    }
  };

  const startFresh = (nodes?: number, origin: SessionSummary['origin'] = 'new') => {
    const fresh = options.freshOptions(nodes);
    load({ options: fresh, inputs: fresh.settleMs ? [{ op: 'advance', ms: fresh.settleMs } as Input] : [] });
    options.applyState({ cluster: 'running' }, 'fresh');
    begin(newMeta(origin, defaultName(fresh.nodes), fresh.nodes), 0);
  };

  const scenarioText = (frame: number | undefined, note: string | undefined, name: string | undefined): SavedScenario => {
    journal?.flush();
    const rec = engine.recording();
    if (!rec) throw new Error('this session dropped its oldest inputs to bound memory, so it can no longer be saved whole; save from a later session');
    const length = engine.timeline.state().length;
    const cut = frame !== undefined && frame < length;
    let inputs = mergeAdvances(cut ? inputsUpTo(rec.inputs, frame) : rec.inputs);
    let frames = length;
    let hash = engine.logHash();
    if (cut) {
      // The end hash of a branch is known only by replaying it; the replay also gives every input its hash.
      const copy = options.scratch();
      const report = copy.load({ options: rec.options, inputs });
      frames = report.frames;
      hash = report.hash;
      inputs = mergeAdvances(copy.recording()?.inputs ?? inputs);
    }
    const title = name ?? current?.name ?? 'Kubelab scenario';
    const state = options.readState();
    const text = encodeRecordingFile({
      header: { t: 'header', format: 'kubelab-scenario', version: RECORDING_FORMAT_VERSION, app: options.app, savedMs: options.wallNow(), options: rec.options, name: title, ...(note ? { note } : {}), ...(cut ? { fromFrame: frame } : {}) },
      recording: { options: rec.options, inputs },
      state: { ...state, clock: { paused: true, speed: state.clock?.speed ?? 1 } },
      end: { t: 'end', frames, hash, inputs: inputs.length },
    });
    const safe = title.replace(/[^\p{L}\p{N} ._-]+/gu, '-').trim().slice(0, 80) || 'scenario';
    return { fileName: `${safe}${cut ? `-frame-${frame}` : ''}.kubelab`, text, frames, logHash: hash };
  };

  const openScenarioText = (text: string, fileName: string | undefined): OpenedScenario => {
    const file = decodeRecordingFile(text, 'scenario');
    closeCurrent();
    const report = load(file.recording);
    const verified = !report.mismatch && report.hash === file.end.hash && report.frames === file.end.frames;
    options.applyState(file.state, 'reopened');
    const name = file.header.name ?? fileName?.replace(/\.kubelab$/, '') ?? 'Scenario';
    begin(newMeta('scenario', name, file.recording.options.nodes), 0);
    push();
    const mismatch = verified ? undefined : (mismatchWords(report) ?? `The replay ended at frame ${report.frames} with log hash ${report.hash}; the file recorded frame ${file.end.frames} with ${file.end.hash}.`);
    return { state: summary(), verified, ...(mismatch ? { mismatch } : {}), ...(file.header.note ? { note: file.header.note } : {}), ...(file.state.lesson ? { lessonId: file.state.lesson.id } : {}) };
  };

  const mustBeKept = (id: string): SessionMeta => {
    const meta = id === current?.id ? current : readMeta(sessionDir(root, id));
    if (!meta) throw new Error(`no session "${id}"`);
    return meta;
  };

  const service: ServiceImpl<typeof sessionsService> = {
    state: () => summary(),
    rename: async ({ id, name }) => {
      const meta = { ...mustBeKept(id), name };
      if (id === current?.id) current = meta;
      writeMeta(sessionDir(root, id), meta);
      push();
      return summary();
    },
    duplicate: async ({ id }) => {
      const meta = mustBeKept(id);
      if (id === current?.id) journal?.checkpoint();
      const copy = { ...newMeta('copy', `${meta.name} (copy)`, meta.nodes), virtualMs: meta.virtualMs, frames: meta.frames, ...(meta.lessonId ? { lessonId: meta.lessonId } : {}) };
      cpSync(sessionDir(root, id), sessionDir(root, copy.id), { recursive: true });
      writeMeta(sessionDir(root, copy.id), copy);
      push();
      return summary();
    },
    remove: async ({ id }) => {
      if (id === current?.id) throw new Error('the current session cannot be deleted; open or start another one first');
      mustBeKept(id);
      await options.trash(sessionDir(root, id));
      push();
      return summary();
    },
    open: async ({ id }) => {
      if (id === current?.id) return summary();
      mustBeKept(id);
      closeCurrent();
      if (!reopen(id)) startFresh();
      push();
      return summary();
    },
    create: async ({ nodes }) => {
      closeCurrent();
      startFresh(nodes);
      push();
      return summary();
    },
    saveScenario: async ({ frame, note, name }) => scenarioText(frame, note, name),
    openScenario: async ({ text, fileName }) => openScenarioText(text, fileName),
    onChanged: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };

  return {
    service,
    start() {
      mkdirSync(root, { recursive: true });
      const last = options.fresh ? undefined : readCurrent(root);
      if (!(last && existsSync(sessionDir(root, last)) && reopen(last))) startFresh();
      return [...notices];
    },
    stateChanged() {
      if (loading) return;
      const key = JSON.stringify(options.readState());
      if (key === lastStateKey) return;
      lastStateKey = key;
      journal?.state();
      refreshMeta(true);
      push();
    },
    save() {
      journal?.checkpoint();
      refreshMeta(true);
    },
    openFile(path) {
      return openScenarioText(readFileSync(path, 'utf8'), path);
    },
    stop() {
      closeCurrent();
      listeners.clear();
    },
  };
}

function lessonOf(state: SessionState): Pick<SessionMeta, 'lessonId'> {
  return state.lesson ? { lessonId: state.lesson.id } : {};
}
