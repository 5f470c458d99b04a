/**
 * A fake ipcMain/ipcRenderer/contextBridge trio, wired to each other the way Electron wires them
 * (structured clone across the boundary, a sender with a main frame), for the Electron transport's
 * contract tests in plain Node.
 */
import { EventEmitter } from 'node:events';

type Handler = (event: FakeEvent, arg: unknown) => unknown;

export interface FakeFrame {
  url: string;
}

export interface FakeEvent {
  sender: FakeWebContents;
  senderFrame: FakeFrame | null;
}

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame;
  destroyed = false;
  constructor(
    readonly id: number,
    url: string,
    private readonly deliver: (channel: string, payload: unknown) => void,
  ) {
    super();
    this.mainFrame = { url };
  }
  send(channel: string, payload: unknown): void {
    if (!this.destroyed) this.deliver(channel, structuredClone(payload));
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export class FakeIpcRenderer extends EventEmitter {
  constructor(
    private readonly main: FakeIpcMain,
    private readonly contents: FakeWebContents,
    /** Which frame the messages come from; a subframe or null models a foreign sender. */
    public senderFrame: () => FakeFrame | null = () => contents.mainFrame,
  ) {
    super();
  }
  private event(): FakeEvent {
    return { sender: this.contents, senderFrame: this.senderFrame() };
  }
  async invoke(channel: string, arg: unknown): Promise<unknown> {
    const handler = this.main.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    return structuredClone(await handler(this.event(), structuredClone(arg)));
  }
  send(channel: string, arg: unknown): void {
    this.main.emit(channel, this.event(), structuredClone(arg));
  }
}

export class FakeContextBridge {
  readonly exposed = new Map<string, unknown>();
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  }
}

/** One window's worth of fakes: main side, renderer side and the web contents between them. */
export function createFakeElectronPair(url: string, id = 1) {
  const ipcMain = new FakeIpcMain();
  const wire: { renderer?: FakeIpcRenderer } = {};
  const contents = new FakeWebContents(id, url, (channel, payload) => wire.renderer?.emit(channel, {}, payload));
  const renderer = new FakeIpcRenderer(ipcMain, contents);
  wire.renderer = renderer;
  return { ipcMain, ipcRenderer: renderer, contents, contextBridge: new FakeContextBridge() };
}
