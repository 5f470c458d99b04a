/**
 * Word expansion as sh does it when a command runs: tilde, $VAR and ${VAR} (with $? $$ $#), $(...)
 * and backquotes (run in a nested shell, trailing newlines removed), $((...)) arithmetic, field
 * splitting of unquoted expansions on blanks, and globs matched against the container's files.
 */
import { normalize } from '../fs';
import { ArithError, evaluate } from './arith';
import type { ShellKind } from './interpreter';
import type { Word } from './parse';
import type { CommandIo, Pending, ShellHost } from './types';

/** What expansion needs of the running shell. */
export interface Expansion {
  host: ShellHost;
  kind: ShellKind;
  lookup(name: string): string;
  /** Runs a command substitution and returns its output. */
  capture(source: string, io: CommandIo): Generator<Pending, string, number>;
}

/** Expands a word into fields: variables, $(...) and $((...)), field splitting and globs. */
export function* expandWord(word: Word, io: CommandIo, x: Expansion): Generator<Pending, string[], number> {
  const fields: string[] = [];
  let current = '';
  let has = false;
  let glob = false;
  const split = (value: string) => {
    const pieces = value.split(/[ \t\n]+/);
    pieces.forEach((piece, i) => {
      if (i > 0 && has) {
        fields.push(current);
        current = '';
        has = false;
      }
      current += piece;
      if (piece) has = true;
    });
  };
  for (const [index, part] of word.entries()) {
    if (part.kind === 'lit') {
      let text = part.text;
      if (!part.quoted && index === 0 && (text === '~' || text.startsWith('~/'))) text = `${x.lookup('HOME') || '/root'}${text.slice(1)}`;
      if (!part.quoted && /[*?]/.test(text)) glob = true;
      current += text;
      if (text || part.quoted) has = true;
    } else if (part.kind === 'var') {
      const value = x.lookup(part.name);
      if (part.quoted) {
        current += value;
        has = true;
      } else split(value);
    } else if (part.kind === 'sub') {
      const value = yield* x.capture(part.source, io);
      if (part.quoted) {
        current += value;
        has = true;
      } else split(value);
    } else {
      const expr = part.expr.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, n: string) => x.lookup(n));
      try {
        current += String(evaluate(expr, (n) => x.lookup(n)));
      } catch (error) {
        if (!(error instanceof ArithError)) throw error;
        io.err(`${x.kind === 'bash' ? 'bash' : 'sh'}: ${part.expr}: ${error.message}\n`);
      }
      has = true;
    }
  }
  if (has) fields.push(current);
  return glob ? fields.flatMap((f) => matchGlob(f, x.host)) : fields;
}

/** Matches `*` and `?` in a path's last segment against the folder's names; no match keeps the pattern. */
function matchGlob(pattern: string, host: ShellHost): string[] {
  const slash = pattern.lastIndexOf('/');
  const dir = slash < 0 ? '' : pattern.slice(0, slash + 1);
  const base = pattern.slice(slash + 1);
  if (!/[*?]/.test(base)) return [pattern];
  const regex = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  const folder = normalize(host.cwd, dir || '.');
  const names = host.fs.list(folder).filter((n) => regex.test(n) && (base.startsWith('.') || !n.startsWith('.')));
  return names.length ? names.map((n) => `${dir}${n}`) : [pattern];
}
