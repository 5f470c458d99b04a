/**
 * The shell's command-line parser: words with single and double quotes and backslash escapes,
 * $VAR / ${VAR} / $? expansion, `;`, `&&`, `||`, pipes and `>`/`>>` redirection. Enough for
 * what a learner types inside a container.
 */

export interface SimpleCommand {
  argv: string[];
  redirect?: { path: string; append: boolean };
  /** How this command joins the previous one. */
  join: ';' | '&&' | '||';
}

export class ParseError extends Error {}

export function parseLine(line: string, vars: (name: string) => string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let argv: string[] = [];
  let word = '';
  let inWord = false;
  let join: SimpleCommand['join'] = ';';
  let redirect: SimpleCommand['redirect'];
  let pendingRedirect: { append: boolean } | undefined;

  const endWord = () => {
    if (!inWord) return;
    if (pendingRedirect) {
      redirect = { path: word, append: pendingRedirect.append };
      pendingRedirect = undefined;
    } else argv.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (next: SimpleCommand['join']) => {
    endWord();
    if (pendingRedirect) throw new ParseError("syntax error near unexpected token `newline'");
    if (argv.length > 0 || redirect) {
      const command: SimpleCommand = { argv, join };
      if (redirect) command.redirect = redirect;
      commands.push(command);
    } else if (next !== ';' || join !== ';') throw new ParseError(`syntax error near unexpected token \`${next}'`);
    argv = [];
    redirect = undefined;
    join = next;
  };
  const expand = (text: string, i: number): [string, number] => {
    // text[i] === '$'
    const rest = text.slice(i + 1);
    if (rest.startsWith('?')) return [vars('?'), i + 2];
    const braced = /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(rest);
    if (braced) return [vars(braced[1]!), i + 1 + braced[0].length];
    const plain = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (plain) return [vars(plain[0]), i + 1 + plain[0].length];
    return ['$', i + 1];
  };

  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === '#' && !inWord) break;
    if (ch === ' ' || ch === '\t') {
      endWord();
      i++;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ParseError("unexpected EOF while looking for matching `''");
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      inWord = true;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
          word += line[i + 1];
          i += 2;
        } else if (line[i] === '$') {
          const [value, next] = expand(line, i);
          word += value;
          i = next;
        } else word += line[i++];
      }
      if (i >= line.length) throw new ParseError('unexpected EOF while looking for matching `"\'');
      i++;
    } else if (ch === '\\') {
      if (i + 1 < line.length) word += line[i + 1];
      inWord = true;
      i += 2;
    } else if (ch === '$') {
      const [value, next] = expand(line, i);
      word += value;
      inWord = inWord || value !== '' || true;
      i = next;
    } else if (ch === ';') {
      endCommand(';');
      i++;
    } else if (ch === '&' && line[i + 1] === '&') {
      endCommand('&&');
      i += 2;
    } else if (ch === '|' && line[i + 1] === '|') {
      endCommand('||');
      i += 2;
    } else if (ch === '>') {
      endWord();
      const append = line[i + 1] === '>';
      pendingRedirect = { append };
      i += append ? 2 : 1;
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  endWord();
  if (pendingRedirect) throw new ParseError("syntax error near unexpected token `newline'");
  if (argv.length > 0 || redirect) {
    const command: SimpleCommand = { argv, join };
    if (redirect) command.redirect = redirect;
    commands.push(command);
  } else if (join !== ';') throw new ParseError("syntax error: unexpected end of file");
  return commands;
}

/**
 * Splits a line at top-level `;`, `&&` and `||` without expanding anything, so each command's
 * variables (notably `$?`) are expanded only when it runs, as bash does.
 */
export function splitCommands(line: string): { text: string; join: SimpleCommand['join'] }[] {
  const out: { text: string; join: SimpleCommand['join'] }[] = [];
  let join: SimpleCommand['join'] = ';';
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      current += ch;
      if (ch === '\\' && quote === '"' && i + 1 < line.length) current += line[++i];
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '\\' && i + 1 < line.length) {
      current += ch + line[++i];
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
      continue;
    }
    if (ch === '#' && (current === '' || /\s$/.test(current))) break;
    const two = line.slice(i, i + 2);
    if (ch === ';' || two === '&&' || two === '||') {
      out.push({ text: current, join });
      join = ch === ';' ? ';' : (two as '&&' | '||');
      current = '';
      if (ch !== ';') i++;
      continue;
    }
    current += ch;
  }
  out.push({ text: current, join });
  return out;
}

/** Splits one command at top-level single `|` (pipes), leaving quotes and `||` alone. */
export function splitPipeline(text: string): string[] {
  const stages: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      current += ch;
      if (ch === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + text[++i];
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    if (ch === '|' && text[i + 1] !== '|' && text[i - 1] !== '|') {
      stages.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  stages.push(current);
  return stages;
}
