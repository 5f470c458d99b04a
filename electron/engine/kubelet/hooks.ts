/**
 * Container lifecycle hooks (preStop, postStart) as pkg/kubelet/lifecycle/handlers.go runs them:
 * `exec` runs a command in the container, `httpGet` calls the container from the node, `sleep`
 * (PodLifecycleSleepAction, beta and on by default in 1.32) waits. A handler reports back on the
 * virtual clock whether it succeeded; the caller decides what a failure means.
 */
import { execInContainer } from '../container';
import type { Kubelet } from './kubelet';
import type { ContainerInstance, Sandbox } from './sandbox';

/** core/v1 LifecycleHandler. tcpSocket is kept by the API for compatibility but never runs. */
export interface LifecycleHandler {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port?: number | string; host?: string; scheme?: string };
  sleep?: { seconds?: number };
  tcpSocket?: unknown;
}

export interface Lifecycle {
  postStart?: LifecycleHandler;
  preStop?: LifecycleHandler;
}

export function lifecycleOf(c: ContainerInstance): Lifecycle | undefined {
  const lifecycle = c.spec.lifecycle;
  return lifecycle && typeof lifecycle === 'object' ? (lifecycle as Lifecycle) : undefined;
}

/** How long a request from the kubelet to the pod takes to come back. */
const HTTP_ROUND_TRIP_MS = 5;

/** resolvePort in handlers.go: an int, a numeric string, or the name of a container port. */
function resolvePort(c: ContainerInstance, port: number | string | undefined): number | undefined {
  if (port === undefined || port === '') return 80;
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return c.spec.ports?.find((p) => p.name === port)?.containerPort;
}

/**
 * runHTTPHandler: a GET to the pod IP (or httpGet.host). Only a failed request fails the hook; the
 * status code is not looked at (the response body is discarded).
 */
function httpHookSucceeds(k: Kubelet, sb: Sandbox, c: ContainerInstance, get: NonNullable<LifecycleHandler['httpGet']>): boolean {
  const port = resolvePort(c, get.port);
  if (port === undefined) return false;
  if (get.host && get.host !== sb.ip) return false;
  const now = k.ctx.clock.now();
  const listening = c.state === 'running' && now >= (c.startedAt ?? 0) + (c.profile?.startupMs ?? 0) && (c.profile?.ports.includes(port) ?? false);
  if (!listening || !c.profile?.http) return false;
  const path = get.path ? (get.path.startsWith('/') ? get.path : `/${get.path}`) : '/';
  const answer = c.profile.http(port, { method: 'GET', path, podName: sb.name, podIp: sb.ip, clientIp: k.hostIP, now: new Date(k.ctx.clock.wallMs(now)).toISOString(), uptime: (now - (c.startedAt ?? now)) / 1000, requestNumber: 0 }, c.ref?.tag ?? '');
  return answer !== undefined;
}

/**
 * Starts `handler` for container `c`; `done(ok)` runs when it finishes, possibly at once (an exec
 * that does not wait). Callers that stop waiting (a preStop past the grace period) ignore a later
 * `done`; an exec still running when the container stops dies with it and never reports.
 */
export function startHook(k: Kubelet, sb: Sandbox, c: ContainerInstance, handler: LifecycleHandler, done: (ok: boolean) => void): void {
  if (handler.exec) {
    // RunInContainer(containerID, command, timeout 0): CRI ExecSync with no timeout; any non-zero
    // exit is the hook's error.
    execInContainer(k, sb, c, handler.exec.command ?? [], (result) => done(result.exitCode === 0));
    return;
  }
  if (handler.httpGet) {
    const get = handler.httpGet;
    k.after(HTTP_ROUND_TRIP_MS, () => done(httpHookSucceeds(k, sb, c, get)));
    return;
  }
  if (handler.sleep) {
    // runSleepHandler: time.After(seconds).
    k.after(Math.max(0, handler.sleep.seconds ?? 0) * 1000, () => done(true));
    return;
  }
  // handlers.go: "Cannot run handler: invalid handler" (tcpSocket, or an empty handler).
  k.after(0, () => done(false));
}
