/**
 * The app core: everything Kubelab does except windows. It runs unchanged in Electron's main process
 * and in plain Node (web mode, tests), so it must never import electron or node-pty directly.
 * One call builds it from options; start() and stop() own every timer, socket and child process.
 */
import { join } from 'node:path';
import type { AppInfo } from '../../shared/ipc/services/app';
import { contract, type KubelabServices } from '../../shared/ipc/contract';
import type { Engine, EngineOptions } from '../engine/api';
import { createDispatcher, type Dispatcher } from '../ipc/dispatcher';
import { createClockDriver, type ClockDriver, type WallTimers } from './clock-driver';
import { createNotices, type Notices } from './notices';
import { createServices } from './services';
import { createEngineBackend } from '../control/engine-backend';
import type { EngineBackend } from '../control/engine-backend';
import { createTerminalSystem, type TerminalSystem } from '../pty/terminal-system';
import { createApiServer, type ApiServer } from '../apiserver';
import { loadOrCreateTls } from '../apiserver/tls';
import { createTrafficManager } from '../traffic/traffic-manager';
import { createTrafficService } from '../traffic/traffic-service';
import { createLessons } from '../lessons/lessons-service';
import { version as appVersion } from '../../package.json';
import { isRecordingEngine, type RecordingEngine } from '../engine/history/recording';
import { createSessions, type Sessions } from '../session/sessions-service';
import { nodeTrash, type Trash } from '../session/trash';

export interface CoreOptions {
  mode: 'electron' | 'web';
  seed?: number;
  nodes?: number;
  /**
   * The wall-clock instant virtual time 0 stands for (EngineOptions.anchorMs). Default: the settle
   * time before now, to the second, so the settled cluster's clock reads today's time
   * (defaultAnchorMs). Read here, outside the engine, and kept with the seed, so replays inside the
   * engine write the same timestamps.
   */
  anchorMs?: number;
  speed?: number;
  /** Start with the virtual clock paused. */
  paused?: boolean;
  /** Where the CA, certificates and kubeconfig live. */
  dataDir: string;
  /** Port of the Kubernetes API server; 0 or absent picks a free one. */
  apiPort?: number;
  /** Where to write the kubeconfig; defaults to <dataDir>/kubeconfig. */
  kubeconfigPath?: string;
  timers?: WallTimers;
  /** Where the lessons are; defaults to the app's own (electron/lessons/library.ts). */
  lessonsDir?: string;
  createEngine: (options: EngineOptions) => Engine;
  /**
   * Keep the session on disk under <dataDir>/sessions (electron/session/): the cluster, its
   * timeline and the lesson in it are reopened at the next launch. `fresh` starts a new session
   * even when there is one to reopen; `openFile` opens a scenario file instead.
   */
  sessions?: { fresh?: boolean; openFile?: string; trash?: Trash };
}

export interface Core {
  readonly engine: Engine;
  readonly clock: ClockDriver;
  readonly services: KubelabServices;
  readonly dispatcher: Dispatcher;
  readonly notices: Notices;
  /** Durable sessions, when CoreOptions.sessions asked for them. */
  readonly sessions: Sessions | undefined;
  info(): AppInfo;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** `minikube node stop|start` reach the failures service as a caller inside the main process. */
const MINIKUBE_CALLER = { clientId: 'minikube', transport: 'local' } as const;

export const DEFAULT_SEED = 1;
export const DEFAULT_NODES = 3;
/** Virtual time the engine runs at creation so the cluster starts settled (EngineOptions.settleMs). */
export const SETTLE_MS = 30_000;

/**
 * Virtual 0 is put SETTLE_MS before now (to the second), so that once the engine has settled its
 * clock reads the wall clock: the cluster's timestamps are then never in kubectl's future at 1×.
 * kubectl counts describe's event ages on its own clock (printers translateTimestampSince), so a
 * cluster clock 30 s ahead printed `<invalid>` for every event of the last 30 s. Timestamps stay
 * immutable (no per-read shift); when the clock is paused or runs at another speed the two clocks
 * part, and the API server says so to the commands that count ages themselves (clock-skew-warning.ts).
 */
export function defaultAnchorMs(wallNowMs: number): number {
  return Math.floor(wallNowMs / 1000) * 1000 - SETTLE_MS;
}


export function createCore(options: CoreOptions): Core {
  const anchorMs = options.anchorMs ?? defaultAnchorMs(Date.now());
  // The API server's CA, which the cluster publishes as kube-root-ca.crt (the server loads the same files at start).
  const rootCaPem = loadOrCreateTls(options.dataDir).caPem;
  const seed = options.seed ?? DEFAULT_SEED;
  const engine = options.createEngine({ seed, nodes: options.nodes ?? DEFAULT_NODES, anchorMs, rootCaPem, settleMs: SETTLE_MS });
  let sessions: Sessions | undefined;
  const clock = createClockDriver(engine, {
    speed: options.speed ?? 1,
    paused: options.paused ?? false,
    ...(options.timers ? { timers: options.timers } : {}),
  });
  const notices = createNotices();
  const extras: Partial<AppInfo> = {};
  let started = false;
  let apiServer: ApiServer | undefined;

  const info = (): AppInfo => ({ name: 'Kubelab', version: appVersion, mode: options.mode, ...extras });
  // Traffic through Services: load generators, real NodePort listeners on 127.0.0.1, frames to draw.
  const traffic = createTrafficManager({ engine, seed: options.seed ?? DEFAULT_SEED, ...(options.timers ? { timers: options.timers } : {}) });
  // The embedded terminal: pty host, control endpoint for `minikube`, and the terminal service.
  let minikube: EngineBackend | undefined;
  const terminal: TerminalSystem = createTerminalSystem({
    dataDir: options.dataDir,
    kubeconfigPath: () => info().kubeconfigPath ?? options.kubeconfigPath ?? join(options.dataDir, 'kubeconfig'),
    cluster: (minikube = createEngineBackend({
      engine: () => engine,
      pauseClock: () => void clock.pause(),
      playClock: () => void clock.play(),
      focusDashboard: () => terminal.focusDashboard(),
      // Through the failures service, so the drawing shows the node in the failure zone.
      powerOff: (node) => void services.failures.inject({ node, action: 'powerOff' }, MINIKUBE_CALLER),
      powerOn: (node) => void services.failures.recover({ node }, MINIKUBE_CALLER),
      nodePortUrl: (service, port) => traffic.nodePortUrl(service.namespace, service.name, port.nodePort),
      onTunnel: async () => void (await traffic.setTunnel(true)),
      onTunnelStop: async () => void (await traffic.setTunnel(false)),
      onStateChange: (state) => {
        sessions?.stateChanged();
        // `minikube stop` stops the clock and saves, as minikube keeps a stopped cluster.
        if (state === 'stopped') sessions?.save();
      },
    })),
  });
  // Learn mode: lessons whose checks follow the cluster, the API requests and the terminal's folder.
  const lessons = createLessons({
    engine,
    dataDir: options.dataDir,
    workDir: () => terminal.home,
    ...(options.lessonsDir ? { lessonsDir: options.lessonsDir } : {}),
    onProblem: (message) => console.warn(`kubelab: ${message}`),
    sessionOwnsCluster: !!options.sessions,
    onSessionChange: () => sessions?.stateChanged(),
  });
  if (options.sessions) {
    if (!isRecordingEngine(engine)) throw new Error('durable sessions need an engine that records its inputs');
    const asked = options.sessions;
    sessions = createSessions({
      dataDir: options.dataDir,
      engine,
      app: appVersion,
      wallNow: () => Date.now(),
      every: (ms, fn) => {
        const handle = setInterval(fn, ms);
        handle.unref?.();
        return () => clearInterval(handle);
      },
      trash: asked.trash ?? nodeTrash(join(options.dataDir, 'trash')),
      scratch: () => options.createEngine({ seed, nodes: 1, anchorMs, rootCaPem, settleMs: 0 }) as unknown as RecordingEngine,
      readState: () => {
        const c = clock.state();
        const lesson = lessons.sessionLesson();
        return { clock: { paused: c.paused, speed: c.speed }, cluster: minikube?.clusterState() ?? 'running', ...(lesson ? { lesson } : {}) };
      },
      applyState: (state, how) => {
        minikube?.restoreState(state.cluster ?? 'running');
        if (how === 'fresh') return lessons.setUpActive();
        if (state.clock) {
          clock.setSpeed(state.clock.speed);
          if (state.clock.paused) clock.pause();
          else clock.play();
        }
        lessons.resume(state.lesson);
      },
      freshOptions: (nodes) => ({ seed, nodes: nodes ?? options.nodes ?? DEFAULT_NODES, anchorMs: defaultAnchorMs(Date.now()), settleMs: SETTLE_MS, rootCaPem }),
      ...(asked.fresh ? { fresh: true } : {}),
      onProblem: (message) => console.warn(`kubelab: ${message}`),
    });
  }
  const services = createServices({ engine, clock, info, notices, terminal: terminal.service, traffic: createTrafficService(traffic), lessons: lessons.service, sessions: sessions?.service ?? notKept });
  // A step of the paused clock shows its traffic at once, without waiting for the traffic timer.
  clock.onChange(() => void traffic.tick());
  clock.onChange(() => sessions?.stateChanged());
  if (sessions) {
    for (const notice of sessions.start()) console.warn(`kubelab: ${notice}`);
    if (options.sessions?.openFile) {
      const opened = sessions.openFile(options.sessions.openFile);
      console.log(opened.verified ? `Opened ${options.sessions.openFile}: replayed and verified (same log hash).` : `Opened ${options.sessions.openFile}, but ${opened.mismatch}`);
    }
  }
  const dispatcher = createDispatcher(contract, services, {
    onConnect: (clientId) => terminal.clientConnected(clientId),
    onDisconnect: (clientId) => terminal.clientGone(clientId),
  });

  return {
    engine,
    clock,
    services,
    dispatcher,
    notices,
    sessions,
    info,
    async start() {
      if (started) return;
      started = true;
      clock.start();
      // Getters, not the engine itself: `minikube start` may re-create the engine behind the same server.
      apiServer = await createApiServer({
        // Service requests from the API server's proxy and exec'd shells are routed (and drawn) by the traffic model.
        engine: { get store() { return engine.store; }, get runtime() { return traffic.observe(engine.runtime); }, now: () => engine.now(), anchorMs: () => engine.anchorMs() },
        dataDir: options.dataDir,
        onRequest: (request) => lessons.recordRequest(request),
        // kubectl is told, in one Warning line, when the clock is paused or a past frame is on screen.
        pauseState: () => ({ paused: clock.state().paused, viewing: engine.timeline.state().viewing, now: engine.now(), stopped: minikube?.running() === false }),
        wallNow: () => Date.now(),
        ...(options.apiPort ? { port: options.apiPort } : {}),
        ...(options.kubeconfigPath ? { kubeconfigPath: options.kubeconfigPath } : {}),
      });
      extras.apiServerUrl = apiServer.url;
      extras.kubeconfigPath = apiServer.kubeconfigPath;
      await terminal.start();
      await traffic.start();
    },
    async stop() {
      if (!started) return;
      started = false;
      await terminal.stop();
      await traffic.stop();
      await apiServer?.close();
      apiServer = undefined;
      sessions?.stop();
      lessons.dispose();
      clock.dispose();
      engine.dispose();
    },
  };
}

/** The sessions service where sessions are not kept (tests, `--no-session`): it says so. */
const notKept: KubelabServices['sessions'] = (() => {
  const none = () => {
    throw new Error('sessions are not kept in this Kubelab (started without a data folder for them)');
  };
  const state = () => ({ current: undefined, recent: [], durable: false, notices: [] });
  return { state, rename: none, duplicate: none, remove: none, open: none, create: none, saveScenario: none, openScenario: none, onChanged: () => () => {} };
})();
