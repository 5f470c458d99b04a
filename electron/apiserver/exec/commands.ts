/**
 * The built-in commands of the simulated container shell. Each writes to stdout/stderr and
 * returns an exit status, with the messages a Debian bash and its tools print.
 */
import type { PodRuntime, Store } from '../../engine/api';
import type { ContainerFs } from './fs';
import { normalize } from './fs';
import { httpTarget, resolveHost } from './network';
import type { PodIdentity } from './network';

export interface ShellState {
  cwd: string;
  env: Record<string, string>;
  fs: ContainerFs;
  pod: PodIdentity;
  container: string;
  store: Store;
  runtime: PodRuntime;
}

export interface CommandIo {
  /** What a pipe feeds in; undefined when stdin is the terminal. */
  stdin?: string;
  out(text: string): void;
  err(text: string): void;
  /** Resolves after ms, or early (false) when the session is interrupted. */
  sleep(ms: number): Promise<boolean>;
}

export type Command = (args: string[], state: ShellState, io: CommandIo) => number | Promise<number>;

const NOT_FOUND = (tool: string, path: string) => `${tool}: ${path}: No such file or directory\n`;

function parseUrl(raw: string): { host: string; port: number; path: string } | undefined {
  const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port, path: `${url.pathname}${url.search}` };
  } catch {
    return undefined;
  }
}

function fetchUrl(state: ShellState, raw: string, tool: 'curl' | 'wget', io: CommandIo): { status: number; headers: Record<string, string>; body: string } | number {
  const url = parseUrl(raw);
  if (!url) {
    io.err(tool === 'curl' ? `curl: (3) URL using bad/illegal format or missing URL\n` : `wget: bad address '${raw}'\n`);
    return tool === 'curl' ? 3 : 1;
  }
  const resolved = resolveHost(state.store, state.runtime, state.pod, url.host);
  if (!resolved) {
    io.err(tool === 'curl' ? `curl: (6) Could not resolve host: ${url.host}\n` : `wget: bad address '${url.host}'\n`);
    return tool === 'curl' ? 6 : 1;
  }
  const target = httpTarget(state.store, resolved, url.port, url.path);
  if (!target) {
    io.err(tool === 'curl' ? `curl: (7) Failed to connect to ${url.host} port ${url.port}: Connection refused\n` : `wget: can't connect to remote host (${resolved.address}): Connection refused\n`);
    return tool === 'curl' ? 7 : 1;
  }
  const answer = state.runtime.http(target);
  if (answer.status === 0) {
    io.err(tool === 'curl' ? `curl: (7) Failed to connect to ${url.host} port ${url.port}: Connection refused\n` : `wget: can't connect to remote host (${resolved.address}): Connection refused\n`);
    return tool === 'curl' ? 7 : 1;
  }
  return answer;
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

/** The text a filter reads: its file arguments, or the pipe. */
function filterInput(files: string[], state: ShellState, io: CommandIo, tool: string): string | undefined {
  if (files.length === 0) return io.stdin ?? '';
  let text = '';
  for (const file of files) {
    const content = state.fs.read(normalize(state.cwd, file));
    if (content === undefined) {
      io.err(NOT_FOUND(tool, file));
      return undefined;
    }
    text += content;
  }
  return text;
}

function lines(text: string): string[] {
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

function countOption(args: string[]): { n: number; rest: string[] } {
  let n = 10;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n' && args[i + 1] !== undefined) n = Number(args[++i]);
    else if (/^-n?\d+$/.test(a)) n = Number(a.replace(/^-n?/, ''));
    else rest.push(a);
  }
  return { n: Number.isFinite(n) ? n : 10, rest };
}

const FILTERS: Record<string, Command> = {
  grep(args, state, io) {
    const flags = args.filter((a) => /^-[a-zA-Z]+$/.test(a)).join('');
    const [pattern, ...files] = args.filter((a) => !/^-[a-zA-Z]+$/.test(a));
    if (pattern === undefined) {
      io.err('Usage: grep [OPTION]... PATTERNS [FILE]...\n');
      return 2;
    }
    const text = filterInput(files, state, io, 'grep');
    if (text === undefined) return 2;
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, flags.includes('i') ? 'i' : '');
    } catch {
      regex = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags.includes('i') ? 'i' : '');
    }
    const matched = lines(text).filter((line) => regex.test(line) !== flags.includes('v'));
    if (flags.includes('c')) io.out(`${matched.length}\n`);
    else io.out(matched.map((l) => `${l}\n`).join(''));
    return matched.length > 0 ? 0 : 1;
  },
  head(args, state, io) {
    const { n, rest } = countOption(args);
    const text = filterInput(rest, state, io, 'head');
    if (text === undefined) return 1;
    io.out(lines(text).slice(0, n).map((l) => `${l}\n`).join(''));
    return 0;
  },
  tail(args, state, io) {
    const { n, rest } = countOption(args);
    const text = filterInput(rest, state, io, 'tail');
    if (text === undefined) return 1;
    io.out(lines(text).slice(-n).map((l) => `${l}\n`).join(''));
    return 0;
  },
  wc(args, state, io) {
    const flags = args.filter((a) => a.startsWith('-')).join('');
    const text = filterInput(args.filter((a) => !a.startsWith('-')), state, io, 'wc');
    if (text === undefined) return 1;
    const counts = { l: lines(text).length, w: text.split(/\s+/).filter(Boolean).length, c: Buffer.byteLength(text) };
    const shown = flags ? (['l', 'w', 'c'] as const).filter((f) => flags.includes(f)) : (['l', 'w', 'c'] as const);
    io.out(`${shown.map((f) => counts[f]).join(' ')}\n`);
    return 0;
  },
  sort(args, state, io) {
    const text = filterInput(args.filter((a) => !a.startsWith('-')), state, io, 'sort');
    if (text === undefined) return 2;
    const sorted = lines(text).sort();
    if (args.includes('-r')) sorted.reverse();
    io.out(sorted.map((l) => `${l}\n`).join(''));
    return 0;
  },
};

export const COMMANDS: Record<string, Command> = {
  ...FILTERS,
  env(_args, state, io) {
    io.out(Object.entries(state.env).map(([k, v]) => `${k}=${v}\n`).join(''));
    return 0;
  },
  printenv(args, state, io) {
    if (args.length === 0) return COMMANDS.env!(args, state, io);
    let status = 0;
    for (const name of args) {
      if (name in state.env) io.out(`${state.env[name]}\n`);
      else status = 1;
    }
    return status;
  },
  pwd(_args, state, io) {
    io.out(`${state.cwd}\n`);
    return 0;
  },
  cd(args, state, io) {
    const target = normalize(state.cwd, args[0] ?? '/root');
    if (!state.fs.isDir(target)) {
      io.err(`bash: cd: ${args[0]}: ${state.fs.isFile(target) ? 'Not a directory' : 'No such file or directory'}\n`);
      return 1;
    }
    state.cwd = target;
    state.env.PWD = target;
    return 0;
  },
  cat(args, state, io) {
    if (args.length === 0 && io.stdin !== undefined) {
      io.out(io.stdin);
      return 0;
    }
    let status = 0;
    for (const arg of args) {
      const path = normalize(state.cwd, arg);
      const content = state.fs.read(path);
      if (content !== undefined) io.out(content);
      else if (state.fs.isDir(path)) {
        io.err(`cat: ${arg}: Is a directory\n`);
        status = 1;
      } else {
        io.err(NOT_FOUND('cat', arg));
        status = 1;
      }
    }
    return status;
  },
  ls(args, state, io) {
    const flags = args.filter((a) => a.startsWith('-')).join('');
    const paths = args.filter((a) => !a.startsWith('-'));
    const long = flags.includes('l');
    const all = flags.includes('a');
    let status = 0;
    const targets = paths.length ? paths : ['.'];
    targets.forEach((arg, index) => {
      const path = normalize(state.cwd, arg);
      if (state.fs.isFile(path)) {
        io.out(long ? `-rw-r--r-- 1 root root ${Buffer.byteLength(state.fs.read(path) ?? '')} Jan  1 00:00 ${arg}\n` : `${arg}\n`);
        return;
      }
      if (!state.fs.isDir(path)) {
        io.err(`ls: cannot access '${arg}': No such file or directory\n`);
        status = 2;
        return;
      }
      if (targets.length > 1) io.out(`${index > 0 ? '\n' : ''}${arg}:\n`);
      const names = [...(all ? ['.', '..'] : []), ...state.fs.list(path)];
      if (long) {
        io.out(`total ${names.length * 4}\n`);
        for (const name of names) {
          const child = normalize(path, name);
          const isDir = state.fs.isDir(child);
          const size = isDir ? 4096 : Buffer.byteLength(state.fs.read(child) ?? '');
          io.out(`${isDir ? 'drwxr-xr-x 2' : '-rw-r--r-- 1'} root root ${String(size).padStart(5)} Jan  1 00:00 ${name}\n`);
        }
      } else if (names.length) io.out(`${names.join('  ')}\n`);
    });
    return status;
  },
  echo(args, _state, io) {
    const noNewline = args[0] === '-n';
    const words = noNewline ? args.slice(1) : args;
    io.out(`${words.join(' ')}${noNewline ? '' : '\n'}`);
    return 0;
  },
  hostname(_args, state, io) {
    io.out(`${state.pod.name}\n`);
    return 0;
  },
  whoami(_args, _state, io) {
    io.out('root\n');
    return 0;
  },
  id(_args, _state, io) {
    io.out('uid=0(root) gid=0(root) groups=0(root)\n');
    return 0;
  },
  uname(args, state, io) {
    io.out(args.includes('-a') ? `Linux ${state.pod.name} 6.1.0-kubelab #1 SMP x86_64 GNU/Linux\n` : 'Linux\n');
    return 0;
  },
  date(_args, _state, io) {
    io.out(`${new Date().toUTCString().replace('GMT', 'UTC')}\n`);
    return 0;
  },
  true: () => 0,
  false: () => 1,
  clear(_args, _state, io) {
    io.out('\x1b[H\x1b[2J\x1b[3J');
    return 0;
  },
  ps(_args, state, io) {
    const main = state.env.KUBELAB_MAIN_PROCESS ?? 'node';
    io.out(`    PID TTY          TIME CMD\n      1 ?        00:00:00 ${main}\n     27 pts/0    00:00:00 bash\n     33 pts/0    00:00:00 ps\n`);
    return 0;
  },
  mkdir(args, state, io) {
    let status = 0;
    for (const arg of args.filter((a) => !a.startsWith('-'))) {
      if (!state.fs.mkdir(normalize(state.cwd, arg))) {
        io.err(`mkdir: cannot create directory '${arg}': File exists or no such parent\n`);
        status = 1;
      }
    }
    return status;
  },
  touch(args, state) {
    for (const arg of args) {
      const path = normalize(state.cwd, arg);
      if (!state.fs.isFile(path)) state.fs.write(path, '', { createParents: false });
    }
    return 0;
  },
  rm(args, state, io) {
    let status = 0;
    for (const arg of args.filter((a) => !a.startsWith('-'))) {
      if (!state.fs.remove(normalize(state.cwd, arg))) {
        io.err(`rm: cannot remove '${arg}': No such file or directory\n`);
        status = 1;
      }
    }
    return status;
  },
  async sleep(args, _state, io) {
    const seconds = Number(args[0] ?? 'x');
    if (!Number.isFinite(seconds) || seconds < 0) {
      io.err(`sleep: invalid time interval '${args[0] ?? ''}'\n`);
      return 1;
    }
    return (await io.sleep(seconds * 1000)) ? 0 : 130;
  },
  curl(args, state, io) {
    const include = args.some((a) => /^-[a-zA-Z]*i/.test(a) && !a.startsWith('--'));
    const url = args.find((a) => !a.startsWith('-'));
    if (!url) {
      io.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
      return 2;
    }
    const answer = fetchUrl(state, url, 'curl', io);
    if (typeof answer === 'number') return answer;
    if (include) {
      io.out(`HTTP/1.1 ${answer.status} ${STATUS_TEXT[answer.status] ?? ''}\r\n`);
      for (const [k, v] of Object.entries(answer.headers)) io.out(`${k}: ${v}\r\n`);
      io.out('\r\n');
    }
    io.out(answer.body);
    return 0;
  },
  wget(args, state, io) {
    const quiet = args.some((a) => a.startsWith('-') && a.includes('q'));
    const toStdout = args.some((a, i) => (a === '-O' && args[i + 1] === '-') || a.endsWith('O-') || a === '-O-');
    const url = args.filter((a, i) => !a.startsWith('-') && !(args[i - 1] === '-O')).find(Boolean);
    if (!url) {
      io.err('wget: missing URL\n');
      return 1;
    }
    const answer = fetchUrl(state, url, 'wget', io);
    if (typeof answer === 'number') return answer;
    if (answer.status >= 400) {
      io.err(`wget: server returned error: HTTP/1.1 ${answer.status} ${STATUS_TEXT[answer.status] ?? ''}\n`);
      return 8;
    }
    if (toStdout) {
      io.out(answer.body);
      return 0;
    }
    const path = normalize(state.cwd, 'index.html');
    state.fs.write(path, answer.body);
    if (!quiet) io.err(`Connecting to ${url}\nsaving to 'index.html'\nindex.html           100% |********************************| ${Buffer.byteLength(answer.body)}  0:00:00 ETA\n'index.html' saved\n`);
    return 0;
  },
  nslookup(args, state, io) {
    const name = args.find((a) => !a.startsWith('-'));
    if (!name) {
      io.err('nslookup: missing name\n');
      return 1;
    }
    const resolver = '10.96.0.10';
    const answer = state.runtime.resolve(name, state.pod.namespace);
    if (!answer || (answer.addresses.length === 0 && !answer.cname)) {
      io.out(`Server:\t\t${resolver}\nAddress:\t${resolver}#53\n\n** server can't find ${name}: NXDOMAIN\n\n`);
      return 1;
    }
    const fqdn = name.includes('.svc') || name.split('.').length > 2 ? name : name.includes('.') ? `${name}.svc.cluster.local` : `${name}.${state.pod.namespace}.svc.cluster.local`;
    let text = `Server:\t\t${resolver}\nAddress:\t${resolver}#53\n\n`;
    if (answer.cname) text += `${fqdn}\tcanonical name = ${answer.cname}.\n`;
    for (const address of answer.addresses) text += `Name:\t${answer.cname ?? fqdn}\nAddress: ${address}\n`;
    io.out(`${text}\n`);
    return 0;
  },
};
COMMANDS.printenv = COMMANDS.printenv!;
