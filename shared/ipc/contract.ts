/**
 * The whole IPC contract between the main process (or the web-mode server) and the renderer.
 * Add a service by writing it in services/ and listing it here; both transports pick it up.
 */
import type { ContractClient, ContractImpl } from './define';
import { appService } from './services/app';
import { clockService } from './services/clock';
import { clusterService } from './services/cluster';
import { failuresService } from './services/failures';
import { lessonsService } from './services/lessons';
import { objectsService } from './services/objects';
import { schedulerService } from './services/scheduler';
import { sessionsService } from './services/sessions';
import { terminalService } from './services/terminal';
import { timelineService } from './services/timeline';
import { trafficService } from './services/traffic';

export const contract = {
  app: appService,
  cluster: clusterService,
  clock: clockService,
  failures: failuresService,
  scheduler: schedulerService,
  objects: objectsService,
  timeline: timelineService,
  traffic: trafficService,
  terminal: terminalService,
  lessons: lessonsService,
  sessions: sessionsService,
} as const;

export type KubelabContract = typeof contract;
export type KubelabClient = ContractClient<KubelabContract>;
export type KubelabServices = ContractImpl<KubelabContract>;
