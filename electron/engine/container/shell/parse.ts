/**
 * The container shell's parser: POSIX sh grammar enough for what learners and the Kubernetes docs
 * give a container (`touch /tmp/healthy; sleep 30; rm -f /tmp/healthy`, `i=0; while true; do echo
 * "$i: $(date)"; i=$((i+1)); sleep 1; done`): lists with `;` `&&` `||` `&` and newlines, pipes,
 * redirections, assignments, while/until/for/if and `{ }` groups. Words keep their quoting so that
 * expansion ($VAR, ${VAR}, $?, $(...), $((...))) happens when the command runs.
 */
import { ParseError, tokenize } from './tokens';
import type { Token, Word } from './tokens';

export { ParseError, tokenize } from './tokens';
export type { Word, WordPart } from './tokens';

export interface Redirect {
  fd: 1 | 2 | 0;
  op: '>' | '>>' | '<' | '>&';
  target: Word;
}

export type Node =
  | { type: 'simple'; assigns: { name: string; value: Word }[]; words: Word[]; redirects: Redirect[] }
  | { type: 'pipeline'; stages: Node[]; negate: boolean }
  | { type: 'list'; items: { node: Node; join: ';' | '&&' | '||'; background: boolean }[] }
  | { type: 'while'; until: boolean; cond: Node; body: Node }
  | { type: 'for'; name: string; items: Word[] | undefined; body: Node }
  | { type: 'if'; branches: { cond: Node; body: Node }[]; otherwise: Node | undefined }
  | { type: 'group'; body: Node }
  /** A compound command with redirections: `while ...; done > log`. */
  | { type: 'redirected'; node: Node; redirects: Redirect[] };


const RESERVED = new Set(['while', 'until', 'do', 'done', 'for', 'in', 'if', 'then', 'elif', 'else', 'fi', '{', '}', '!']);

function plainText(token: Token | undefined): string | undefined {
  if (!token || token.t !== 'word') return undefined;
  return token.word.every((p) => p.kind === 'lit' && !p.quoted) ? token.word.map((p) => (p as { text: string }).text).join('') : undefined;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private describe(token: Token | undefined): string {
    if (!token) return 'EOF';
    return token.t === 'op' ? (token.op === '\n' ? 'newline' : token.op) : token.raw;
  }

  private fail(token: Token | undefined = this.peek()): never {
    const text = this.describe(token);
    if (text === 'EOF') throw new ParseError('syntax error: unexpected end of file', 'EOF');
    throw new ParseError(`syntax error near unexpected token \`${text}'`, text);
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t?.t === 'op' && t.op === op;
  }

  private isReserved(word: string): boolean {
    return plainText(this.peek()) === word;
  }

  private skipNewlines(): void {
    while (this.isOp('\n')) this.pos++;
  }

  private expectReserved(word: string): void {
    this.skipNewlines();
    if (!this.isReserved(word)) this.fail();
    this.pos++;
  }

  parseProgram(): Node {
    const list = this.parseList([]);
    if (this.pos < this.tokens.length) this.fail();
    return list;
  }

  /** A list, ending at EOF, `)` or one of the reserved words in `stops`. */
  private parseList(stops: string[]): Node {
    const items: { node: Node; join: ';' | '&&' | '||'; background: boolean }[] = [];
    let join: ';' | '&&' | '||' = ';';
    for (;;) {
      if (join === ';') this.skipNewlines();
      else while (this.isOp('\n')) this.pos++;
      const t = this.peek();
      const text = plainText(t);
      if (!t || (t.t === 'op' && t.op === ')') || (text !== undefined && stops.includes(text))) {
        if (join !== ';') this.fail();
        break;
      }
      const node = this.parsePipeline();
      const item = { node, join, background: false };
      items.push(item);
      const next = this.peek();
      if (!next) break;
      if (next.t !== 'op') {
        const word = plainText(next);
        if (word !== undefined && stops.includes(word)) break;
        this.fail(next);
      }
      if (next.op === ';' || next.op === '\n' || next.op === '&') {
        item.background = next.op === '&';
        this.pos++;
        join = ';';
      } else if (next.op === '&&' || next.op === '||') {
        this.pos++;
        join = next.op;
      } else if (next.op === ')') break;
      else this.fail(next);
    }
    return { type: 'list', items };
  }

  private parsePipeline(): Node {
    let negate = false;
    if (this.isReserved('!')) {
      negate = true;
      this.pos++;
    }
    const stages = [this.parseCommand()];
    while (this.isOp('|')) {
      this.pos++;
      this.skipNewlines();
      stages.push(this.parseCommand());
    }
    return stages.length === 1 && !negate ? stages[0]! : { type: 'pipeline', stages, negate };
  }

  private parseCommand(): Node {
    const node = this.parseCompound();
    if (node.type === 'simple') return node;
    const redirects = this.parseRedirects();
    return redirects.length ? { type: 'redirected', node, redirects } : node;
  }

  private parseRedirects(): Redirect[] {
    const redirects: Redirect[] = [];
    for (;;) {
      const t = this.peek();
      const redirect = t?.t === 'op' ? this.redirectOp(t.op) : undefined;
      if (!redirect) return redirects;
      this.pos++;
      redirects.push(this.redirectTarget(redirect));
    }
  }

  /** The redirect whose operator was just read: `2>&1` needs no word, the others take the next one. */
  private redirectTarget(redirect: { fd: 0 | 1 | 2; op: Redirect['op'] }): Redirect {
    if (redirect.op === '>&') return { fd: redirect.fd, op: '>&', target: [] };
    const target = this.peek();
    if (!target || target.t !== 'word') this.fail(target);
    this.pos++;
    return { fd: redirect.fd, op: redirect.op, target: target.word };
  }

  private parseCompound(): Node {
    const word = plainText(this.peek());
    if (word === 'while' || word === 'until') {
      this.pos++;
      const cond = this.parseList(['do']);
      this.expectReserved('do');
      const body = this.parseList(['done']);
      this.expectReserved('done');
      return { type: 'while', until: word === 'until', cond, body };
    }
    if (word === 'for') {
      this.pos++;
      const name = plainText(this.peek());
      if (!name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) this.fail();
      this.pos++;
      let items: Word[] | undefined;
      if (this.isReserved('in')) {
        this.pos++;
        items = [];
        while (this.peek()?.t === 'word') items.push((this.tokens[this.pos++] as { word: Word }).word);
      }
      if (this.isOp(';') || this.isOp('\n')) this.pos++;
      this.expectReserved('do');
      const body = this.parseList(['done']);
      this.expectReserved('done');
      return { type: 'for', name, items, body };
    }
    if (word === 'if') {
      this.pos++;
      const branches: { cond: Node; body: Node }[] = [];
      let otherwise: Node | undefined;
      for (;;) {
        const cond = this.parseList(['then']);
        this.expectReserved('then');
        const body = this.parseList(['elif', 'else', 'fi']);
        branches.push({ cond, body });
        this.skipNewlines();
        if (this.isReserved('elif')) {
          this.pos++;
          continue;
        }
        if (this.isReserved('else')) {
          this.pos++;
          otherwise = this.parseList(['fi']);
        }
        this.expectReserved('fi');
        return { type: 'if', branches, otherwise };
      }
    }
    if (word === '{') {
      this.pos++;
      const body = this.parseList(['}']);
      this.expectReserved('}');
      return { type: 'group', body };
    }
    if (this.isOp('(')) {
      this.pos++;
      const body = this.parseList([]);
      if (!this.isOp(')')) this.fail();
      this.pos++;
      return { type: 'group', body };
    }
    if (word !== undefined && RESERVED.has(word)) this.fail();
    return this.parseSimple();
  }

  private parseSimple(): Node {
    const assigns: { name: string; value: Word }[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.t === 'op') {
        const redirect = this.redirectOp(t.op);
        if (!redirect) break;
        this.pos++;
        redirects.push(this.redirectTarget(redirect));
        continue;
      }
      const first = t.word[0];
      const assign = words.length === 0 && first?.kind === 'lit' && !first.quoted ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text) : null;
      if (assign) {
        const value: Word = [{ kind: 'lit', text: first!.kind === 'lit' ? first!.text.slice(assign[0].length) : '', quoted: false }, ...t.word.slice(1)];
        assigns.push({ name: assign[1]!, value });
      } else words.push(t.word);
      this.pos++;
    }
    if (words.length === 0 && assigns.length === 0 && redirects.length === 0) this.fail();
    return { type: 'simple', assigns, words, redirects };
  }

  private redirectOp(op: string): { fd: 0 | 1 | 2; op: Redirect['op'] } | undefined {
    switch (op) {
      case '>':
      case '1>':
        return { fd: 1, op: '>' };
      case '>>':
        return { fd: 1, op: '>>' };
      case '2>':
        return { fd: 2, op: '>' };
      case '2>>':
        return { fd: 2, op: '>>' };
      case '<':
        return { fd: 0, op: '<' };
      case '2>&1':
        return { fd: 2, op: '>&' };
      case '>&2':
      case '1>&2':
        return { fd: 1, op: '>&' };
      default:
        return undefined;
    }
  }
}

/** Parses a whole script (or one interactive line). Throws ParseError. */
export function parseScript(src: string): Node {
  return new Parser(tokenize(src)).parseProgram();
}
