/**
 * The protocol between the main process and the pty host process, described with the same vocabulary
 * as the renderer's contract (service/method/event), so both ends are generated and every message the
 * host receives is validated by the same dispatcher. Channel names come from here, never inline.
 */
import * as v from 'valibot';
import { event, method, service, type ContractClient, type ContractImpl } from '../../shared/ipc/define';
import { MAX_COLS, MAX_ROWS, MAX_TERMINAL_WRITE, MIN_COLS, MIN_ROWS } from '../../shared/ipc/services/terminal';

const SessionId = v.pipe(v.string(), v.minLength(1), v.maxLength(32));
const Cols = v.pipe(v.number(), v.integer(), v.minValue(MIN_COLS), v.maxValue(MAX_COLS));
const Rows = v.pipe(v.number(), v.integer(), v.minValue(MIN_ROWS), v.maxValue(MAX_ROWS));

export interface HostData {
  id: string;
  data: string;
}

export interface HostExit {
  id: string;
  exitCode: number;
  signal?: number;
}

export const ptyHostService = service({
  methods: {
    spawn: method(
      v.strictObject({
        id: SessionId,
        file: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)),
        args: v.pipe(v.array(v.pipe(v.string(), v.maxLength(4096))), v.maxLength(64)),
        cwd: v.pipe(v.string(), v.maxLength(4096)),
        env: v.record(v.string(), v.string()),
        cols: Cols,
        rows: Rows,
      }),
    ).returns<{ pid: number }>(),
    write: method(v.strictObject({ id: SessionId, data: v.pipe(v.string(), v.maxLength(MAX_TERMINAL_WRITE)) })).returns<void>(),
    resize: method(v.strictObject({ id: SessionId, cols: Cols, rows: Rows })).returns<void>(),
    ack: method(v.strictObject({ id: SessionId, chars: v.pipe(v.number(), v.integer(), v.minValue(1)) })).returns<void>(),
    kill: method(v.strictObject({ id: SessionId })).returns<void>(),
    /** The heartbeat: answered from the host's event loop, so a wedged host stops answering. */
    ping: method(v.strictObject({})).returns<{ pid: number; sessions: number }>(),
  },
  events: {
    data: event<HostData>(),
    exit: event<HostExit>(),
  },
});

export const ptyHostContract = { pty: ptyHostService } as const;
export type PtyHostContract = typeof ptyHostContract;
export type PtyHostClient = ContractClient<PtyHostContract>;
export type PtyHostImpl = ContractImpl<PtyHostContract>;
