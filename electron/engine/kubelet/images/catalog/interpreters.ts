/**
 * What the language images' interpreters do with the usual one-liners, for programs the container
 * shell model does not run itself: `python -c "print(...)"`, `node -e "console.log(...)"`, the
 * Kubernetes docs' Job `perl -Mbignum=bpi -wle 'print bpi(2000)'`, and a bare interpreter, which
 * reads the closed stdin and exits 0 at once.
 */
import type { ImageProfile } from '../types';

/** The process prints `logs` and exits with `exitCode` after `afterMs`. */
export function exiting(base: ImageProfile, logs: string[], exitCode = 0, afterMs = 60): ImageProfile {
  return { ...base, behaviour: { kind: 'crash', afterMs, exitCode }, ports: [], startupMs: 0, startLogs: () => logs, launch: undefined };
}

/** pi to `digits` significant digits (Math::BigFloat bpi), by Machin's formula on BigInt. */
export function piDigits(digits: number): string {
  const guard = 10;
  const scale = 10n ** BigInt(digits - 1 + guard);
  const arctanInv = (x: bigint): bigint => {
    let term = scale / x;
    let sum = term;
    const x2 = x * x;
    for (let n = 1n; term !== 0n; n++) {
      term /= x2;
      sum += (n % 2n === 1n ? -term : term) / (2n * n + 1n);
    }
    return sum;
  };
  const pi = 16n * arctanInv(5n) - 4n * arctanInv(239n);
  const text = ((pi + 5n * 10n ** BigInt(guard - 1)) / 10n ** BigInt(guard)).toString();
  return `${text[0]}.${text.slice(1)}`;
}

/** The text of a single literal argument to print(...) / console.log(...), if that is all the program does. */
function printedLiteral(program: string, fn: string): string | undefined {
  const m = new RegExp(`^\\s*${fn.replace('.', '\\.')}\\(\\s*(['"])(.*?)\\1\\s*\\)\\s*;?\\s*$`).exec(program);
  return m?.[2];
}

/** python's argv after the interpreter name: `-c PROGRAM`, or nothing (exit 0 on the closed stdin). */
export function pythonRun(base: ImageProfile, argv: string[]): ImageProfile {
  const at = argv.indexOf('-c');
  const text = at >= 0 ? printedLiteral(argv[at + 1] ?? '', 'print') : undefined;
  return exiting(base, text === undefined ? [] : [text]);
}

export function nodeRun(base: ImageProfile, argv: string[]): ImageProfile {
  const at = argv.findIndex((a) => a === '-e' || a === '--eval' || a === '-p');
  const text = at >= 0 ? printedLiteral(argv[at + 1] ?? '', 'console.log') : undefined;
  return exiting(base, text === undefined ? [] : [text]);
}

export function perlRun(base: ImageProfile, argv: string[]): ImageProfile {
  const m = /-Mbignum=bpi\b.*print bpi\((\d+)\)/.exec(argv.join(' '));
  if (!m) return exiting(base, []);
  const digits = Math.max(1, Math.min(Number(m[1]), 20_000));
  // perl takes a moment for a few thousand digits.
  return exiting(base, [piDigits(digits)], 0, 400 + digits);
}
