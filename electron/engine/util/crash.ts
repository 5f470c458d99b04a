/**
 * Where the engine reports a failure it caught: a throwing controller reconcile, scheduler plugin,
 * kubelet stage, informer handler or timer callback. Like apimachinery's runtime.HandleCrash /
 * HandleError, a failure is logged and the component goes on, so one malformed object cannot stop
 * the process. The engine does no I/O: the core wires `onError` to stderr. Reports carry virtual
 * time and the error's message only (no stack, no wall time), so they are the same on every replay.
 */

export interface EngineError {
  /** Virtual ms when it happened. */
  time: number;
  /** Who caught it: 'replicaset-controller', 'default-scheduler', 'store listener', 'timer', ... */
  component: string;
  /** The work item, when known (a queue key such as `default/web`). */
  key?: string;
  message: string;
}

/** How many reports are kept for inspection; older ones are only counted. */
const KEEP = 200;

export class ErrorReporter {
  /** Called for every report; the core sends it to stderr. Must not throw (it is guarded anyway). */
  onError: ((error: EngineError, cause: unknown) => void) | undefined;
  readonly recent: EngineError[] = [];
  total = 0;

  constructor(private now: () => number) {}

  report(component: string, cause: unknown, key?: string): EngineError {
    const error: EngineError = { time: this.now(), component, ...(key !== undefined ? { key } : {}), message: errorMessage(cause) };
    this.total++;
    this.recent.push(error);
    if (this.recent.length > KEEP) this.recent.splice(0, this.recent.length - KEEP);
    try {
      this.onError?.(error, cause);
    } catch {
      // A failing sink must not turn a reported error into an uncaught one.
    }
    return error;
  }
}

/** The message of anything thrown, as Go's err.Error(): never the stack (it holds file paths). */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  try {
    return String(e);
  } catch {
    return 'unknown error';
  }
}

/** One line for a log: `E <component> [key]: message (at 12.345s virtual)`. */
export function formatEngineError(e: EngineError): string {
  return `kubelab engine: ${e.component}${e.key !== undefined ? ` ${e.key}` : ''}: ${e.message} (at ${(e.time / 1000).toFixed(3)}s virtual)`;
}
