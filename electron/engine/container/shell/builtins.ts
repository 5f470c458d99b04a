/**
 * The shell's builtins: cd, exit, export, unset, break, continue, read and the no-ops a script
 * may use (`:`, set, trap, wait, ulimit), with each shell's own error texts.
 */
import { normalize } from '../fs';
import type { ShellKind } from './interpreter';
import type { CommandIo, ShellHost } from './types';

/** What a builtin may change in the running shell. */
export interface BuiltinContext {
  host: ShellHost;
  kind: ShellKind;
  lastStatus: number;
  lookup(name: string): string;
  setVar(name: string, value: string): void;
  /** Unexported variables. */
  shellVars: Map<string, string>;
  exit(code: number): void;
  jump(kind: 'break' | 'continue'): void;
}

/** Runs builtin `name`; undefined when it is not one. */
export function runBuiltin(name: string, args: string[], io: CommandIo, sh: BuiltinContext): number | undefined {
  const host = sh.host;
  switch (name) {
    case 'cd': {
      const target = normalize(host.cwd, args[0] ?? (sh.lookup('HOME') || '/root'));
      if (!host.fs.isDir(target)) {
        const why = host.fs.isFile(target) ? 'Not a directory' : 'No such file or directory';
        io.err(sh.kind === 'bash' ? `bash: cd: ${args[0]}: ${why}\n` : sh.kind === 'dash' ? `sh: 1: cd: can't cd to ${args[0]}\n` : `sh: cd: can't cd to ${args[0]}: ${why}\n`);
        return sh.kind === 'dash' ? 2 : 1;
      }
      host.cwd = target;
      host.env.PWD = target;
      return 0;
    }
    case 'exit': {
      const code = args[0] === undefined ? sh.lastStatus : Number(args[0]);
      const status = Number.isInteger(code) ? code & 255 : 2;
      sh.exit(status);
      return status;
    }
    case 'export':
      for (const arg of args) {
        const eq = arg.indexOf('=');
        const key = eq < 0 ? arg : arg.slice(0, eq);
        host.env[key] = eq < 0 ? (sh.shellVars.get(key) ?? host.env[key] ?? '') : arg.slice(eq + 1);
        sh.shellVars.delete(key);
      }
      return 0;
    case 'unset':
      for (const arg of args) {
        sh.shellVars.delete(arg);
        delete host.env[arg];
      }
      return 0;
    case 'break':
    case 'continue':
      sh.jump(name);
      return 0;
    case ':':
    case 'set':
    case 'trap':
    case 'wait':
    case 'ulimit':
      return 0;
    case 'read': {
      const line = (io.stdin ?? '').split('\n')[0] ?? '';
      if (args[0]) sh.setVar(args[args.length - 1]!, line);
      return io.stdin ? 0 : 1;
    }
    default:
      return undefined;
  }
}
