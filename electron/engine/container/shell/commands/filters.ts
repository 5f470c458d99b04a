/**
 * Text filters (grep, head, tail, wc, sort, tee): they read their file arguments or the pipe.
 */
import { normalize } from '../../fs';
import type { Command, CommandEnv, CommandIo } from '../types';

function filterInput(files: string[], env: CommandEnv, io: CommandIo, tool: string): string | undefined {
  if (files.length === 0) return io.stdin ?? '';
  let text = '';
  for (const file of files) {
    const content = env.host.fs.read(normalize(env.host.cwd, file));
    if (content === undefined) {
      io.err(env.host.flavour === 'gnu' ? `${tool}: ${file}: No such file or directory\n` : `${tool}: can't open '${file}': No such file or directory\n`);
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

export const FILTER_COMMANDS: Record<string, Command> = {
  grep(args, env, io) {
    const flags = args.filter((a) => /^-[a-zA-Z]+$/.test(a)).join('');
    const [pattern, ...files] = args.filter((a) => !/^-[a-zA-Z]+$/.test(a));
    if (pattern === undefined) {
      io.err(env.host.flavour === 'gnu' ? "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n" : 'Usage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n');
      return 2;
    }
    const text = filterInput(files, env, io, 'grep');
    if (text === undefined) return 2;
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, flags.includes('i') ? 'i' : '');
    } catch {
      regex = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags.includes('i') ? 'i' : '');
    }
    const matched = lines(text).filter((line) => regex.test(line) !== flags.includes('v'));
    if (flags.includes('q')) return matched.length > 0 ? 0 : 1;
    if (flags.includes('c')) io.out(`${matched.length}\n`);
    else io.out(matched.map((l) => `${l}\n`).join(''));
    return matched.length > 0 ? 0 : 1;
  },
  head(args, env, io) {
    const { n, rest } = countOption(args);
    const text = filterInput(rest, env, io, 'head');
    if (text === undefined) return 1;
    io.out(lines(text).slice(0, n).map((l) => `${l}\n`).join(''));
    return 0;
  },
  tail(args, env, io) {
    const { n, rest } = countOption(args);
    const text = filterInput(rest.filter((a) => a !== '-f'), env, io, 'tail');
    if (text === undefined) return 1;
    io.out(lines(text).slice(-n).map((l) => `${l}\n`).join(''));
    // `tail -f` follows forever: it never exits by itself.
    return rest.includes('-f') ? env.sleep(Infinity) : 0;
  },
  wc(args, env, io) {
    const flags = args.filter((a) => a.startsWith('-')).join('');
    const text = filterInput(args.filter((a) => !a.startsWith('-')), env, io, 'wc');
    if (text === undefined) return 1;
    const counts = { l: lines(text).length, w: text.split(/\s+/).filter(Boolean).length, c: Buffer.byteLength(text) };
    const shown = flags ? (['l', 'w', 'c'] as const).filter((f) => flags.includes(f)) : (['l', 'w', 'c'] as const);
    io.out(`${shown.map((f) => counts[f]).join(' ')}\n`);
    return 0;
  },
  sort(args, env, io) {
    const text = filterInput(args.filter((a) => !a.startsWith('-')), env, io, 'sort');
    if (text === undefined) return 2;
    const sorted = lines(text).sort();
    if (args.includes('-r')) sorted.reverse();
    io.out(sorted.map((l) => `${l}\n`).join(''));
    return 0;
  },
  tee(args, env, io) {
    const append = args.includes('-a');
    const input = io.stdin ?? '';
    for (const file of args.filter((a) => !a.startsWith('-'))) env.host.fs.write(normalize(env.host.cwd, file), input, { createParents: false, append });
    io.out(input);
    return 0;
  },
};
