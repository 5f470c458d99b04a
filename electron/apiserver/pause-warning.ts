/**
 * A paused cluster is never a silent one. While Kubelab's clock is paused, or the view is on a past
 * frame, the API server still answers as today: a write is stored, a read answers from the frame on
 * screen. But no controller, scheduler or kubelet acts until the clock runs again, so a scale
 * "succeeds" and nothing appears, and a `kubectl delete` waits for a deletion that will not come.
 * The client is told at once, in its own words: one Warning header (`299 - "text"`, warnings.ts),
 * which kubectl prints on stderr as `Warning: <text>` the moment the response arrives, before it
 * prints the result or starts waiting (client-go rest/warnings.go, WarningWriter).
 *
 * Said where it matters, not on every request:
 * - a write (not a dry run) and a watch or log follow always carry it: their effect, or the next
 *   event they wait for, comes only when the clock runs;
 * - a read carries it once per frozen view (a pause, a step while paused, or another past frame):
 *   the first command that reads is told its answers will not change, the next ones are not;
 * - a command hears it once: kubectl prints a text once per process (its WarningWriter
 *   deduplicates), and the server remembers kubectl's per-command Kubectl-Session header, so a
 *   command whose requests straddle a change of view (a write that forks the past) gets no second
 *   line. Clients without the header are told per request (writes) or per view (reads).
 */
import { dryRun, isTrue } from './handlers/query';

/** The cluster's time as the user set it, read per request. */
export interface PauseState {
  /** The virtual clock is stopped (the timeline's pause, a past frame on screen, `minikube stop`). */
  paused: boolean;
  /** The frame on screen when it is in the past; null while the live frame is shown. */
  viewing: number | null;
  /** Virtual now: a step while paused changes it, and what a read answers with it. */
  now: number;
  /** `minikube stop` (or delete) paused the clock: `minikube start` is what resumes it. */
  stopped?: boolean;
}

export type PausedRequestKind = 'read' | 'write' | 'watch';

export interface PausedRequest {
  kind: PausedRequestKind;
  /** kubectl's Kubectl-Session header: one value per kubectl invocation. */
  session?: string;
}

/** The line kubectl prints (after `Warning: `) while the live frame is shown with the clock paused. */
export const PAUSED_TEXT = "the cluster is paused: Kubelab keeps changes, but no controller, scheduler or kubelet acts on them until its clock runs again; press Live in Kubelab's timeline to resume";

/** The line after `minikube stop` or `minikube delete`, which pause the clock until `minikube start`. */
export const STOPPED_TEXT = 'the cluster is stopped: Kubelab keeps changes, but no controller, scheduler or kubelet acts on them until minikube start starts it again';

/** The line for a past frame on screen (the clock is paused there, unless a replay is running). */
export function pastText(frame: number, paused: boolean): string {
  const clock = paused ? ', with the clock paused' : '';
  const back = paused ? 'return to the present and resume' : 'return to the present';
  return `Kubelab is showing frame ${frame}, in the past${clock}: reads answer from that frame, and a change starts a new timeline there (the later frames are dropped); press Live in Kubelab's timeline to ${back}`;
}

/** Sessions remembered as told; kubectl sessions last one command, so a few hundred suffice. */
const SESSIONS_KEPT = 256;

export interface PauseWarnings {
  /** The warning text for this request, or undefined when it carries none. */
  warningFor(request: PausedRequest): string | undefined;
}

/** The kubectl commands already told, by Kubectl-Session, oldest first and bounded. */
export class ToldSessions {
  private readonly told = new Set<string>();

  has(session: string | undefined): boolean {
    return session !== undefined && this.told.has(session);
  }

  add(session: string | undefined): void {
    if (session === undefined) return;
    this.told.add(session);
    if (this.told.size > SESSIONS_KEPT) this.told.delete(this.told.values().next().value!);
  }
}

export function createPauseWarnings(state: () => PauseState): PauseWarnings {
  let view = '';
  let readTold = false;
  const told = new ToldSessions();
  return {
    warningFor(request) {
      const now = state();
      if (!now.paused && now.viewing === null) return undefined;
      const key = now.viewing === null ? `${now.stopped ? 'stopped' : 'live'}@${now.now}` : `frame ${now.viewing}`;
      if (key !== view) {
        view = key;
        readTold = false;
      }
      if (told.has(request.session)) return undefined;
      if (request.kind === 'read') {
        if (readTold) return undefined;
        readTold = true;
      }
      told.add(request.session);
      if (now.viewing !== null) return pastText(now.viewing, now.paused);
      return now.stopped ? STOPPED_TEXT : PAUSED_TEXT;
    },
  };
}

/** Subresources that are traffic or a process, not the cluster's state: they carry nothing. */
const STREAMS = new Set(['proxy', 'exec', 'attach', 'portforward']);
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * What a resource request is to the paused warning, or undefined when it gets none (access
 * reviews, proxy and exec, unknown methods). A dry run changes nothing, so it counts as a read.
 */
export function pausedRequestOf(method: string, route: { type: { group: string }; subresource?: string }, query: URLSearchParams, headers: Record<string, string | string[] | undefined>): PausedRequest | undefined {
  if (route.type.group === 'authorization.k8s.io' || route.type.group === 'authentication.k8s.io') return undefined;
  if (route.subresource !== undefined && STREAMS.has(route.subresource)) return undefined;
  let kind: PausedRequestKind;
  if (method === 'GET') kind = isTrue(query, 'watch') || (route.subresource === 'log' && isTrue(query, 'follow')) ? 'watch' : 'read';
  else if (WRITES.has(method)) kind = dryRun(query) ? 'read' : 'write';
  else return undefined;
  const session = kubectlSession(headers);
  return session ? { kind, session } : { kind };
}

/** kubectl's Kubectl-Session header (a UUID per invocation), when it looks like one. */
export function kubectlSession(headers: Record<string, string | string[] | undefined>): string | undefined {
  const session = headers['kubectl-session'];
  return typeof session === 'string' && session.length > 0 && session.length <= 64 ? session : undefined;
}
