/**
 * The embedded terminal as the renderer sees it: shells are created, written to, resized, acknowledged
 * (flow control) and closed by id; their output, exits and host restarts arrive as events. Output is
 * broadcast to every window; each terminal view keeps only the ids it created.
 */
import * as v from 'valibot';
import { event, method, service } from '../define';

/** Most characters a single `write` may carry; the renderer splits bigger pastes. */
export const MAX_TERMINAL_WRITE = 64 * 1024;
export const MAX_TERMINALS = 32;
export const MIN_COLS = 2;
export const MAX_COLS = 1000;
export const MIN_ROWS = 1;
export const MAX_ROWS = 500;

const TerminalId = v.pipe(v.string(), v.regex(/^t[0-9]{1,9}$/));
const Cols = v.pipe(v.number(), v.integer(), v.minValue(MIN_COLS), v.maxValue(MAX_COLS));
const Rows = v.pipe(v.number(), v.integer(), v.minValue(MIN_ROWS), v.maxValue(MAX_ROWS));

export interface TerminalInfo {
  id: string;
  /** The shell's program name, e.g. `bash`: the default tab title. */
  shell: string;
  pid: number;
}

export interface TerminalOutput {
  id: string;
  data: string;
}

export interface TerminalExit {
  id: string;
  exitCode: number;
  signal?: number;
}

/** The pty host died and was restarted: every shell it ran is gone. */
export interface TerminalHostRestart {
  /** Ids of the shells that were lost. */
  lost: string[];
  reason: 'crashed' | 'unresponsive';
}

/** `minikube dashboard` asks the app to show the cluster view. */
export interface TerminalFocusRequest {
  target: 'cluster';
}

export const terminalService = service({
  methods: {
    create: method(v.strictObject({ cols: Cols, rows: Rows })).returns<TerminalInfo>(),
    write: method(v.strictObject({ id: TerminalId, data: v.pipe(v.string(), v.maxLength(MAX_TERMINAL_WRITE)) })).returns<void>(),
    resize: method(v.strictObject({ id: TerminalId, cols: Cols, rows: Rows })).returns<void>(),
    /** The renderer has drawn `chars` more characters of this terminal's output. */
    ack: method(v.strictObject({ id: TerminalId, chars: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000_000)) })).returns<void>(),
    close: method(v.strictObject({ id: TerminalId })).returns<void>(),
  },
  events: {
    output: event<TerminalOutput>(),
    exit: event<TerminalExit>(),
    hostRestarted: event<TerminalHostRestart>(),
    focusRequested: event<TerminalFocusRequest>(),
  },
});
