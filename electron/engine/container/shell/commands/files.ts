/**
 * File commands (cat, ls, touch, rm, mkdir, cp, mv, pwd) on the container filesystem, with the
 * messages of GNU coreutils or of busybox, whichever the image has.
 */
import { FS_ERROR_TEXT, normalize } from '../../fs';
import type { FsError } from '../../fs';
import type { Command, CommandEnv } from '../types';

function gnu(env: CommandEnv): boolean {
  return env.host.flavour === 'gnu';
}

function flags(args: string[]): { flags: string; rest: string[] } {
  const rest: string[] = [];
  let f = '';
  let ended = false;
  for (const a of args) {
    if (!ended && a === '--') ended = true;
    else if (!ended && /^-[A-Za-z]+$/.test(a)) f += a.slice(1);
    else rest.push(a);
  }
  return { flags: f, rest };
}

export const FILE_COMMANDS: Record<string, Command> = {
  pwd(_args, env, io) {
    io.out(`${env.host.cwd}\n`);
    return 0;
  },
  cat(args, env, io) {
    const { rest } = flags(args);
    if (rest.length === 0) {
      io.out(io.stdin ?? '');
      return 0;
    }
    let status = 0;
    for (const arg of rest) {
      if (arg === '-') {
        io.out(io.stdin ?? '');
        continue;
      }
      const path = normalize(env.host.cwd, arg);
      const content = env.host.fs.read(path);
      if (content !== undefined) io.out(content);
      else {
        const why = env.host.fs.isDir(path) ? FS_ERROR_TEXT.EISDIR : FS_ERROR_TEXT.ENOENT;
        // busybox: bb_perror_msg("can't open '%s'") for a missing file, "read error" for a folder.
        io.err(gnu(env) ? `cat: ${arg}: ${why}\n` : env.host.fs.isDir(path) ? `cat: read error: ${why}\n` : `cat: can't open '${arg}': ${why}\n`);
        status = 1;
      }
    }
    return status;
  },
  ls(args, env, io) {
    const { flags: f, rest } = flags(args);
    const long = f.includes('l');
    const all = f.includes('a');
    let status = 0;
    const targets = rest.length ? rest : ['.'];
    const fs = env.host.fs;
    targets.forEach((arg, index) => {
      const path = normalize(env.host.cwd, arg);
      if (fs.isFile(path)) {
        io.out(long ? `-rw-r--r-- 1 root root ${Buffer.byteLength(fs.read(path) ?? '')} Jan  1 00:00 ${arg}\n` : `${arg}\n`);
        return;
      }
      if (!fs.isDir(path)) {
        io.err(gnu(env) ? `ls: cannot access '${arg}': No such file or directory\n` : `ls: ${arg}: No such file or directory\n`);
        status = gnu(env) ? 2 : 1;
        return;
      }
      if (targets.length > 1) io.out(`${index > 0 ? '\n' : ''}${arg}:\n`);
      const names = [...(all ? ['.', '..'] : []), ...fs.list(path)];
      if (long) {
        io.out(`total ${names.length * 4}\n`);
        for (const name of names) {
          const child = normalize(path, name);
          const isDir = fs.isDir(child);
          const size = isDir ? 4096 : Buffer.byteLength(fs.read(child) ?? '');
          io.out(`${isDir ? 'drwxr-xr-x 2' : '-rw-r--r-- 1'} root root ${String(size).padStart(5)} Jan  1 00:00 ${name}\n`);
        }
      } else if (names.length) io.out(`${names.join(env.host.tty ? '  ' : '\n')}\n`);
    });
    return status;
  },
  touch(args, env, io) {
    let status = 0;
    for (const arg of flags(args).rest) {
      const path = normalize(env.host.cwd, arg);
      if (env.host.fs.isFile(path) || env.host.fs.isDir(path)) continue;
      const error = env.host.fs.write(path, '', { createParents: false });
      if (error) {
        io.err(gnu(env) ? `touch: cannot touch '${arg}': ${FS_ERROR_TEXT[error]}\n` : `touch: ${arg}: ${FS_ERROR_TEXT[error]}\n`);
        status = 1;
      }
    }
    return status;
  },
  rm(args, env, io) {
    const { flags: f, rest } = flags(args);
    const force = f.includes('f');
    const recursive = f.includes('r') || f.includes('R');
    let status = 0;
    if (rest.length === 0 && !force) {
      io.err(gnu(env) ? "rm: missing operand\nTry 'rm --help' for more information.\n" : 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: rm [-irf] FILE...\n');
      return 1;
    }
    for (const arg of rest) {
      const error = env.host.fs.remove(normalize(env.host.cwd, arg), recursive);
      if (!error || (error === 'ENOENT' && force)) continue;
      const text = error === 'EISDIR' && gnu(env) ? `rm: cannot remove '${arg}': Is a directory\n` : gnu(env) ? `rm: cannot remove '${arg}': ${FS_ERROR_TEXT[error]}\n` : error === 'EISDIR' ? `rm: '${arg}' is a directory\n` : `rm: can't remove '${arg}': ${FS_ERROR_TEXT[error]}\n`;
      io.err(text);
      status = 1;
    }
    return status;
  },
  mkdir(args, env, io) {
    const { flags: f, rest } = flags(args);
    let status = 0;
    for (const arg of rest) {
      const error = env.host.fs.mkdir(normalize(env.host.cwd, arg), f.includes('p'));
      if (error) {
        io.err(gnu(env) ? `mkdir: cannot create directory '${arg}': ${FS_ERROR_TEXT[error]}\n` : `mkdir: can't create directory '${arg}': ${FS_ERROR_TEXT[error]}\n`);
        status = 1;
      }
    }
    return status;
  },
  cp(args, env, io) {
    return copy(args, env, io, 'cp');
  },
  mv(args, env, io) {
    return copy(args, env, io, 'mv');
  },
};

function copy(args: string[], env: CommandEnv, io: { err(text: string): void }, tool: 'cp' | 'mv'): number {
  const { rest } = flags(args);
  const fs = env.host.fs;
  if (rest.length < 2) {
    io.err(gnu(env) ? `${tool}: missing file operand\nTry '${tool} --help' for more information.\n` : `${tool}: missing file operand\n`);
    return 1;
  }
  const target = rest[rest.length - 1]!;
  const targetPath = normalize(env.host.cwd, target);
  let status = 0;
  for (const source of rest.slice(0, -1)) {
    const from = normalize(env.host.cwd, source);
    const content = fs.read(from);
    if (content === undefined) {
      io.err(gnu(env) ? `${tool}: cannot stat '${source}': No such file or directory\n` : `${tool}: can't stat '${source}': No such file or directory\n`);
      status = 1;
      continue;
    }
    const to = fs.isDir(targetPath) ? normalize(targetPath, from.slice(from.lastIndexOf('/') + 1)) : targetPath;
    const error: FsError | undefined = fs.write(to, content, { createParents: false }) ?? (tool === 'mv' ? fs.remove(from) : undefined);
    if (error) {
      io.err(`${tool}: cannot create regular file '${target}': ${FS_ERROR_TEXT[error]}\n`);
      status = 1;
    }
  }
  return status;
}
