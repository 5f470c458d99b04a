/**
 * The main-process implementation of the IPC contract, over the engine and the clock driver.
 * Each method is a thin call into the core; the dispatcher has already validated its argument.
 */
import type { AppInfo, AppNotice } from '../../shared/ipc/services/app';
import type { KubelabServices } from '../../shared/ipc/contract';
import type { ClusterDelta } from '../../shared/sim/snapshot';
import type { ServiceImpl } from '../../shared/ipc/define';
import type { terminalService } from '../../shared/ipc/services/terminal';
import type { Engine } from '../engine/api';
import type { ClockDriver } from './clock-driver';
import { createFailuresService } from './failures-service';
import { createObjectsService } from './objects-service';
import { createSchedulerService } from './scheduler-service';
import { createTimelineService } from './timeline-service';

export interface ServiceDeps {
  engine: Engine;
  clock: ClockDriver;
  info: () => AppInfo;
  notices: { subscribe(listener: (notice: AppNotice) => void): () => void };
  /** The embedded terminal (electron/pty/terminal-system.ts). */
  terminal: ServiceImpl<typeof terminalService>;
  /** Traffic through Services (electron/traffic/traffic-service.ts). */
  traffic: KubelabServices['traffic'];
  /** Learn mode (electron/lessons/lessons-service.ts). */
  lessons: KubelabServices['lessons'];
  /** Durable sessions and scenario files (electron/session/sessions-service.ts). */
  sessions: KubelabServices['sessions'];
}

export function createServices({ engine, clock, info, notices, terminal, traffic, lessons, sessions }: ServiceDeps): KubelabServices {
  return {
    app: {
      info: () => info(),
      onNotice: (listener) => notices.subscribe(listener),
    },
    cluster: {
      snapshot: () => engine.snapshot(clock.state()),
      // Every change already carries its frame, time and cause from the engine's commit.
      onDelta: (listener) =>
        engine.onDelta((delta) => {
          const full: ClusterDelta = { ...delta, clock: clock.state() };
          listener(full);
        }),
    },
    clock: {
      state: () => clock.state(),
      play: () => clock.play(),
      pause: () => clock.pause(),
      setSpeed: ({ speed }) => clock.setSpeed(speed),
      step: ({ ms }) => clock.step(ms),
      onChanged: (listener) => clock.onChange(listener),
    },
    failures: createFailuresService(engine),
    scheduler: createSchedulerService(engine),
    objects: createObjectsService(engine),
    timeline: createTimelineService(engine),
    terminal,
    traffic,
    lessons,
    sessions,
  };
}
