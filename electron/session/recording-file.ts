/**
 * The files that hold a whole recording: a session's checkpoint and a scenario (`.kubelab`). Both
 * are journal-codec lines: a header (format, version, the app that wrote it, the engine options),
 * the inputs from frame 0, the session's state (clock, cluster, lesson), and an end record with the
 * frame count and log hash the replay must reach. docs/scenario-format.md describes the format.
 *
 * Everything read here may come from a stranger (a scenario mailed to a class), so every record is
 * checked against a schema before the engine sees it: ops and failure methods from a closed list,
 * numbers finite and bounded. The objects inside writes are left to the store, which admits them
 * as it admits kubectl's.
 */
import * as v from 'valibot';
import type { Input, Recording, RecordingOptions } from '../engine/history/recording';
import { decodeRecords, encodeRecord } from './journal-codec';
import { sessionStateSchema, type SessionState } from './session-state';

/** The version of the format this Kubelab writes and the newest it reads. */
export const RECORDING_FORMAT_VERSION = 1;

export type RecordingFormat = 'kubelab-checkpoint' | 'kubelab-scenario';

export interface RecordingHeader {
  t: 'header';
  format: RecordingFormat;
  version: number;
  /** The Kubelab version that wrote the file. */
  app: string;
  savedMs: number;
  options: RecordingOptions;
  /** Checkpoints: the generation the session's journal continues from. */
  gen?: number;
  name?: string;
  note?: string;
  /** A scenario cut at a frame of a longer session. */
  fromFrame?: number;
}

export interface RecordingEnd {
  t: 'end';
  frames: number;
  hash: string;
  inputs: number;
}

export interface RecordingFile {
  header: RecordingHeader;
  recording: Recording;
  state: SessionState;
  end: RecordingEnd;
}

export class RecordingFileError extends Error {}

const finite = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const ms = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(10 * 365 * 24 * 3600_000));
const optionsSchema = v.object({
  seed: v.pipe(v.number(), v.integer()),
  nodes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)),
  anchorMs: v.optional(finite),
  settleMs: v.optional(ms),
  // The CA the cluster published as kube-root-ca.crt: part of its objects, so part of its log hash.
  rootCaPem: v.optional(v.pipe(v.string(), v.maxLength(16384))),
  nodeCpu: v.optional(v.string()),
  nodeMemory: v.optional(v.string()),
  nodePods: v.optional(v.string()),
  scoringStrategy: v.optional(v.picklist(['LeastAllocated', 'MostAllocated'])),
  systemPods: v.optional(v.boolean()),
});
const headerSchema = v.object({
  t: v.literal('header'),
  format: v.picklist(['kubelab-checkpoint', 'kubelab-scenario']),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  app: v.string(),
  savedMs: finite,
  options: optionsSchema,
  gen: v.optional(count),
  name: v.optional(v.string()),
  note: v.optional(v.string()),
  fromFrame: v.optional(count),
});
const tail = { endFrame: v.optional(count), whole: v.optional(v.boolean()), hash: v.optional(v.string()) };
const budget = v.object({ maxTasks: v.optional(count), maxFrames: v.optional(count) });
const object = v.looseObject({ kind: v.optional(v.string()), metadata: v.optional(v.looseObject({})) });
const cause = v.looseObject({ actor: v.string() });
/** A resource type: its name as kubectl would say it, or the API server's resolved type. */
const type = v.union([v.string(), v.looseObject({ kind: v.string() })]);
const inputSchema = v.variant('op', [
  v.object({ op: v.literal('advance'), ms, untilFrame: v.optional(count), budget: v.optional(budget), ...tail }),
  v.object({ op: v.literal('step'), ...tail }),
  v.object({ op: v.picklist(['create', 'update']), type, object, cause, options: v.optional(v.looseObject({})), ...tail }),
  v.object({ op: v.literal('delete'), type, namespace: v.optional(v.string()), name: v.string(), cause, options: v.optional(v.looseObject({})), ...tail }),
  v.object({ op: v.literal('failure'), method: v.picklist(['powerOff', 'powerOn', 'partition', 'heal', 'killContainer', 'cordon', 'uncordon', 'drain']), args: v.array(v.union([v.string(), finite, v.looseObject({})])), ...tail }),
  v.object({ op: v.literal('strategy'), strategy: v.picklist(['LeastAllocated', 'MostAllocated']), ...tail }),
  v.object({ op: v.literal('addNode'), ...tail }),
  v.object({
    op: v.literal('exec'),
    id: v.pipe(count, v.minValue(1)),
    attach: v.boolean(),
    request: v.object({ namespace: v.string(), pod: v.string(), container: v.string(), command: v.optional(v.array(v.string())), tty: v.boolean(), stdin: v.boolean() }),
    ...tail,
  }),
  v.object({ op: v.literal('exec-input'), id: count, data: v.string(), ...tail }),
  v.object({ op: v.picklist(['exec-end', 'exec-close']), id: count, ...tail }),
]);
export const inputRecordSchema = v.object({ t: v.literal('input'), input: inputSchema });
const stateRecordSchema = v.object({ t: v.literal('state'), state: sessionStateSchema });
const endSchema = v.object({ t: v.literal('end'), frames: count, hash: v.string(), inputs: count });

/**
 * The input of a record that passes the schema, as it was written: a schema's output puts the
 * keys it names first, and an object's key order is part of what the store keeps and hashes.
 */
export function parseInput(record: unknown): Input | undefined {
  return v.is(inputRecordSchema, record) ? ((record as { input: Input }).input) : undefined;
}

export function encodeRecordingFile(file: RecordingFile): string {
  const parts = [encodeRecord(file.header)];
  for (const input of file.recording.inputs) parts.push(encodeRecord({ t: 'input', input }));
  parts.push(encodeRecord({ t: 'state', state: file.state }), encodeRecord(file.end));
  return parts.join('');
}

/** Refuses a file of a newer format in words that say which Kubelab reads it. */
export function checkVersion(header: { version: number; app: string }, what: string): void {
  if (header.version > RECORDING_FORMAT_VERSION)
    throw new RecordingFileError(`This ${what} was saved by Kubelab ${header.app} in format version ${header.version}; this Kubelab reads format version ${RECORDING_FORMAT_VERSION} and older. Open it with Kubelab ${header.app} or later.`);
}

export function decodeRecordingFile(text: string, what: 'scenario' | 'checkpoint'): RecordingFile {
  const { records, problem } = decodeRecords(text);
  const first = records[0] as { t?: unknown; version?: unknown; app?: unknown } | undefined;
  if (!first || first.t !== 'header') throw new RecordingFileError(`This is not a Kubelab ${what} file: its first line is not a Kubelab header.`);
  if (typeof first.version === 'number' && typeof first.app === 'string') checkVersion({ version: first.version, app: first.app }, what);
  const header = v.safeParse(headerSchema, first);
  if (!header.success) throw new RecordingFileError(`This Kubelab ${what} file has an invalid header: ${v.summarize(header.issues).split('\n')[0]}`);
  const last = records[records.length - 1];
  const end = v.safeParse(endSchema, last);
  if (problem || !end.success) throw new RecordingFileError(`This Kubelab ${what} file is incomplete or damaged${problem ? ` at line ${problem.line}` : ''}: it does not end with its end record.`);
  const inputs: Input[] = [];
  let state: SessionState = {};
  for (let i = 1; i < records.length - 1; i++) {
    const record = records[i] as { t?: unknown };
    if (record.t === 'state') {
      const parsed = v.safeParse(stateRecordSchema, record);
      if (!parsed.success) throw new RecordingFileError(`Line ${i + 1} of this Kubelab ${what} file is not a valid state record: ${v.summarize(parsed.issues).split('\n')[0]}`);
      state = parsed.output.state;
      continue;
    }
    const input = parseInput(record);
    if (!input) throw new RecordingFileError(`Line ${i + 1} of this Kubelab ${what} file is not a valid input record.`);
    inputs.push(input);
  }
  if (inputs.length !== end.output.inputs) throw new RecordingFileError(`This Kubelab ${what} file holds ${inputs.length} inputs but says it has ${end.output.inputs}.`);
  return { header: header.output as RecordingHeader, recording: { options: header.output.options as RecordingOptions, inputs }, state, end: end.output };
}
