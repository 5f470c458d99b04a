/**
 * The programs a container image has, by name. busybox has no curl (it has wget); Debian-based
 * images (the bootcamp, nginx) have both.
 */
import type { Command, Flavour } from '../types';
import { FILE_COMMANDS } from './files';
import { FILTER_COMMANDS } from './filters';
import { NET_COMMANDS } from './net';
import { SYSTEM_COMMANDS } from './system';
import { TAR_COMMANDS } from './tar';
import { TEST_COMMANDS } from './test';

const ALL: Record<string, Command> = { ...FILE_COMMANDS, ...FILTER_COMMANDS, ...NET_COMMANDS, ...SYSTEM_COMMANDS, ...TAR_COMMANDS, ...TEST_COMMANDS };
const NOT_IN_BUSYBOX = new Set(['curl']);

export function findCommand(name: string, flavour: Flavour): Command | undefined {
  if (flavour === 'busybox' && NOT_IN_BUSYBOX.has(name)) return undefined;
  return Object.prototype.hasOwnProperty.call(ALL, name) ? ALL[name] : undefined;
}
