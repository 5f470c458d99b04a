/**
 * Parses `npm run serve -- [--kubeconfig FILE] [--nodes N] [--seed S] [--speed X] [--port P] [--lessons DIR]`.
 * `--lessons` serves another lessons folder, so a teacher can try the lessons they are writing.
 * The session is kept in the data folder and reopened at the next launch (electron/session/);
 * `--open` opens a scenario file, `--new-session` starts afresh, `--no-session` keeps nothing.
 * Bad flags get one clear line and exit code 2, like kubectl's own flag errors.
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MAX_SPEED, MIN_SPEED } from '../../shared/ipc/services/clock';

export interface ServeArgs {
  kubeconfig?: string;
  nodes: number;
  seed: number;
  speed: number;
  port: number;
  apiPort: number;
  dataDir?: string;
  lessonsDir?: string;
  paused: boolean;
  /** A scenario file to open as the current session. */
  open?: string;
  /** Start a new session rather than reopen the last one (also when --nodes or --seed is given). */
  newSession?: true;
  /** Keep no session on disk. */
  noSession?: true;
}

export class UsageError extends Error {}

export const SERVE_USAGE =
  'Usage: npm run serve -- [--kubeconfig FILE] [--nodes N] [--seed S] [--speed X] [--port P] [--api-port P] [--data-dir DIR] [--lessons DIR] [--paused] [--open FILE.kubelab] [--new-session] [--no-session]';

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`invalid argument "${raw}" for "--${name}" flag: must be an integer from ${min} to ${max}`);
  }
  return value;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function parseServeArgs(argv: string[]): ServeArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        kubeconfig: { type: 'string' },
        nodes: { type: 'string' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        port: { type: 'string' },
        'api-port': { type: 'string' },
        'data-dir': { type: 'string' },
        lessons: { type: 'string' },
        paused: { type: 'boolean' },
        open: { type: 'string' },
        'new-session': { type: 'boolean' },
        'no-session': { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^.*?: /, '').split('\n')[0] ?? 'invalid arguments');
  }
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const speedRaw = str('speed');
  const speed = speedRaw === undefined ? 1 : Number(speedRaw);
  if (!Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
    throw new UsageError(`invalid argument "${speedRaw}" for "--speed" flag: must be a number from ${MIN_SPEED} to ${MAX_SPEED}`);
  }
  const result: ServeArgs = {
    nodes: integer('nodes', str('nodes'), 3, 1, 5000),
    seed: integer('seed', str('seed'), 1, 0, 2 ** 31 - 1),
    speed,
    port: integer('port', str('port'), 0, 0, 65535),
    apiPort: integer('api-port', str('api-port'), 0, 0, 65535),
    paused: values.paused === true,
  };
  const kubeconfig = str('kubeconfig');
  if (kubeconfig !== undefined) result.kubeconfig = kubeconfig;
  const dataDir = str('data-dir');
  if (dataDir !== undefined) result.dataDir = dataDir;
  const lessonsDir = str('lessons');
  if (lessonsDir !== undefined) {
    if (!isFolder(lessonsDir)) throw new UsageError(`invalid argument "${lessonsDir}" for "--lessons" flag: not a folder`);
    result.lessonsDir = lessonsDir;
  }
  const open = str('open');
  if (open !== undefined) {
    if (!isFile(open)) throw new UsageError(`invalid argument "${open}" for "--open" flag: no such file`);
    result.open = open;
  }
  // An explicit cluster shape asks for that cluster, as `minikube start --nodes` on a new profile.
  if (values['new-session'] === true || str('nodes') !== undefined || str('seed') !== undefined) result.newSession = true;
  if (values['no-session'] === true) result.noSession = true;
  return result;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
