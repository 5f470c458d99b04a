import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LessonsState } from '../../shared/ipc/services/lessons';
import type { KubeObject } from '../../shared/k8s/objects';
import { createEngine, type Engine } from '../engine';
import { TRY_GRACE_MS } from './active-step';
import { createLessons, type Lessons } from './lessons-service';
import { progressPath } from './progress-store';

/** The sample lesson (shared/lessons/testdata/hello-deploy). */
const LESSONS = join(__dirname, '..', '..', 'shared', 'lessons', 'testdata');
const user = { actor: 'user' as const, name: 'kubectl' };
const context = { clientId: 'test', transport: 'test' as const };

function bootcamp(image: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'kubernetes-bootcamp', namespace: 'default', labels: { app: 'kubernetes-bootcamp' } },
    spec: { replicas: 1, selector: { matchLabels: { app: 'kubernetes-bootcamp' } }, template: { metadata: { labels: { app: 'kubernetes-bootcamp' } }, spec: { containers: [{ name: 'kubernetes-bootcamp', image }] } } },
  };
}

const dirs: string[] = [];
const opened: Lessons[] = [];
afterEach(() => {
  for (const l of opened.splice(0)) l.dispose();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-lessons-'));
  dirs.push(dir);
  return dir;
}

function open(engine: Engine, dataDir: string, workDir: string): Lessons {
  const lessons = createLessons({ engine, dataDir, lessonsDir: LESSONS, workDir: () => workDir });
  opened.push(lessons);
  return lessons;
}

/** Advances the clock in steps until the state satisfies `until` (or 5 virtual minutes pass). */
function advanceUntil(engine: Engine, lessons: Lessons, until: (s: LessonsState) => boolean): LessonsState {
  for (let i = 0; i < 300 && !until(lessons.state()); i++) engine.advance(1000);
  return lessons.state();
}

describe('lessons service', () => {
  it('lists the lessons and starts one on its own cluster', async () => {
    const engine = createEngine({ seed: 1, nodes: 3 });
    const dataDir = temp();
    const workDir = temp();
    const lessons = open(engine, dataDir, workDir);
    const first = await lessons.service.state({}, context);
    expect(first.firstLaunch).toBe(true);
    expect(first.problems).toEqual([]);
    expect(first.lessons).toEqual([{ id: 'hello-deploy', title: 'Hello, Deployment', level: 'beginner', minutes: 5, order: 1, steps: 3, done: 0 }]);
    expect(first.active).toBeUndefined();

    const pushed: LessonsState[] = [];
    lessons.service.onChanged((s) => pushed.push(s));
    const started = await lessons.service.start({ lessonId: 'hello-deploy' }, context);
    expect(started.firstLaunch).toBe(false);
    expect(started.active!.progress).toMatchObject({ current: 'create-deployment', steps: { 'create-deployment': 'active', scale: 'todo', logs: 'todo' } });
    expect(engine.store.list('Node', {}).items).toHaveLength(1);
    expect(engine.store.get('ConfigMap', 'default', 'greeting')).toBeDefined();
    expect(readFileSync(join(workDir, 'notes.txt'), 'utf8')).toBe('Kubelab sample lesson\n');
    expect(pushed.length).toBeGreaterThan(0);
    expect(existsSync(progressPath(dataDir))).toBe(true);
  });

  it('offers the hint after a failed try, resets the step, and moves on when the check holds', async () => {
    const engine = createEngine({ seed: 1, nodes: 1 });
    const lessons = open(engine, temp(), temp());
    await lessons.service.start({ lessonId: 'hello-deploy' }, context);
    const checkpoint = engine.timeline.state().length;

    engine.store.create('Deployment', bootcamp('gcr.io/google-samples/kubernetes-bootcamp:v9'), user);
    lessons.recordRequest({ verb: 'create', resource: 'deployments', group: 'apps', namespace: 'default', status: 201 });
    expect(lessons.state().active!.hints).toEqual(['wrong-image']);
    expect(lessons.state().active!.triedAndFailed).toBe(false);
    engine.advance(TRY_GRACE_MS + 1000);
    expect(lessons.state().active!.triedAndFailed).toBe(true);

    const reset = await lessons.service.resetStep({}, context);
    expect(engine.timeline.state().length).toBe(checkpoint);
    expect(engine.store.get('Deployment', 'default', 'kubernetes-bootcamp')).toBeUndefined();
    expect(reset.active!.hints).toEqual([]);
    expect(reset.active!.triedAndFailed).toBe(false);

    engine.store.create('Deployment', bootcamp('gcr.io/google-samples/kubernetes-bootcamp:v1'), user);
    const moved = advanceUntil(engine, lessons, (s) => s.active?.progress.current === 'scale');
    expect(moved.active!.progress.steps['create-deployment']).toBe('done');
    expect(moved.lessons[0]!.done).toBe(1);
  });

  it('asks for hints on request, goes to a step, switches language and closes', async () => {
    const engine = createEngine({ seed: 2, nodes: 1 });
    const lessons = open(engine, temp(), temp());
    await lessons.service.start({ lessonId: 'hello-deploy' }, context);
    const gone = await lessons.service.goTo({ stepId: 'logs' }, context);
    expect(gone.active!.progress.current).toBe('logs');
    expect(gone.active!.hints).toEqual(['not-logs']);
    expect((await lessons.service.hint({}, context)).active!.triedAndFailed).toBe(true);
    const ko = await lessons.service.setLanguage({ language: 'ko' }, context);
    expect(ko.active!.lesson.title).toBe('안녕, 디플로이먼트');
    expect(ko.lessons[0]!.title).toBe('안녕, 디플로이먼트');
    expect(() => lessons.service.goTo({ stepId: 'nope' }, context)).toThrow();
    const closed = await lessons.service.close({}, context);
    expect(closed.active).toBeUndefined();
  });

  it('checks a request on a pod of the Deployment and keeps progress across a restart', async () => {
    const engine = createEngine({ seed: 3, nodes: 1 });
    const dataDir = temp();
    const workDir = temp();
    const lessons = open(engine, dataDir, workDir);
    await lessons.service.start({ lessonId: 'hello-deploy' }, context);
    engine.store.create('Deployment', bootcamp('gcr.io/google-samples/kubernetes-bootcamp:v1'), user);
    advanceUntil(engine, lessons, (s) => s.active?.progress.current === 'scale');
    const dep = engine.store.get('Deployment', 'default', 'kubernetes-bootcamp')!;
    engine.store.update('Deployment', { ...dep, spec: { ...(dep.spec as object), replicas: 2 } }, user);
    advanceUntil(engine, lessons, (s) => s.active?.progress.current === 'logs');
    const pod = engine.store.list('Pod', { namespace: 'default', labelSelector: 'app=kubernetes-bootcamp' }).items[0]!;
    lessons.recordRequest({ verb: 'get', resource: 'pods', group: '', namespace: 'default', name: pod.metadata.name, status: 200 });
    expect(lessons.state().active!.progress.current).toBe('logs');
    lessons.recordRequest({ verb: 'log', resource: 'pods', group: '', subresource: 'log', namespace: 'default', name: pod.metadata.name, status: 200 });
    const finished = lessons.state();
    expect(finished.active!.progress.finished).toBe(true);
    expect(finished.active!.progress.current).toBeUndefined();
    expect(finished.lessons[0]!.done).toBe(3);

    // A restart: a new engine and service over the same data folder.
    lessons.dispose();
    const engine2 = createEngine({ seed: 1, nodes: 3 });
    const again = open(engine2, dataDir, workDir).state();
    expect(again.firstLaunch).toBe(false);
    expect(again.lessons[0]!.done).toBe(3);
    expect(again.active!.progress.finished).toBe(true);
    expect(engine2.store.list('Node', {}).items).toHaveLength(1);
  });

  it('reports broken lessons and starts afresh from a corrupt progress file', () => {
    const engine = createEngine({ seed: 4, nodes: 1 });
    const dataDir = temp();
    writeFileSync(progressPath(dataDir), '{ not json');
    const lessons = createLessons({ engine, dataDir, lessonsDir: join(__dirname, 'testdata', 'broken'), workDir: () => undefined });
    opened.push(lessons);
    const s = lessons.state();
    expect(s.firstLaunch).toBe(true);
    expect(s.lessons.map((l) => l.id)).toEqual(['fine']);
    expect(s.problems.map((p) => `${p.file}:${p.line}`)).toEqual(expect.arrayContaining(['broken/bad/en.md:4', 'broken/bad/ko.md:1']));
  });
});
