// The hub routes broadcast terminal events to the tab that owns each id, replaying output that came early.
import { describe, expect, it } from 'vitest';
import type { KubelabClient } from '../../../shared/ipc/contract';
import type { TerminalExit, TerminalHostRestart, TerminalOutput } from '../../../shared/ipc/services/terminal';
import { TerminalHub, type TerminalSink } from './hub';

function fakeClient() {
  const listeners = { output: [] as ((e: TerminalOutput) => void)[], exit: [] as ((e: TerminalExit) => void)[], restart: [] as ((e: TerminalHostRestart) => void)[] };
  const client = {
    terminal: {
      onOutput: (l: (e: TerminalOutput) => void) => (listeners.output.push(l), () => undefined),
      onExit: (l: (e: TerminalExit) => void) => (listeners.exit.push(l), () => undefined),
      onHostRestarted: (l: (e: TerminalHostRestart) => void) => (listeners.restart.push(l), () => undefined),
    },
  } as unknown as KubelabClient;
  return {
    client,
    output: (id: string, data: string) => listeners.output.forEach((l) => l({ id, data })),
    exit: (id: string, exitCode: number) => listeners.exit.forEach((l) => l({ id, exitCode })),
    restart: (lost: string[]) => listeners.restart.forEach((l) => l({ lost, reason: 'crashed' })),
  };
}

function sink() {
  const events: string[] = [];
  const s: TerminalSink = { output: (d) => events.push(`out:${d}`), exit: (c) => events.push(`exit:${c}`), lost: () => events.push('lost') };
  return { s, events };
}

describe('TerminalHub', () => {
  it('replays output and an exit that arrived before the tab claimed its id, in order', () => {
    const fake = fakeClient();
    const hub = new TerminalHub(fake.client);
    fake.output('t1', 'prompt$ ');
    fake.output('t1', 'more');
    fake.exit('t1', 2);
    const { s, events } = sink();
    hub.claim('t1', s);
    fake.output('t1', 'late');
    expect(events).toEqual(['out:prompt$ ', 'out:more', 'exit:2', 'out:late']);
  });

  it('keeps tabs apart and tells only the owners of lost shells', () => {
    const fake = fakeClient();
    const hub = new TerminalHub(fake.client);
    const a = sink();
    const b = sink();
    hub.claim('t1', a.s);
    hub.claim('t2', b.s);
    fake.output('t2', 'bee');
    fake.restart(['t1']);
    expect(a.events).toEqual(['lost']);
    expect(b.events).toEqual(['out:bee']);
    hub.release('t2');
    fake.output('t2', 'gone');
    expect(b.events).toEqual(['out:bee']);
  });
});
