/**
 * One terminal tab: an xterm.js instance bound to one shell at a time. It starts the shell at the
 * terminal's fitted size, draws its output and acknowledges it once drawn (flow control), forwards
 * keystrokes and sanitised pastes, reports an exit with its code, and starts a fresh shell on
 * restart or when the pty host was lost.
 */
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { MAX_TERMINAL_WRITE } from '../../../shared/ipc/services/terminal';
import { t } from '../i18n/i18n.svelte';
import { AckBatcher } from './ack';
import { TerminalFeed } from './feed';
import type { TerminalHub, TerminalSink } from './hub';
import { openLink } from './links';
import { sanitizePaste } from './paste';
import { keystrokesFor } from './terminal-input';
import { tabFocus, terminalKeyAction } from './tab-focus.svelte';

export type TabStatus = 'starting' | 'running' | 'exited' | 'failed';

const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

function themeColours(): { background: string; foreground: string; cursor: string; selectionBackground: string } {
  const css = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { background: read('--bg', '#0f172a'), foreground: read('--text', '#e2e8f0'), cursor: read('--accent', '#56b4e9'), selectionBackground: '#56b4e966' };
}

export class TerminalTab implements TerminalSink {
  title = $state('');
  renamed = $state(false);
  status = $state<TabStatus>('starting');
  exitCode = $state<number | undefined>();
  id = $state<string | undefined>();
  readonly term: Terminal;
  readonly search = new SearchAddon();
  private readonly fitAddon = new FitAddon();
  private acks: AckBatcher | undefined;
  private readonly feed: TerminalFeed;
  private disposed = false;

  constructor(
    private readonly hub: TerminalHub,
    readonly key: number,
    fontSize: number,
    private readonly onSearchRequest: () => void,
  ) {
    this.title = `${t('terminal.label')} ${key}`;
    this.term = new Terminal({
      fontSize,
      fontFamily: "ui-monospace, 'DejaVu Sans Mono', 'Noto Sans Mono', monospace",
      // xterm's and VS Code's default; a flood is fast-forwarded once more than this has piled up (feed.ts).
      scrollback: 1000,
      cursorBlink: true,
      allowProposedApi: false,
      // No window manipulation reports or requests from programs in the shell.
      windowOptions: {},
      theme: themeColours(),
      linkHandler: { activate: (_event, uri) => void openLink(uri), allowNonHttpProtocols: false },
    });
    this.term.loadAddon(this.fitAddon);
    this.term.loadAddon(this.search);
    this.term.loadAddon(new WebLinksAddon((_event, uri) => void openLink(uri)));
    this.feed = new TerminalFeed(this.term, (chars, idle) => {
      this.acks?.add(chars);
      // Caught up: acknowledge the rest now, so a paused pty resumes without waiting for a timer.
      if (idle) this.acks?.flush();
    });
    this.term.onData((data) => this.input(data));
    this.term.attachCustomKeyEventHandler((event) => this.shortcut(event));
  }

  mount(element: HTMLElement): void {
    this.term.open(element);
    // Capture phase: our handler sees the paste before xterm's own and hands it over cleaned.
    element.addEventListener('paste', (event) => this.onPaste(event), { capture: true });
    this.fit();
  }

  /** Fits the terminal to its element and tells the pty; false when the element is hidden. */
  fit(): boolean {
    const before = { cols: this.term.cols, rows: this.term.rows };
    const proposed = this.fitAddon.proposeDimensions();
    if (!proposed || !Number.isFinite(proposed.cols) || proposed.cols < 2 || proposed.rows < 1) return false;
    this.fitAddon.fit();
    if (this.id && this.status === 'running' && (before.cols !== this.term.cols || before.rows !== this.term.rows)) {
      void this.hub.client.terminal.resize({ id: this.id, cols: this.term.cols, rows: this.term.rows }).catch(() => undefined);
    }
    return true;
  }

  async start(): Promise<void> {
    if (this.disposed) return;
    this.status = 'starting';
    this.exitCode = undefined;
    try {
      const info = await this.hub.client.terminal.create({ cols: Math.max(2, this.term.cols), rows: Math.max(1, this.term.rows) });
      if (this.disposed) {
        void this.hub.client.terminal.close({ id: info.id });
        return;
      }
      this.id = info.id;
      if (!this.renamed) this.title = info.shell;
      const id = info.id;
      this.acks = new AckBatcher((chars) => void this.hub.client.terminal.ack({ id, chars }).catch(() => undefined));
      this.status = 'running';
      this.hub.claim(info.id, this);
      // The panel may have been resized while the shell was starting.
      if (this.term.cols !== 0) void this.hub.client.terminal.resize({ id, cols: this.term.cols, rows: this.term.rows }).catch(() => undefined);
    } catch (error) {
      this.status = 'failed';
      this.term.write(`\r\n${DIM}${t('terminal.startFailed', { message: (error as Error).message })}${RESET}\r\n`);
    }
  }

  output(data: string): void {
    this.feed.push(data);
  }

  exit(exitCode: number): void {
    this.detach();
    this.status = 'exited';
    this.exitCode = exitCode;
    // After the shell's last output, which may still be on its way into xterm.
    this.feed.afterDrain(() => this.term.write(`\r\n${DIM}${t('terminal.exited', { code: exitCode })}${RESET}\r\n`));
  }

  lost(): void {
    this.detach();
    this.feed.afterDrain(() => this.term.write(`\r\n${DIM}${t('terminal.hostRestarted')}${RESET}\r\n`));
    void this.start();
  }

  restart(): void {
    if (this.status === 'exited' || this.status === 'failed') void this.start();
  }

  rename(title: string): void {
    const trimmed = title.trim().slice(0, 40);
    if (!trimmed) return;
    this.title = trimmed;
    this.renamed = true;
  }

  setFontSize(size: number): void {
    this.term.options.fontSize = size;
    this.fit();
  }

  async copySelection(): Promise<void> {
    const text = this.term.getSelection();
    if (text) await navigator.clipboard.writeText(text);
  }

  async pasteFromClipboard(): Promise<void> {
    this.paste(await navigator.clipboard.readText());
  }

  paste(text: string): void {
    this.term.paste(sanitizePaste(text));
  }

  /** Types a command line and Enter into the shell (a lesson's Run button); false when no shell runs. */
  typeCommand(command: string): boolean {
    if (!this.id || this.status !== 'running') return false;
    this.input(keystrokesFor(command, sanitizePaste));
    return true;
  }

  focus(): void {
    this.term.focus();
  }

  close(): void {
    const id = this.id;
    this.detach();
    this.disposed = true;
    if (id) void this.hub.client.terminal.close({ id }).catch(() => undefined);
    this.feed.dispose();
    this.term.dispose();
  }

  private detach(): void {
    if (this.id) this.hub.release(this.id);
    this.acks?.flush();
    this.acks = undefined;
    this.id = undefined;
  }

  private input(data: string): void {
    const id = this.id;
    if (!id || this.status !== 'running') {
      // Enter in a closed shell starts a new one, as the restart button does.
      if (this.status === 'exited' && data === '\r') this.restart();
      return;
    }
    for (let i = 0; i < data.length; i += MAX_TERMINAL_WRITE) {
      void this.hub.client.terminal.write({ id, data: data.slice(i, i + MAX_TERMINAL_WRITE) }).catch(() => undefined);
    }
  }

  private onPaste(event: ClipboardEvent): void {
    event.preventDefault();
    event.stopImmediatePropagation();
    this.paste(event.clipboardData?.getData('text/plain') ?? '');
  }

  private shortcut(event: KeyboardEvent): boolean {
    // Keys that are not the shell's: xterm leaves them alone (no preventDefault), so Tab and F6 move the focus.
    const action = terminalKeyAction(event, tabFocus.moves);
    if (action !== 'shell') {
      if (action === 'toggle' && event.type === 'keydown') tabFocus.toggle();
      return false;
    }
    if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey) return true;
    const key = event.key.toLowerCase();
    if (key === 'c') {
      void this.copySelection().catch(() => undefined);
      return false;
    }
    if (key === 'f') {
      this.onSearchRequest();
      return false;
    }
    return true;
  }
}
