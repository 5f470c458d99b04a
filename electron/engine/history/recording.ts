/**
 * A session as data: the engine's options and the inputs it ran, which replay into exactly the same
 * cluster, timeline and log hash. This is what a session journal on disk appends and what a
 * scenario file holds; the engine reports each input as it records it (RecordEvent) and can load a
 * recording in place of its cluster. The engine's full state cannot be written down (timers are
 * closures), so a recording always replays from frame 0; an hour of a 20-node cluster replays in
 * about a second.
 *
 * Advances dominate a recording: the clock driver sends one every 50 ms. Two consecutive advances
 * that both reached their end (no work budget cut them short) are one advance of their sum, since
 * no input ran between them and the clock runs every timer up to the end either way, so a recording
 * merges them (mergeAdvances) and an hour shrinks from 72,000 advances to a few thousand records.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import type { Cause } from '../../../shared/sim/snapshot';
import type { AdvanceBudget, DeleteOptions, EngineOptions, FailureInjector, ResourceType, WriteOptions } from '../api';
import type { ExecInput } from './exec-inputs';

export type InputBody =
  | { op: 'advance'; ms: number; untilFrame?: number; budget?: AdvanceBudget }
  | { op: 'step' }
  | { op: 'create' | 'update'; type: ResourceType | string; object: KubeObject; cause: Cause; options?: WriteOptions }
  | { op: 'delete'; type: ResourceType | string; namespace: string | undefined; name: string; cause: Cause; options?: DeleteOptions }
  | { op: 'failure'; method: keyof FailureInjector; args: unknown[] }
  | { op: 'strategy'; strategy: 'LeastAllocated' | 'MostAllocated' }
  | { op: 'addNode' }
  | ExecInput;

/**
 * One recorded input. endFrame is the log's length after it ran; whole marks an advance that
 * reached its end; hash is the log hash after it, which a replay checks to prove itself exact.
 */
export type Input = InputBody & { endFrame?: number; whole?: boolean; hash?: string };

/** The options a recording needs to rebuild its cluster (the rest are the app's, not the session's). */
export type RecordingOptions = Pick<EngineOptions, 'seed' | 'nodes' | 'anchorMs' | 'settleMs'> & Partial<Pick<EngineOptions, 'rootCaPem' | 'nodeCpu' | 'nodeMemory' | 'nodePods' | 'scoringStrategy' | 'systemPods'>>;

export interface Recording {
  options: RecordingOptions;
  /** Every input from frame 0, the settling advance first. */
  inputs: Input[];
}

/**
 * What the engine tells a journal, synchronously, before the call that caused it returns (so
 * before kubectl hears back): an input it ran, or that the whole record was replaced (a fork,
 * `minikube delete` and `start`, a loaded session), after which only a fresh recording() holds.
 */
export type RecordEvent = { t: 'input'; input: Input } | { t: 'replaced'; why: 'fork' | 'recreate' | 'load' };

/** The result of loading a recording: how far it agreed with the hashes it carried. */
export interface ReplayReport {
  frames: number;
  hash: string;
  /** The first input whose log hash differed from the recorded one, if any. */
  mismatch?: { index: number; frame: number; expected: string; actual: string };
  /** Inputs the cluster refused during the replay as it did when they were recorded (kept, as live). */
  refused: number;
}

const isWholeAdvance = (i: Input): i is Input & { op: 'advance' } => i.op === 'advance' && i.whole === true && i.untilFrame === undefined;

/** Folds runs of whole advances into one each (see the header); other inputs are kept as they are. */
export function mergeAdvances(inputs: readonly Input[]): Input[] {
  const out: Input[] = [];
  for (const input of inputs) {
    const last = out[out.length - 1];
    if (last && isWholeAdvance(last) && isWholeAdvance(input)) {
      // The budget of a whole advance never stopped it, so the merged one needs none.
      out[out.length - 1] = { op: 'advance', ms: last.ms + input.ms, whole: true, ...tail(input) };
      continue;
    }
    out.push(isWholeAdvance(input) ? { op: 'advance', ms: input.ms, whole: true, ...tail(input) } : input);
  }
  return out;
}

function tail(input: Input): Pick<Input, 'endFrame' | 'hash'> {
  return { ...(input.endFrame !== undefined ? { endFrame: input.endFrame } : {}), ...(input.hash !== undefined ? { hash: input.hash } : {}) };
}

/**
 * The inputs that rebuild the cluster at `frame`, as a fork keeps them (engine.ts fork()): every
 * input whose frames lie at or before it, the inputs after it that made no frame, and the advance
 * that crossed it cut at it. Used to save a scenario that starts at a frame on screen.
 */
export function inputsUpTo(inputs: readonly Input[], frame: number): Input[] {
  const kept: Input[] = [];
  let length = 0;
  for (const input of inputs) {
    const end = input.endFrame ?? Infinity;
    if (length >= frame && end > frame) break;
    if (input.op === 'advance' && end > frame) {
      kept.push({ op: 'advance', ms: input.ms, untilFrame: Math.min(frame, input.untilFrame ?? Infinity), ...(input.budget ? { budget: input.budget } : {}) });
      break;
    }
    kept.push(input);
    length = input.endFrame ?? length;
  }
  return kept;
}

/** What the session layer needs of an engine. */
export interface RecordingEngine {
  recording(): Recording | undefined;
  load(recording: Recording): ReplayReport;
  onRecord(listener: (event: RecordEvent) => void): () => void;
  logHash(): string;
  now(): number;
  timeline: { state(): { length: number; viewing: number | null } };
}

export function isRecordingEngine(engine: object): engine is RecordingEngine {
  return typeof (engine as Partial<RecordingEngine>).recording === 'function' && typeof (engine as Partial<RecordingEngine>).load === 'function' && typeof (engine as Partial<RecordingEngine>).onRecord === 'function';
}
