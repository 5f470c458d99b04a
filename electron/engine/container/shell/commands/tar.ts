/**
 * tar, as `kubectl cp` runs it through exec (kubectl pkg/cmd/cp/cp.go): `tar cf - <path>` to copy
 * out of a pod, `tar -xmf - -C <dir>` (or with `--no-same-permissions --no-same-owner`) to copy in.
 * It reads and writes real archives (ustar.ts) on the container filesystem, with GNU tar's or
 * busybox's messages. The filesystem keeps no owners, modes or times, so -m, -o, -p and the
 * --no-same-* options change nothing; folders are 0755 and files 0644, stamped with the clock.
 *
 * Archives travel as text: every byte tar writes comes from text files and ASCII headers, so the
 * archive is valid UTF-8 and survives the shell's text streams byte for byte.
 */
import { FS_ERROR_TEXT, normalize } from '../../fs';
import type { ContainerFs } from '../../fs';
import type { Command, CommandEnv, CommandIo } from '../types';
import { readArchive, writeArchive } from './ustar';
import type { TarEntry } from './ustar';

interface Options {
  mode?: 'c' | 'x' | 't';
  file?: string;
  directory?: string;
  verbose: boolean;
  operands: string[];
}

const BUSYBOX_USAGE =
  'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: tar c|x|t [-ZzJjahmvokO] [-f TARFILE] [-C DIR] [-T FILE] [-X FILE] [LONGOPT]... [FILE]...\n';
const GNU_TRY = "Try 'tar --help' or 'tar --usage' for more information.\n";
/** Long options that take no argument and change nothing on this filesystem. */
const IGNORED_LONG = new Set(['--no-same-permissions', '--no-same-owner', '--same-permissions', '--same-owner', '--preserve-permissions', '--touch', '--overwrite', '--keep-old-files', '--numeric-owner']);
const IGNORED_SHORT = new Set(['m', 'o', 'p', 'k', 'h']);

class UsageError extends Error {}

function parseOptions(args: string[], gnu: boolean): Options {
  const options: Options = { verbose: false, operands: [] };
  const pendingArgs: ('f' | 'C')[] = [];
  const setMode = (m: 'c' | 'x' | 't') => {
    if (options.mode && options.mode !== m) throw new UsageError(gnu ? "tar: You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option\n" : BUSYBOX_USAGE);
    options.mode = m;
  };
  const letter = (ch: string) => {
    if (ch === 'c' || ch === 'x' || ch === 't') setMode(ch);
    else if (ch === 'f' || ch === 'C') pendingArgs.push(ch);
    else if (ch === 'v') options.verbose = true;
    else if (!IGNORED_SHORT.has(ch)) throw new UsageError(gnu ? `tar: invalid option -- '${ch}'\n${GNU_TRY}` : `tar: invalid option -- '${ch}'\n${BUSYBOX_USAGE}`);
  };
  const take = (which: 'f' | 'C', value: string) => {
    if (which === 'f') options.file = value;
    else options.directory = value;
  };
  args.forEach((arg, index) => {
    if (pendingArgs.length) {
      take(pendingArgs.shift()!, arg);
      return;
    }
    if (index === 0 && !arg.startsWith('-')) {
      // Old-style bundled options: `tar cf - path`.
      for (const ch of arg) letter(ch);
      return;
    }
    if (arg.startsWith('--')) {
      const [name, value] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
      if (name === '--file' || name === '--directory') {
        if (value === undefined) pendingArgs.push(name === '--file' ? 'f' : 'C');
        else take(name === '--file' ? 'f' : 'C', value);
      } else if (name === '--create') setMode('c');
      else if (name === '--extract' || name === '--get') setMode('x');
      else if (name === '--list') setMode('t');
      else if (name === '--verbose') options.verbose = true;
      else if (!IGNORED_LONG.has(name)) throw new UsageError(gnu ? `tar: unrecognized option '${arg}'\n${GNU_TRY}` : `tar: unrecognized option '${arg}'\n${BUSYBOX_USAGE}`);
      return;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let i = 1; i < arg.length; i++) {
        const ch = arg[i]!;
        if ((ch === 'f' || ch === 'C') && i < arg.length - 1) {
          take(ch, arg.slice(i + 1));
          break;
        }
        letter(ch);
      }
      return;
    }
    options.operands.push(arg);
  });
  if (pendingArgs.length) throw new UsageError(gnu ? `tar: option requires an argument -- '${pendingArgs[0]}'\n${GNU_TRY}` : BUSYBOX_USAGE);
  if (!options.mode) throw new UsageError(gnu ? `tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\n${GNU_TRY}` : BUSYBOX_USAGE);
  return options;
}

/** GNU tar's and busybox's complaint about stripping the root from member names (printed once). */
function leadingSlashNotice(gnu: boolean): string {
  return gnu ? "tar: Removing leading `/' from member names\n" : "tar: removing leading '/' from member names\n";
}

function collect(fs: ContainerFs, path: string, name: string, nowSeconds: number, into: TarEntry[]): void {
  if (fs.isDir(path)) {
    if (name) into.push({ name, type: 'dir', mode: 0o755, mtimeSeconds: nowSeconds });
    for (const child of fs.list(path)) collect(fs, path === '/' ? `/${child}` : `${path}/${child}`, name ? `${name}/${child}` : child, nowSeconds, into);
    return;
  }
  into.push({ name, type: 'file', mode: 0o644, mtimeSeconds: nowSeconds, content: Buffer.from(fs.read(path) ?? '', 'utf8') });
}

function create(options: Options, env: CommandEnv, io: CommandIo): number {
  const gnu = env.host.flavour === 'gnu';
  const fs = env.host.fs;
  if (options.operands.length === 0) {
    io.err(gnu ? `tar: Cowardly refusing to create an empty archive\n${GNU_TRY}` : 'tar: empty archive\n');
    return gnu ? 2 : 1;
  }
  const base = options.directory ? normalize(env.host.cwd, options.directory) : env.host.cwd;
  const entries: TarEntry[] = [];
  let failed = false;
  let warned = false;
  const now = Math.floor(env.host.wallNow() / 1000);
  for (const operand of options.operands) {
    const path = normalize(base, operand);
    let name = operand.replace(/\/+$/, '') || operand;
    // GNU tar names the member (and says so) before it stats the file.
    if (name.startsWith('/')) {
      if (!warned) io.err(leadingSlashNotice(gnu));
      warned = true;
      name = name.replace(/^\/+/, '');
    }
    if (!fs.isDir(path) && !fs.isFile(path)) {
      io.err(gnu ? `tar: ${operand}: Cannot stat: No such file or directory\n` : `tar: ${operand}: No such file or directory\n`);
      failed = true;
      continue;
    }
    collect(fs, path, name, now, entries);
  }
  const archive = writeArchive(entries, gnu ? 'gnu' : 'ustar');
  if (options.verbose) {
    const listing = entries.map((e) => `${e.name}${e.type === 'dir' ? '/' : ''}\n`).join('');
    // GNU tar lists on stderr when the archive itself goes to stdout.
    if (!options.file || options.file === '-') io.err(listing);
    else io.out(listing);
  }
  if (!options.file || options.file === '-') io.out(archive.toString('utf8'));
  else {
    const error = fs.write(normalize(env.host.cwd, options.file), archive.toString('utf8'));
    if (error) {
      io.err(gnu ? `tar: ${options.file}: Cannot open: ${FS_ERROR_TEXT[error]}\ntar: Error is not recoverable: exiting now\n` : `tar: can't open '${options.file}': ${FS_ERROR_TEXT[error]}\n`);
      return gnu ? 2 : 1;
    }
  }
  if (failed) {
    if (gnu) io.err('tar: Exiting with failure status due to previous errors\n');
    return gnu ? 2 : 1;
  }
  return 0;
}

function readInput(options: Options, env: CommandEnv, io: CommandIo): Buffer | number {
  const gnu = env.host.flavour === 'gnu';
  if (!options.file || options.file === '-') return Buffer.from(io.stdin ?? '', 'utf8');
  const path = normalize(env.host.cwd, options.file);
  const content = env.host.fs.read(path);
  if (content === undefined) {
    const why = env.host.fs.isDir(path) ? FS_ERROR_TEXT.EISDIR : FS_ERROR_TEXT.ENOENT;
    io.err(gnu ? `tar: ${options.file}: Cannot open: ${why}\ntar: Error is not recoverable: exiting now\n` : `tar: can't open '${options.file}': ${why}\n`);
    return gnu ? 2 : 1;
  }
  return Buffer.from(content, 'utf8');
}

function extract(options: Options, env: CommandEnv, io: CommandIo, listOnly: boolean): number {
  const gnu = env.host.flavour === 'gnu';
  const fs = env.host.fs;
  const input = readInput(options, env, io);
  if (typeof input === 'number') return input;
  const read = readArchive(input);
  let failed = false;
  // busybox reads an empty input as an empty archive; GNU tar says it is none.
  if (read.skipped && (gnu || input.length > 0)) {
    io.err(gnu ? `tar: ${read.skipped}\n` : 'tar: invalid tar magic\n');
    if (!gnu) return 1;
    failed = true;
  }
  // GNU tar changes to -C's folder when it reaches the first member.
  let base = env.host.cwd;
  if (options.directory !== undefined && !listOnly && read.entries.length > 0) {
    base = normalize(env.host.cwd, options.directory);
    if (!fs.isDir(base)) {
      const why = fs.isFile(base) ? FS_ERROR_TEXT.ENOTDIR : FS_ERROR_TEXT.ENOENT;
      io.err(gnu ? `tar: ${options.directory}: Cannot open: ${why}\ntar: Error is not recoverable: exiting now\n` : `tar: can't change directory to '${options.directory}': ${why}\n`);
      return gnu ? 2 : 1;
    }
  }
  let warned = false;
  for (const entry of read.entries) {
    let name = entry.name;
    if (name.startsWith('/')) {
      if (!warned) io.err(leadingSlashNotice(gnu));
      warned = true;
      name = name.replace(/^\/+/, '');
    }
    if (listOnly || options.verbose) io.out(`${name}${entry.type === 'dir' ? '/' : ''}\n`);
    if (listOnly) continue;
    const path = normalize(base, name);
    if (entry.type === 'dir') {
      const error = fs.mkdir(path, true);
      if (error) {
        io.err(gnu ? `tar: ${name}: Cannot mkdir: ${FS_ERROR_TEXT[error]}\n` : `tar: can't create directory '${name}': ${FS_ERROR_TEXT[error]}\n`);
        failed = true;
      }
      continue;
    }
    // Symbolic links and device files have no place in this filesystem.
    if (entry.type !== 'file') continue;
    const error = fs.write(path, (entry.content ?? Buffer.alloc(0)).toString('utf8'), { createParents: true });
    if (error) {
      io.err(gnu ? `tar: ${name}: Cannot open: ${FS_ERROR_TEXT[error]}\n` : `tar: can't open '${name}': ${FS_ERROR_TEXT[error]}\n`);
      failed = true;
    }
  }
  if (read.truncated) {
    // GNU tar 1.34 says it twice: once for the member, once at the end of the archive.
    io.err(gnu ? 'tar: Unexpected EOF in archive\ntar: Unexpected EOF in archive\ntar: Error is not recoverable: exiting now\n' : 'tar: short read\n');
    return gnu ? 2 : 1;
  }
  if (failed) {
    if (gnu) io.err('tar: Exiting with failure status due to previous errors\n');
    return gnu ? 2 : 1;
  }
  return 0;
}

export const TAR_COMMANDS: Record<string, Command> = {
  tar(args, env, io) {
    const gnu = env.host.flavour === 'gnu';
    let options: Options;
    try {
      options = parseOptions(args, gnu);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.err(error.message);
      return gnu ? 2 : 1;
    }
    if (options.mode === 'c') return create(options, env, io);
    return extract(options, env, io, options.mode === 't');
  },
};
