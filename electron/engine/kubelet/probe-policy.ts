/**
 * Which probe workers keep running once the pod is being deleted (pkg/kubelet/prober/worker.go
 * doProbe, 1.32): liveness and startup workers see the deletionTimestamp, set their last result to
 * Success "to ensure quiet shutdown" and stop, so a terminating container is never restarted; the
 * readiness worker keeps probing until the container stops running, so a container that stops
 * answering during its shutdown (a preStop hook that removes its ready file, a server that closes
 * its listener on SIGTERM) turns unready, and its EndpointSlice endpoint goes serving=false,
 * terminating=true (pkg/controller/endpointslice, podToEndpoint) before the pod leaves.
 */
import type { Sandbox } from './sandbox';

export type ProbeKind = 'startup' | 'readiness' | 'liveness';

/** Whether a probe worker of this kind still probes the pod's running container. */
export function probesWhileTerminating(kind: ProbeKind): boolean {
  return kind === 'readiness';
}

/** The worker's pod-level check: probing goes on unless the pod is terminating and the kind stops then. */
export function keepsProbing(kind: ProbeKind, sb: Sandbox): boolean {
  return !sb.terminating || probesWhileTerminating(kind);
}
