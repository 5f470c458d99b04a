/**
 * The small Markdown dialect lessons are written in (lessons/README.md): headings, paragraphs,
 * lists, fenced code with info strings and GitHub-style alerts, plus inline code, strong, em and
 * http(s) links. It runs in the browser too, and lessons need nothing more, so it is written here
 * rather than pulled in: every block keeps its 1-based line so problems can point at it, and the
 * result is data (never HTML) so the renderer cannot be made to inject markup.
 */
import type { Inline } from './model';

export type RawBlock =
  | { type: 'heading'; line: number; level: number; text: string }
  | { type: 'paragraph'; line: number; text: string }
  | { type: 'list'; line: number; ordered: boolean; start: number; items: string[] }
  | { type: 'code'; line: number; info: string; text: string; closed: boolean }
  | { type: 'quote'; line: number; alert: string | undefined; text: string };

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const ALERT = /^\[!([A-Za-z]+)\]\s*(.*)$/;

/** Splits Markdown into blocks; `firstLine` is the line number of `text`'s first line in the file. */
export function splitBlocks(text: string, firstLine = 1): RawBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: RawBlock[] = [];
  let i = 0;
  const lineNo = (index: number) => index + firstLine;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const indent = fence[1]!.length;
      const marker = fence[2]!;
      const start = i;
      const body: string[] = [];
      let closed = false;
      i++;
      while (i < lines.length) {
        const candidate = lines[i]!;
        const trimmed = candidate.trim();
        if (trimmed.startsWith(marker[0]!.repeat(marker.length)) && /^(`+|~+)$/.test(trimmed) && trimmed[0] === marker[0]) {
          closed = true;
          i++;
          break;
        }
        // Code inside an indented list item is indented with its fence; take that indent off.
        body.push(candidate.slice(Math.min(indent, candidate.length - candidate.trimStart().length)));
        i++;
      }
      blocks.push({ type: 'code', line: lineNo(start), info: fence[3]!.trim(), text: body.join('\n'), closed });
      continue;
    }
    if (line.trimStart().startsWith('<!--')) {
      // An author's comment: skipped up to its end.
      while (i < lines.length && !lines[i]!.includes('-->')) i++;
      i++;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', line: lineNo(i), level: heading[1]!.length, text: heading[2]! });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const start = i;
      const body: string[] = [];
      for (; i < lines.length && QUOTE.test(lines[i]!); i++) body.push(QUOTE.exec(lines[i]!)![1]!);
      const alert = ALERT.exec(body[0]!.trim());
      if (alert) body[0] = alert[2]!;
      blocks.push({ type: 'quote', line: lineNo(start), alert: alert ? alert[1]!.toUpperCase() : undefined, text: joinLines(body) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const start = i;
      const ordered = /\d/.test(item[1]![0]!);
      const first = ordered ? parseInt(item[1]!, 10) : 1;
      const items: string[] = [];
      let current: string[] = [];
      while (i < lines.length) {
        const l = lines[i]!;
        const next = LIST_ITEM.exec(l);
        if (next && /\d/.test(next[1]![0]!) === ordered) {
          if (current.length) items.push(joinLines(current));
          current = [next[2]!];
          i++;
          continue;
        }
        if (l.trim() === '') {
          // A blank line ends the list unless the next item (or an indented continuation) follows.
          const after = lines[i + 1];
          if (after !== undefined && (LIST_ITEM.test(after) || /^\s{2,}\S/.test(after)) && !FENCE.test(after)) {
            i++;
            continue;
          }
          break;
        }
        if (FENCE.test(l) || HEADING.test(l) || QUOTE.test(l)) break;
        if (!/^\s/.test(l) && current.length === 0) break;
        current.push(l.trim());
        i++;
      }
      if (current.length) items.push(joinLines(current));
      blocks.push({ type: 'list', line: lineNo(start), ordered, start: first, items });
      continue;
    }
    const start = i;
    const body: string[] = [];
    while (i < lines.length) {
      const l = lines[i]!;
      if (l.trim() === '' || FENCE.test(l) || HEADING.test(l) || QUOTE.test(l) || LIST_ITEM.test(l)) break;
      body.push(l.trim());
      i++;
    }
    blocks.push({ type: 'paragraph', line: lineNo(start), text: joinLines(body) });
  }
  return blocks;
}

function joinLines(lines: string[]): string {
  return lines.map((l) => l.trim()).join(' ').trim();
}

export interface InlineResult {
  inlines: Inline[];
  /** Links whose target is not http(s): kept as their text, reported by the caller. */
  badLinks: string[];
}

/** Parses inline Markdown: `code`, **strong**, *em*, [text](https://…), <https://…> and \\ escapes. */
export function parseInlines(text: string): InlineResult {
  const badLinks: string[] = [];
  const inlines = parseRange(text, badLinks);
  return { inlines, badLinks };
}

function parseRange(text: string, badLinks: string[]): Inline[] {
  const out: Inline[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer) out.push({ type: 'text', text: buffer });
    buffer = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length && /[\\`*_[\]()<>#!{}.-]/.test(text[i + 1]!)) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      let run = 1;
      while (text[i + run] === '`') run++;
      const close = text.indexOf('`'.repeat(run), i + run);
      if (close > 0) {
        let code = text.slice(i + run, close);
        if (code.length > 1 && code.startsWith(' ') && code.endsWith(' ')) code = code.slice(1, -1);
        flush();
        out.push({ type: 'code', text: code });
        i = close + run;
        continue;
      }
    }
    if (c === '*' || c === '_') {
      const double = text[i + 1] === c;
      const marker = double ? c + c : c;
      // `_` only opens at a word boundary, so snake_case names stay text.
      const opens = c === '*' || i === 0 || !/\w/.test(text[i - 1]!);
      const close = opens ? findClose(text, i + marker.length, marker) : -1;
      if (close > i + marker.length) {
        flush();
        const children = parseRange(text.slice(i + marker.length, close), badLinks);
        out.push(double ? { type: 'strong', children } : { type: 'em', children });
        i = close + marker.length;
        continue;
      }
    }
    if (c === '[') {
      const link = matchLink(text, i);
      if (link) {
        flush();
        const children = parseRange(link.label, badLinks);
        if (/^https?:\/\/\S+$/.test(link.href)) out.push({ type: 'link', href: link.href, children });
        else {
          badLinks.push(link.href);
          out.push(...children);
        }
        i = link.end;
        continue;
      }
    }
    if (c === '<') {
      const auto = /^<(https?:\/\/[^\s>]+)>/.exec(text.slice(i));
      if (auto) {
        flush();
        out.push({ type: 'link', href: auto[1]!, children: [{ type: 'text', text: auto[1]! }] });
        i += auto[0].length;
        continue;
      }
    }
    buffer += c;
    i++;
  }
  flush();
  return out;
}

/** The closing marker of an emphasis, skipping code spans; it must follow a non-space. */
function findClose(text: string, from: number, marker: string): number {
  let i = from;
  if (text[from] === ' ') return -1;
  while (i < text.length) {
    if (text[i] === '\\') {
      i += 2;
      continue;
    }
    if (text[i] === '`') {
      const close = text.indexOf('`', i + 1);
      if (close < 0) return -1;
      i = close + 1;
      continue;
    }
    if (text.startsWith(marker, i) && text[i - 1] !== ' ' && (marker.length === 2 || text[i + 1] !== marker[0])) {
      if (marker[0] === '_' && i + marker.length < text.length && /\w/.test(text[i + marker.length]!)) {
        i++;
        continue;
      }
      return i;
    }
    i++;
  }
  return -1;
}

function matchLink(text: string, start: number): { label: string; href: string; end: number } | undefined {
  let depth = 0;
  let i = start;
  for (; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === '[') depth++;
    else if (text[i] === ']' && --depth === 0) break;
  }
  if (i >= text.length || text[i + 1] !== '(') return undefined;
  const close = text.indexOf(')', i + 2);
  if (close < 0) return undefined;
  const href = text.slice(i + 2, close).trim().split(/\s+/)[0] ?? '';
  return { label: text.slice(start + 1, i), href, end: close + 1 };
}

/** Plain text of inlines (for comparisons and titles). */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines.map((n) => (n.type === 'text' || n.type === 'code' ? n.text : inlineText(n.children))).join('');
}
