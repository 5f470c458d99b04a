/**
 * One session's journal on disk. Every input the engine records is appended (write(2), in order)
 * before the call that made it returns, so a write kubectl saw acknowledged is in the file even if
 * the process is killed the next instant; an fdatasync follows in the background, so a power loss
 * costs at most the last moment's inputs, which were then torn and are dropped on reading.
 * Advances that reached their end are merged while they come (history/recording.ts) and written
 * once a second or before the next other input: a crash loses at most a second of quiet time.
 *
 * A checkpoint is the whole recording, written atomically (temporary file, fsync, rename, fsync
 * of the folder) under a new generation, followed by a fresh journal that names that generation.
 * A crash between the two leaves a journal naming the older generation, which the checkpoint
 * already contains, so reading ignores it. Checkpoints are written when the record is replaced
 * (a fork, `minikube delete`, a loaded session), when the journal grows large, and on close.
 */
import { closeSync, fdatasync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../apiserver/atomic-file';
import { mergeAdvances, type Input, type Recording } from '../engine/history/recording';
import { decodeRecords, encodeRecord } from './journal-codec';
import { checkVersion, decodeRecordingFile, encodeRecordingFile, parseInput, RECORDING_FORMAT_VERSION, type RecordingHeader } from './recording-file';
import { CHECKPOINT_FILE, JOURNAL_FILE } from './session-dir';
import { sessionStateSchema, type SessionState } from './session-state';
import * as v from 'valibot';

/** A journal this large is folded into a new checkpoint. */
const CHECKPOINT_AFTER_BYTES = 4 * 1024 * 1024;

export interface JournalSources {
  recording(): Recording | undefined;
  state(): SessionState;
  frames(): number;
  hash(): string;
}

export interface JournalOptions {
  app: string;
  wallNow: () => number;
  /** Told when the journal cannot be written (a full disk): the session goes on in memory. */
  onProblem?: (message: string) => void;
}

const journalHeader = (gen: number) => ({ t: 'header', format: 'kubelab-journal', version: RECORDING_FORMAT_VERSION, base: gen });

const isWhole = (i: Input) => i.op === 'advance' && i.whole === true && i.untilFrame === undefined;

export class SessionJournal {
  private fd: number | undefined;
  private gen: number;
  private bytes = 0;
  /** Whole advances not yet written, merged into one. */
  private pending: Input | undefined;
  private syncing = false;
  private dirty = false;
  private failed = false;

  constructor(
    readonly dir: string,
    private readonly sources: JournalSources,
    private readonly options: JournalOptions,
    gen = 0,
  ) {
    this.gen = gen;
    mkdirSync(dir, { recursive: true });
  }

  /** An input the engine recorded (RecordEvent 'input'). */
  input(input: Input): void {
    if (isWhole(input)) {
      const p = this.pending;
      this.pending = { op: 'advance', ms: (p && p.op === 'advance' ? p.ms : 0) + (input as { ms: number }).ms, whole: true, endFrame: input.endFrame, hash: input.hash } as Input;
      return;
    }
    this.flushPending();
    this.append({ t: 'input', input });
    this.sync();
  }

  /** The session's state changed (clock, cluster, lesson): the latest record wins. */
  state(): void {
    this.flushPending();
    this.append({ t: 'state', state: this.sources.state() });
    this.sync();
  }

  /** Called about once a second by the owner: writes the merged quiet time, and folds a big journal. */
  tick(): void {
    this.flushPending();
    if (this.bytes > CHECKPOINT_AFTER_BYTES) this.checkpoint();
  }

  /** Writes the whole recording as a new generation and starts an empty journal after it. */
  checkpoint(extra: Partial<RecordingHeader> = {}): boolean {
    const recording = this.sources.recording();
    // Inputs dropped to bound memory: the journal on disk is then the only whole record; keep appending.
    if (!recording) return false;
    this.pending = undefined;
    const gen = this.gen + 1;
    const inputs = mergeAdvances(recording.inputs);
    const text = encodeRecordingFile({
      header: { t: 'header', format: 'kubelab-checkpoint', version: RECORDING_FORMAT_VERSION, app: this.options.app, savedMs: this.options.wallNow(), options: recording.options, gen, ...extra },
      recording: { options: recording.options, inputs },
      state: this.sources.state(),
      end: { t: 'end', frames: this.sources.frames(), hash: this.sources.hash(), inputs: inputs.length },
    });
    try {
      writeFileAtomic(join(this.dir, CHECKPOINT_FILE), text, 0o600);
      this.gen = gen;
      this.closeFd();
      writeFileAtomic(join(this.dir, JOURNAL_FILE), encodeRecord(journalHeader(gen)), 0o600);
      this.fd = openSync(join(this.dir, JOURNAL_FILE), 'a', 0o600);
      this.bytes = 0;
      this.failed = false;
      return true;
    } catch (error) {
      this.problem(error);
      return false;
    }
  }

  /** Writes what is pending and syncs; the journal stays usable. */
  flush(): void {
    this.flushPending();
    if (this.fd === undefined) return;
    try {
      fsyncSync(this.fd);
    } catch (error) {
      this.problem(error);
    }
  }

  close(): void {
    this.flush();
    this.closeFd();
  }

  private flushPending(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    this.append({ t: 'input', input: p });
  }

  private append(record: unknown): void {
    if (this.fd === undefined) {
      if (!this.checkpoint()) return;
    }
    const line = encodeRecord(record);
    try {
      writeSync(this.fd!, line);
      this.bytes += line.length;
      this.dirty = true;
    } catch (error) {
      this.problem(error);
    }
  }

  private sync(): void {
    if (this.syncing || this.fd === undefined || !this.dirty) return;
    this.syncing = true;
    this.dirty = false;
    fdatasync(this.fd, () => {
      this.syncing = false;
      if (this.dirty) this.sync();
    });
  }

  private closeFd(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed by the system: nothing left to flush.
    }
    this.fd = undefined;
  }

  private problem(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.options.onProblem?.(`the session journal could not be written (${(error as Error).message}); the cluster goes on, but what happens now may not survive a restart`);
  }
}

export interface ReadSession {
  header: RecordingHeader;
  recording: Recording;
  state: SessionState;
  /** Frames and hash when the checkpoint was written (the journal may have gone further). */
  checkpointFrames: number;
  gen: number;
  notices: string[];
}

export class SessionUnreadable extends Error {}

const journalHeaderSchema = v.object({ t: v.literal('header'), format: v.literal('kubelab-journal'), version: v.number(), base: v.number() });
const stateRecord = v.object({ t: v.literal('state'), state: sessionStateSchema });

/**
 * Reads a session: its checkpoint, then the journal records after it. A torn last record is
 * dropped (it was never acknowledged); a journal damaged in the middle keeps its good part and is
 * set aside beside the session, with a notice. A checkpoint that cannot be read makes the session
 * unreadable (the caller sets it aside).
 */
export function readSession(dir: string, wallNow: () => number): ReadSession {
  let text: string;
  try {
    text = readFileSync(join(dir, CHECKPOINT_FILE), 'utf8');
  } catch (error) {
    throw new SessionUnreadable(`its checkpoint cannot be read (${(error as Error).message})`);
  }
  let file;
  try {
    file = decodeRecordingFile(text, 'checkpoint');
  } catch (error) {
    throw new SessionUnreadable((error as Error).message);
  }
  const gen = file.header.gen ?? 0;
  const inputs = [...file.recording.inputs];
  let state = file.state;
  const notices: string[] = [];
  let journal: string | undefined;
  try {
    journal = readFileSync(join(dir, JOURNAL_FILE), 'utf8');
  } catch {
    journal = undefined;
  }
  if (journal !== undefined) {
    const decoded = decodeRecords(journal);
    const header = v.safeParse(journalHeaderSchema, decoded.records[0]);
    if (header.success) checkVersion({ version: header.output.version, app: file.header.app }, 'session journal');
    // A journal of an older generation is already inside the checkpoint (a crash between the two writes).
    if (header.success && header.output.base === gen) {
      let stopped: string | undefined;
      for (const [i, record] of decoded.records.slice(1).entries()) {
        const input = parseInput(record);
        if (input) {
          inputs.push(input);
          continue;
        }
        const s = v.safeParse(stateRecord, record);
        if (s.success) state = s.output.state;
        else {
          stopped = `record ${i + 2} was not understood`;
          break;
        }
      }
      if (decoded.problem?.kind === 'torn' && !stopped) notices.push('The last change before Kubelab stopped was only half written, so it was left out; everything before it is back.');
      if (decoded.problem?.kind === 'damaged') stopped ??= `it was damaged at line ${decoded.problem.line}`;
      if (stopped) {
        // Kept beside the session, byte for byte: the session goes on from the part that was read.
        const aside = join(dir, `${JOURNAL_FILE}.damaged-${wallNow()}`);
        renameSync(join(dir, JOURNAL_FILE), aside);
        notices.push(`The session journal could not be read to the end (${stopped}); the session was restored up to there and the journal was kept as ${aside}.`);
      }
    }
  }
  return { header: file.header, recording: { options: file.recording.options, inputs }, state, checkpointFrames: file.end.frames, gen, notices };
}
