// The real pty host, forked from its TypeScript source: shells run, flow control holds back a flood
// until the renderer acknowledges it, and a killed or frozen host is replaced and reported.
import { afterEach, describe, expect, it } from 'vitest';
import { HIGH_WATERMARK_CHARS } from './flow-control';
import { launchForked } from './host-launcher';
import { locateEntries } from './terminal-system';
import { createTerminalManager, type TerminalManager } from './terminal-manager';
import type { TerminalHostRestart } from '../../shared/ipc/services/terminal';

const entries = locateEntries();
let manager: TerminalManager | undefined;

function startManager(heartbeat?: { heartbeatIntervalMs: number; heartbeatTimeoutMs: number }) {
  manager = createTerminalManager({
    launchHost: async () => launchForked({ modulePath: entries.hostModule, execArgv: entries.execArgv }),
    shellSpec: () => ({ file: '/bin/bash', args: ['--norc', '--noprofile', '-i'], cwd: '/', env: { PATH: '/usr/bin:/bin', PS1: '$ ', TERM: 'xterm-256color', HOME: '/' }, name: 'bash' }),
    ...heartbeat,
  });
  return manager;
}

function collect(m: TerminalManager, id: string, ackAll: boolean) {
  const state = { text: '' };
  m.onOutput((event) => {
    if (event.id !== id) return;
    state.text += event.data;
    if (ackAll) void m.ack(id, event.data.length);
  });
  return state;
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

afterEach(async () => {
  await manager?.stop();
  manager = undefined;
});

describe('terminal manager with a real pty host', () => {
  it('runs a shell, echoes input and reports the exit code', async () => {
    const m = startManager();
    await m.start();
    const { id, pid } = await m.create({ cols: 80, rows: 24 });
    expect(pid).toBeGreaterThan(0);
    const out = collect(m, id, true);
    const exits: number[] = [];
    m.onExit((e) => e.id === id && exits.push(e.exitCode));
    await m.write(id, 'echo hello-$((40+2))\r');
    await until(() => out.text.includes('hello-42'));
    await m.resize(id, 132, 40);
    await m.write(id, 'stty size\r');
    await until(() => out.text.includes('40 132'));
    await m.write(id, 'exit 7\r');
    await until(() => exits.length > 0);
    expect(exits).toEqual([7]);
    await expect(m.write(id, 'x')).rejects.toThrow(/no terminal/);
  });

  it('pauses a flood until it is acknowledged, then delivers every byte', async () => {
    const m = startManager();
    await m.start();
    const { id } = await m.create({ cols: 80, rows: 24 });
    const out = collect(m, id, false);
    const total = 5 * HIGH_WATERMARK_CHARS;
    // The marker and the flood's letter (octal 132 = Z) are computed, so the echoed command line holds neither.
    await m.write(id, `stty -echo; head -c ${total} /dev/zero | tr '\\0' '\\132'; echo; echo DONE$((6*7))\r`);
    await until(() => out.text.length > HIGH_WATERMARK_CHARS);
    await new Promise((r) => setTimeout(r, 400));
    const held = out.text.length;
    // Paused near the high watermark: far less than the flood arrived without acknowledgements.
    expect(held).toBeLessThan(HIGH_WATERMARK_CHARS + 200_000);
    let acked = 0;
    const pump = setInterval(() => {
      const pending = out.text.length - acked;
      if (pending > 0) {
        acked += pending;
        void m.ack(id, pending);
      }
    }, 5);
    try {
      await until(() => out.text.includes('DONE42'), 30_000);
    } finally {
      clearInterval(pump);
    }
    expect(out.text.split('Z').length - 1).toBe(total);
  });

  it('restarts a killed host, tells listeners which shells were lost, and new shells work', async () => {
    const m = startManager();
    await m.start();
    const { id } = await m.create({ cols: 80, rows: 24 });
    const restarts: TerminalHostRestart[] = [];
    m.onHostRestarted((r) => restarts.push(r));
    const oldPid = m.hostPid();
    process.kill(oldPid ?? 0, 'SIGKILL');
    await until(() => restarts.length === 1);
    expect(restarts[0]).toEqual({ lost: [id], reason: 'crashed' });
    const next = await m.create({ cols: 80, rows: 24 });
    expect(m.hostPid()).not.toBe(oldPid);
    const out = collect(m, next.id, true);
    await m.write(next.id, 'echo alive\r');
    await until(() => out.text.includes('alive'));
  });

  it('replaces a host that stops answering the heartbeat', async () => {
    const m = startManager({ heartbeatIntervalMs: 200, heartbeatTimeoutMs: 1500 });
    await m.start();
    await m.create({ cols: 80, rows: 24 });
    const restarts: TerminalHostRestart[] = [];
    m.onHostRestarted((r) => restarts.push(r));
    const frozen = m.hostPid() ?? 0;
    process.kill(frozen, 'SIGSTOP');
    try {
      await until(() => restarts.length === 1, 10_000);
      expect(restarts[0]?.reason).toBe('unresponsive');
    } finally {
      try {
        process.kill(frozen, 'SIGKILL');
      } catch {
        // Already reaped.
      }
    }
    const next = await m.create({ cols: 80, rows: 24 });
    expect(next.pid).toBeGreaterThan(0);
  });
});
