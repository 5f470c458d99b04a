/**
 * Which programs run straight from an exec's argv read their stdin: `kubectl exec -i` and
 * `kubectl cp` (`tar -xmf -`) feed them what the client sends, so they start once the client has
 * closed stdin and take all of it, as a pipe gives it. Anything else starts at once and ignores
 * stdin, as `ls` does when run with `-i`.
 */
import { commandName } from './interpreter';

/** Filters that read stdin when no file operand is given (the operands after their options). */
const FILTERS: Record<string, { skipFirstOperand?: boolean }> = {
  cat: {},
  wc: {},
  head: {},
  tail: {},
  sort: {},
  uniq: {},
  tee: {},
  base64: {},
  md5sum: {},
  sha256sum: {},
  grep: { skipFirstOperand: true },
};

function operands(args: string[]): string[] {
  return args.filter((a, i) => !(a.startsWith('-') && a !== '-') && !/^-[nc]$/.test(args[i - 1] ?? ''));
}

/** tar reads stdin when it extracts or lists without -f, or with `-f -`. */
function tarReadsStdin(args: string[]): boolean {
  const first = args[0] ?? '';
  const letters = args.flatMap((a, i) => (i === 0 && !a.startsWith('-') ? [a] : /^-[A-Za-z]+/.test(a) && !a.startsWith('--') ? [a.slice(1)] : [])).join('');
  const extracting = /[xt]/.test(letters) || args.includes('--extract') || args.includes('--list') || args.includes('--get');
  if (!extracting) return false;
  const fileFlag = args.findIndex((a, i) => (i === 0 && !first.startsWith('-') ? false : /^-[A-Za-z]*f$/.test(a)));
  if (fileFlag >= 0) return args[fileFlag + 1] === '-';
  if (!first.startsWith('-') && first.includes('f')) {
    // Old-style `tar xf ARCHIVE`: the archive is the next argument.
    return args[1] === '-';
  }
  const long = args.find((a) => a.startsWith('--file'));
  if (long) return long === '--file=-' || args[args.indexOf(long) + 1] === '-';
  return true;
}

export function readsStdin(argv: string[]): boolean {
  const name = argv[0] === undefined ? undefined : commandName(argv[0]);
  if (name === undefined) return false;
  const args = argv.slice(1);
  if (name === 'tar') return tarReadsStdin(args);
  const filter = FILTERS[name];
  if (!filter) return false;
  const files = operands(args).slice(filter.skipFirstOperand ? 1 : 0);
  return files.length === 0 || files.includes('-');
}
