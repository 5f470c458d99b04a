/**
 * Process and system commands: env, echo, printf, sleep (on the virtual clock), date, hostname,
 * id, uname, ps and the like (test and [ are test.ts).
 */
import type { Command } from '../types';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `date` in the C locale with TZ unset: `Thu Jan  1 00:00:05 UTC 2026`. */
export function dateText(wallMs: number): string {
  const d = new Date(wallMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** `date +FORMAT` for the common conversions (UTC). */
function formatDate(wallMs: number, format: string): string {
  const d = new Date(wallMs);
  const p = (n: number) => String(n).padStart(2, '0');
  const parts: Record<string, string> = {
    s: String(Math.floor(wallMs / 1000)), Y: String(d.getUTCFullYear()), m: p(d.getUTCMonth() + 1), d: p(d.getUTCDate()), H: p(d.getUTCHours()), M: p(d.getUTCMinutes()), S: p(d.getUTCSeconds()),
    T: `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`, F: `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`, Z: 'UTC', a: DAYS[d.getUTCDay()]!, b: MONTHS[d.getUTCMonth()]!, '%': '%',
  };
  return format.replace(/%(.)/g, (m, c: string) => parts[c] ?? m);
}

/** sleep's operand: a number with an optional s/m/h/d suffix, or `infinity`. */
function sleepMs(arg: string): number | undefined {
  if (arg === 'infinity' || arg === 'inf') return Infinity;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * unit * 1000);
}

/** printf's format with %s %d and the usual escapes; the format is reused for extra arguments. */
function printf(format: string, args: string[]): string {
  const escaped = format.replace(/\\(n|t|\\|r)/g, (_m, c: string) => ({ n: '\n', t: '\t', '\\': '\\', r: '\r' })[c as 'n']!);
  let out = '';
  let i = 0;
  do {
    out += escaped.replace(/%([sdi%])/g, (_m, c: string) => (c === '%' ? '%' : c === 's' ? (args[i++] ?? '') : String(Number.parseInt(args[i++] ?? '0', 10) || 0)));
  } while (i < args.length && /%[sdi]/.test(escaped));
  return out;
}

export const SYSTEM_COMMANDS: Record<string, Command> = {
  env(_args, env, io) {
    io.out(Object.entries(env.host.env).map(([k, v]) => `${k}=${v}\n`).join(''));
    return 0;
  },
  printenv(args, env, io) {
    if (args.length === 0) return SYSTEM_COMMANDS.env!(args, env, io);
    let status = 0;
    for (const name of args) {
      if (name in env.host.env) io.out(`${env.host.env[name]}\n`);
      else status = 1;
    }
    return status;
  },
  echo(args, _env, io) {
    const noNewline = args[0] === '-n';
    const words = noNewline ? args.slice(1) : args;
    io.out(`${words.join(' ')}${noNewline ? '' : '\n'}`);
    return 0;
  },
  printf(args, _env, io) {
    if (args.length === 0) {
      io.err('printf: usage: printf [-v var] format [arguments]\n');
      return 2;
    }
    io.out(printf(args[0]!, args.slice(1)));
    return 0;
  },
  hostname(_args, env, io) {
    io.out(`${env.host.pod.name}\n`);
    return 0;
  },
  whoami(_args, _env, io) {
    io.out('root\n');
    return 0;
  },
  id(_args, env, io) {
    io.out(env.host.flavour === 'gnu' ? 'uid=0(root) gid=0(root) groups=0(root)\n' : 'uid=0(root) gid=0(root) groups=0(root),10(wheel)\n');
    return 0;
  },
  uname(args, env, io) {
    io.out(args.includes('-a') ? `Linux ${env.host.pod.name} 6.1.0-kubelab #1 SMP x86_64 GNU/Linux\n` : 'Linux\n');
    return 0;
  },
  date(args, env, io) {
    const format = args.find((a) => a.startsWith('+'));
    io.out(`${format ? formatDate(env.host.wallNow(), format.slice(1)) : dateText(env.host.wallNow())}\n`);
    return 0;
  },
  true: () => 0,
  false: () => 1,
  clear(_args, _env, io) {
    io.out('\x1b[H\x1b[2J\x1b[3J');
    return 0;
  },
  ps(_args, env, io) {
    const main = env.host.mainProcess;
    if (env.host.flavour === 'busybox') io.out(`PID   USER     TIME  COMMAND\n    1 root      0:00 ${main}\n   27 root      0:00 sh\n   33 root      0:00 ps\n`);
    else io.out(`    PID TTY          TIME CMD\n      1 ?        00:00:00 ${main.split(' ')[0]!.split('/').pop()}\n     27 pts/0    00:00:00 bash\n     33 pts/0    00:00:00 ps\n`);
    return 0;
  },
  sleep(args, env, io) {
    const ms = args.length ? args.map(sleepMs).reduce<number | undefined>((sum, v) => (sum === undefined || v === undefined ? undefined : sum + v), 0) : undefined;
    if (ms === undefined) {
      if (args.length === 0) io.err(env.host.flavour === 'gnu' ? "sleep: missing operand\nTry 'sleep --help' for more information.\n" : 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: sleep [N]...\n');
      else io.err(env.host.flavour === 'gnu' ? `sleep: invalid time interval '${args.find((a) => sleepMs(a) === undefined)}'\nTry 'sleep --help' for more information.\n` : `sleep: invalid number '${args.find((a) => sleepMs(a) === undefined)}'\n`);
      return 1;
    }
    return env.sleep(ms);
  },
};
