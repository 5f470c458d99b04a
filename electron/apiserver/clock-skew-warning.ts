/**
 * kubectl counts a few ages on its own computer's clock: describe's Events and `kubectl events`
 * (printers translateTimestampSince, HumanDuration(time.Since(t)), which prints `<invalid>` for an
 * age below -1 s). The cluster's timestamps are on the cluster's clock (anchor + virtual ms, never
 * shifted per read, clock.ts), which is ahead of the computer's once the cluster has run faster than
 * real time. A real kubectl against a cluster whose clock leads the client's prints the same
 * `<invalid>`; here the command is told why in one Warning line, and where the cluster's own ages
 * are (the AGE that kubectl get prints is counted by the server, on the cluster's clock).
 */
import { humanDuration } from './clock';
import { ToldSessions } from './pause-warning';

/** Commands (their Kubectl-Command header) that print ages counted on the client's clock. */
const CLIENT_AGED = new Set(['kubectl describe', 'kubectl events']);
/** HumanDuration's `<invalid>` starts at an age of -2 s in whole seconds. */
const INVALID_FROM_MS = 2_000;

export interface ClockSkewWarnings {
  warningFor(command: string, session?: string): string | undefined;
}

/** `clusterNow` and `wallNow` are epoch ms: the cluster's clock (anchor + virtual now) and the computer's. */
export function createClockSkewWarnings(clusterNow: () => number, wallNow: () => number): ClockSkewWarnings {
  const told = new ToldSessions();
  return {
    warningFor(command, session) {
      if (!CLIENT_AGED.has(command) || told.has(session)) return undefined;
      const ahead = clusterNow() - wallNow();
      if (ahead < INVALID_FROM_MS) return undefined;
      told.add(session);
      const by = humanDuration(ahead);
      return `Kubelab's cluster clock is ${by} ahead of this computer's (it ran faster than real time): ${command} counts ages on this computer's clock, so what happened in the last ${by} shows <invalid>; the AGE of kubectl get is counted on the cluster's clock`;
    },
  };
}
