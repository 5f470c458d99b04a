/**
 * Sessions over the real engine and real files: a session reopens where it stopped with the same
 * log hash; a torn journal tail is dropped with a notice; a damaged session is set aside, never
 * deleted; scenarios saved from a frame open verified at that frame; a newer format is refused.
 */
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubelabEngine } from '../engine/engine';
import { createDeployment, deployment, engine, get, scale } from '../engine/testkit';
import { createSessions, type SessionsOptions } from './sessions-service';
import { sessionsRoot, readCurrent, CHECKPOINT_FILE, JOURNAL_FILE } from './session-dir';
import type { SessionState } from './session-state';
import { trashInto } from './trash';
import { encodeRecord } from './journal-codec';

function setup(dataDir: string, extra: Partial<SessionsOptions> = {}) {
  const e = engine({ nodes: 2 });
  let state: SessionState = { clock: { paused: false, speed: 1 }, cluster: 'running' };
  const applied: SessionState[] = [];
  let wall = 1_790_000_000_000;
  const sessions = createSessions({
    dataDir,
    engine: e,
    app: '0.1.0',
    wallNow: () => (wall += 1000),
    every: () => () => {},
    trash: trashInto(join(dataDir, 'trash')),
    scratch: () => engine({ nodes: 1 }),
    readState: () => state,
    applyState: (s) => {
      applied.push(s);
      state = { ...s };
    },
    freshOptions: (nodes) => ({ seed: 42, nodes: nodes ?? 2, anchorMs: Date.UTC(2026, 0, 1), settleMs: 30_000 }),
    ...extra,
  });
  return { e, sessions, applied, setState: (s: SessionState) => (state = s) };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'kubelab-sessions-'));
const currentDir = (dataDir: string) => join(sessionsRoot(dataDir), readCurrent(sessionsRoot(dataDir))!);

function work(e: KubelabEngine) {
  createDeployment(e, deployment('web', 'nginx:1.27', 3));
  for (let i = 0; i < 400; i++) e.advance(50, { maxTasks: 20_000, maxFrames: 1_000 });
  scale(e, 'web', 1);
  e.advance(10_000);
}

describe('durable sessions', () => {
  it('reopen the last session where it stopped, even after a kill without a clean stop', () => {
    const dir = tmp();
    const a = setup(dir);
    expect(a.sessions.start()).toEqual([]);
    work(a.e);
    a.setState({ clock: { paused: true, speed: 4 }, cluster: 'stopped' });
    a.sessions.stateChanged();
    a.e.advance(3_000);
    // No stop(): the process is killed; only what was appended is on disk.
    const hashAtKill = a.e.logHash();
    const b = setup(dir);
    b.sessions.start();
    // The last whole advance is merged and written at the next tick or input: at most that quiet time is lost.
    expect(b.e.now()).toBeLessThanOrEqual(a.e.now());
    expect(b.e.now()).toBeGreaterThanOrEqual(a.e.now() - 3_000);
    expect(get(b.e, 'Deployment', 'default', 'web')).toBeDefined();
    expect((get(b.e, 'Deployment', 'default', 'web') as { spec: { replicas: number } }).spec.replicas).toBe(1);
    expect(b.applied.at(-1)).toEqual({ clock: { paused: true, speed: 4 }, cluster: 'stopped' });
    a.sessions.stop();
    const c = setup(dir);
    c.sessions.start();
    expect(c.e.logHash()).toBe(hashAtKill);
    expect(c.e.timeline.state().length).toBe(a.e.timeline.state().length);
  });

  it('drop a torn last record with a notice and keep everything before it', () => {
    const dir = tmp();
    const a = setup(dir);
    a.sessions.start();
    work(a.e);
    a.sessions.stop();
    const hash = a.e.logHash();
    appendFileSync(join(currentDir(dir), JOURNAL_FILE), '0badc0de {"t":"input","input":{"op":"cre');
    const b = setup(dir);
    const notices = b.sessions.start();
    expect(notices.join(' ')).toMatch(/only half written/);
    expect(b.e.logHash()).toBe(hash);
  });

  it('set a session whose checkpoint cannot be read aside, and start a new one', () => {
    const dir = tmp();
    const a = setup(dir);
    a.sessions.start();
    work(a.e);
    a.sessions.stop();
    const broken = currentDir(dir);
    writeFileSync(join(broken, CHECKPOINT_FILE), 'not a checkpoint\n');
    const b = setup(dir);
    const notices = b.sessions.start();
    expect(notices.join(' ')).toMatch(/could not be reopened .*kept in .*damaged/);
    expect(get(b.e, 'Deployment', 'default', 'web')).toBeUndefined();
    const damaged = readdirSync(join(sessionsRoot(dir), 'damaged'));
    expect(damaged).toHaveLength(1);
    expect(readFileSync(join(sessionsRoot(dir), 'damaged', damaged[0]!, CHECKPOINT_FILE), 'utf8')).toBe('not a checkpoint\n');
  });

  it('save a scenario from a past frame that opens, verified, at that frame', async () => {
    const dir = tmp();
    const a = setup(dir);
    a.sessions.start();
    work(a.e);
    // A frame between the Deployment's creation and the end, so the scenario holds the create.
    const created = a.e.recording()!.inputs.find((i) => i.op === 'create')!.endFrame!;
    const frame = Math.floor((created + a.e.timeline.state().length) / 2);
    const saved = await a.sessions.service.saveScenario({ frame, note: 'fix the image' }, { clientId: 't', transport: 'test' });
    const rewound = engine({ nodes: 1 });
    rewound.load(a.e.recording()!);
    rewound.timeline.rewind(frame);
    expect(saved.frames).toBe(rewound.timeline.state().length);
    expect(saved.fileName).toMatch(/-frame-\d+\.kubelab$/);
    const other = setup(tmp());
    other.sessions.start();
    const opened = await other.sessions.service.openScenario({ text: saved.text }, { clientId: 't', transport: 'test' });
    expect(opened).toMatchObject({ verified: true, note: 'fix the image' });
    expect(other.e.timeline.state().length).toBe(saved.frames);
    expect(other.e.logHash()).toBe(rewound.logHash());
    expect(other.e.logHash()).toBe(saved.logHash);
    expect(opened.state.current?.origin).toBe('scenario');
    // A line edited by hand, checksum and all, still opens, but the replay says it differs.
    const tampered = saved.text
      .split('\n')
      .map((line) => {
        if (!line.includes('"op":"create"')) return line;
        const record = JSON.parse(line.slice(9));
        record.input.object.spec.replicas = 4;
        return encodeRecord(record).trimEnd();
      })
      .join('\n');
    const edited = await other.sessions.service.openScenario({ text: tampered }, { clientId: 't', transport: 'test' });
    expect(tampered).toContain('"replicas":4');
    expect(edited.verified).toBe(false);
    expect(edited.mismatch).toMatch(/differs from the recording from frame \d+/);
    // A line changed without its checksum is damage: the file is refused.
    await expect(other.sessions.service.openScenario({ text: saved.text.replace('"op":"create"', '"op":"update"') }, { clientId: 't', transport: 'test' })).rejects.toThrow(/incomplete or damaged at line \d+/);
  });

  it('refuse a scenario of a newer format, saying which Kubelab reads it', async () => {
    const dir = tmp();
    const a = setup(dir);
    a.sessions.start();
    const saved = await a.sessions.service.saveScenario({}, { clientId: 't', transport: 'test' });
    const newer = saved.text.replace(/^[0-9a-f]{8} (.*)\n/, (_l, json: string) => {
      const header = { ...JSON.parse(json), version: 2, app: '3.0.0' };
      const text = JSON.stringify(header);
      return `${(crc32(text) >>> 0).toString(16).padStart(8, '0')} ${text}\n`;
    });
    await expect(a.sessions.service.openScenario({ text: newer }, { clientId: 't', transport: 'test' })).rejects.toThrow('This scenario was saved by Kubelab 3.0.0 in format version 2; this Kubelab reads format version 1 and older. Open it with Kubelab 3.0.0 or later.');
  });

  it('list, rename, duplicate and delete sessions to the trash; the current one cannot be deleted', async () => {
    const dir = tmp();
    const a = setup(dir);
    a.sessions.start();
    const ctx = { clientId: 't', transport: 'test' } as const;
    const first = (await a.sessions.service.state({}, ctx)).current!;
    await a.sessions.service.rename({ id: first.id, name: 'Rollout practice' }, ctx);
    await a.sessions.service.create({ nodes: 3 }, ctx);
    const state = await a.sessions.service.state({}, ctx);
    expect(state.current?.nodes).toBe(3);
    expect(state.recent.map((s) => s.name)).toEqual(['Rollout practice']);
    const dup = await a.sessions.service.duplicate({ id: first.id }, ctx);
    expect(dup.recent.map((s) => s.name).sort()).toEqual(['Rollout practice', 'Rollout practice (copy)']);
    await expect(a.sessions.service.remove({ id: state.current!.id }, ctx)).rejects.toThrow(/current session cannot be deleted/);
    const after = await a.sessions.service.remove({ id: first.id }, ctx);
    expect(after.recent.map((s) => s.name)).toEqual(['Rollout practice (copy)']);
    expect(existsSync(join(dir, 'trash', first.id))).toBe(true);
  });
});
