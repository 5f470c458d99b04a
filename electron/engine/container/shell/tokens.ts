/**
 * The shell's tokenizer: words (with their quoting kept, so expansion can happen when the command
 * runs) and operators. Comments, line continuations and `2>&1`-style redirections are handled here.
 */

export type WordPart =
  | { kind: 'lit'; text: string; quoted: boolean }
  | { kind: 'var'; name: string; quoted: boolean }
  | { kind: 'sub'; source: string; quoted: boolean }
  | { kind: 'arith'; expr: string };

export type Word = WordPart[];

/** A syntax error; `token` is what the shell complains about (`newline`, `|`, `done`, EOF, QUOTE). */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly token: string,
  ) {
    super(message);
  }
}

export type Token = { t: 'word'; word: Word; raw: string } | { t: 'op'; op: string };

const OPS = ['&&', '||', ';;', '>>', '2>>', '2>&1', '>&2', '1>&2', '2>', '1>', ';', '|', '&', '>', '<', '(', ')', '\n'];

/** Reads `$((...))`, `$(...)` or a backquoted command starting at `i` (the `$`); returns [part, next]. */
function readDollar(src: string, i: number, quoted: boolean): [WordPart, number] {
  const rest = src.slice(i + 1);
  if (rest.startsWith('((')) {
    const end = src.indexOf('))', i + 3);
    if (end < 0) throw new ParseError("unexpected EOF while looking for matching `)'", 'EOF');
    return [{ kind: 'arith', expr: src.slice(i + 3, end) }, end + 2];
  }
  if (rest.startsWith('(')) {
    let depth = 1;
    let j = i + 2;
    let quote: string | undefined;
    for (; j < src.length && depth > 0; j++) {
      const ch = src[j]!;
      if (quote) {
        if (ch === quote) quote = undefined;
      } else if (ch === "'" || ch === '"') quote = ch;
      else if (ch === '(') depth++;
      else if (ch === ')') depth--;
    }
    if (depth > 0) throw new ParseError("unexpected EOF while looking for matching `)'", 'EOF');
    return [{ kind: 'sub', source: src.slice(i + 2, j - 1), quoted }, j];
  }
  if (rest.startsWith('{')) {
    const end = src.indexOf('}', i + 2);
    if (end < 0) throw new ParseError("unexpected EOF while looking for matching `}'", 'EOF');
    const name = src.slice(i + 2, end);
    // ${VAR:-default} and friends: keep the name only (the default is rarely relied on here).
    return [{ kind: 'var', name: /^[A-Za-z_][A-Za-z0-9_]*|^[?$#0-9]/.exec(name)?.[0] ?? '', quoted }, end + 1];
  }
  const special = /^[?$#0-9!]/.exec(rest);
  if (special) return [{ kind: 'var', name: special[0], quoted }, i + 2];
  const plain = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
  if (plain) return [{ kind: 'var', name: plain[0], quoted }, i + 1 + plain[0].length];
  return [{ kind: 'lit', text: '$', quoted }, i + 1];
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '\\' && src[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (ch === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i) && (!/^[12]/.test(o) || isWordStart(src, i)));
    if (op) {
      tokens.push({ t: 'op', op });
      i += op.length;
      continue;
    }
    // A word: runs until an unquoted blank or operator character.
    const word: Word = [];
    const start = i;
    let lit = '';
    const flush = (quoted: boolean) => {
      if (lit) word.push({ kind: 'lit', text: lit, quoted });
      lit = '';
    };
    while (i < src.length && !' \t\r\n;|&<>()'.includes(src[i]!)) {
      const c = src[i]!;
      if (c === "'") {
        flush(false);
        const end = src.indexOf("'", i + 1);
        if (end < 0) throw new ParseError("unexpected EOF while looking for matching `''", 'QUOTE');
        word.push({ kind: 'lit', text: src.slice(i + 1, end), quoted: true });
        i = end + 1;
      } else if (c === '"') {
        flush(false);
        i++;
        let sawAny = false;
        while (i < src.length && src[i] !== '"') {
          if (src[i] === '\\' && i + 1 < src.length && '"\\$`\n'.includes(src[i + 1]!)) {
            if (src[i + 1] !== '\n') lit += src[i + 1];
            i += 2;
          } else if (src[i] === '$') {
            flush(true);
            const [part, next] = readDollar(src, i, true);
            word.push(part);
            i = next;
          } else lit += src[i++];
          sawAny = true;
        }
        if (i >= src.length) throw new ParseError('unexpected EOF while looking for matching `"\'', 'QUOTE');
        if (lit || !sawAny) word.push({ kind: 'lit', text: lit, quoted: true });
        lit = '';
        i++;
      } else if (c === '\\') {
        flush(false);
        if (i + 1 < src.length) word.push({ kind: 'lit', text: src[i + 1]!, quoted: true });
        i += 2;
      } else if (c === '$') {
        flush(false);
        const [part, next] = readDollar(src, i, false);
        word.push(part);
        i = next;
      } else if (c === '`') {
        flush(false);
        const end = src.indexOf('`', i + 1);
        if (end < 0) throw new ParseError('unexpected EOF while looking for matching ``\'', 'QUOTE');
        word.push({ kind: 'sub', source: src.slice(i + 1, end), quoted: false });
        i = end + 1;
      } else {
        lit += c;
        i++;
      }
    }
    flush(false);
    tokens.push({ t: 'word', word, raw: src.slice(start, i) });
  }
  return tokens;
}

/** `2>` only at the start of a word (`a2>b` is a word `a2` then `>`). */
function isWordStart(src: string, i: number): boolean {
  return i === 0 || ' \t\n;|&('.includes(src[i - 1]!);
}
