/**
 * What the simulated registry knows about an image: the data the kubelet, the probes, the
 * traffic model and `kubectl exec` read (size, entrypoint, environment, files, ports) and how
 * its process behaves once started. Catalogue files under catalog/ fill these in.
 */
import type { ServedFiles } from '../../container/static-site';

export type Behaviour =
  | { kind: 'serve' }
  /** The process ends by itself after afterMs (exit 0 is Completed, anything else Error). */
  | { kind: 'crash'; afterMs: number; exitCode: number }
  | { kind: 'leak'; bytesPerSecond: number }
  /** A shell-like process: runs its command (or nothing) and exits, as busybox and ubuntu do. */
  | { kind: 'script' };

export interface HttpRequestInfo {
  method: string;
  path: string;
  podName: string;
  podIp: string;
  clientIp: string;
  now: string;
  /** Seconds since the container started. */
  uptime: number;
  requestNumber: number;
  /** The container's filesystem, for servers that read their document root from it (nginx, httpd). */
  files?: ServedFiles;
}

export interface HttpAnswerFromImage {
  status: number;
  body: string;
  headers: Record<string, string>;
  /**
   * The access-log line, made only when the request is logged: a probe does not log, so the time
   * fields it would read (now, uptime, requestNumber) are not read, and a probe whose answer did
   * not read them knows its result cannot change with time alone.
   */
  log?: () => string;
}

/** What the container was asked to run, for images whose behaviour depends on it. */
export interface LaunchSpec {
  env: Record<string, string>;
  command?: string[];
  args?: string[];
  podIp?: string;
}

export interface ImageProfile {
  /** Canonical repository, e.g. docker.io/library/nginx. */
  repository: string;
  /** Existing tags; undefined means every tag exists (only the kubelab teaching images). */
  tags?: string[];
  /** Tags already on every node when it boots (minikube's preload tarball holds the cluster's own images). */
  preloadedTags?: string[];
  /** Real digests per tag where known; other tags get a digest derived from the reference. */
  digests?: Record<string, string>;
  /** The size the kubelet reports in its Pulled event. */
  sizeBytes: number;
  pullMs: number;
  behaviour: Behaviour;
  /** The image config's Entrypoint and Cmd (what runs when the pod gives no command). */
  entrypoint?: string[];
  cmd?: string[];
  /** Ports the process listens on once started (the image's EXPOSE, or what its default command binds). */
  ports: number[];
  /** Time from start until the process listens (readiness). */
  startupMs: number;
  /** How long the process takes to exit after SIGTERM; Infinity ignores SIGTERM (killed at the grace period). */
  shutdownMs: number;
  cpuMilli: number;
  memoryBytes: number;
  env: Record<string, string>;
  workingDir: string;
  files: Record<string, string>;
  startLogs(pod: string, isoTime: string, tag: string): string[];
  /** Serves a request on a port; undefined when nothing listens there. */
  http?(port: number, req: HttpRequestInfo, tag: string): HttpAnswerFromImage | undefined;
  /**
   * The image's entrypoint looks at its environment and arguments before the main process starts:
   * postgres refuses to start without a password, agnhost picks a subcommand. Returns the profile
   * of the process that actually runs; undefined keeps this one.
   */
  launch?(spec: LaunchSpec, tag: string): ImageProfile | undefined;
}
