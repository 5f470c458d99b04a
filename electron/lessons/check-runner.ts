/**
 * Proves each lesson can be finished: plays every step's wrong attempts (the check must stay false
 * and the named hint be chosen), rewinds to the step's checkpoint, plays the solution with the real
 * kubectl and waits on the virtual clock for the check to hold. The same ActiveStep the app uses
 * judges each step, so a lesson that passes here behaves the same for a learner.
 */
import type { Lesson, LessonProblem, LessonStep } from '../../shared/lessons/model';
import { ActiveStep } from './active-step';
import { startCheckCluster, type CheckCluster } from './check-cluster';
import { loadLibrary } from './library';
import { applySetup } from './setup';

export interface CheckRunOptions {
  lessonsDir: string;
  /** Only these lesson ids (all when empty). */
  only?: string[];
  log: (line: string) => void;
  /** Virtual ms a wrong attempt is watched for (default 2 minutes). */
  wrongWatchMs?: number;
  /** Virtual ms the solution has to make the check hold (default 10 minutes). */
  solutionMs?: number;
  /** Wall ms one command may run (default 60 s). */
  commandTimeoutMs?: number;
}

export interface LessonResult {
  id: string;
  ok: boolean;
  steps: number;
  message?: string;
}

const STEP_MS = 1000;

function formatProblem(p: LessonProblem): string {
  return `${p.file}:${p.line}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

class StepFailure extends Error {}

async function playCommands(cluster: CheckCluster, step: LessonStep, commands: readonly string[], timeoutMs: number, what: string, background: readonly string[] = []): Promise<void> {
  for (const command of commands) {
    if (background.includes(command)) {
      cluster.runInBackground(command);
      // Give a server such as `kubectl proxy` a moment to listen before the next command uses it.
      await new Promise((r) => setTimeout(r, 1500));
      continue;
    }
    const result = await cluster.run(command, timeoutMs);
    if (result.timedOut) throw new StepFailure(`step ${step.id}: ${what} command did not end in ${timeoutMs / 1000} s: ${command}`);
    if (what === 'solution' && result.code !== 0) throw new StepFailure(`step ${step.id}: solution command failed (exit ${result.code}): ${command}: ${result.output.split('\n').slice(-3).join(' | ')}`);
  }
}

/** Advances the clock in steps until `until` holds or `ms` pass; returns whether it held. */
function advanceUntil(cluster: CheckCluster, active: ActiveStep, ms: number, until: () => boolean, each?: () => void): boolean {
  active.evaluate();
  if (until()) return true;
  for (let t = 0; t < ms; t += STEP_MS) {
    cluster.engine.advance(STEP_MS);
    active.evaluate();
    each?.();
    if (until()) return true;
  }
  return false;
}

async function playLesson(lesson: Lesson, options: CheckRunOptions): Promise<void> {
  const cluster = await startCheckCluster(lesson.setup.nodes);
  const timeout = options.commandTimeoutMs ?? 60_000;
  let stopDeltas = () => undefined as void;
  try {
    const failures = applySetup(cluster.engine, lesson.setup, cluster.workDir);
    if (failures.length) throw new StepFailure(`setup: ${failures.join('; ')}`);
    cluster.engine.advance(5_000);
    for (const step of lesson.steps) {
      const checkpoint = cluster.engine.timeline.state().length;
      const active = new ActiveStep(step, checkpoint, { engine: cluster.engine, readFile: (p) => cluster.readFile(p) });
      cluster.onRequest = (r) => active.record(r);
      stopDeltas();
      stopDeltas = cluster.engine.onDelta((d) => active.changed(d));
      active.evaluate();
      if (active.verdict.done) throw new StepFailure(`step ${step.id}: the check already holds when the step begins`);
      for (const [i, wrong] of step.wrong.entries()) {
        await playCommands(cluster, step, wrong.commands, timeout, `wrong attempt ${i + 1}`);
        let heldEarly = false;
        advanceUntil(cluster, active, options.wrongWatchMs ?? 120_000, () => false, () => (heldEarly ||= active.verdict.done));
        if (heldEarly || active.verdict.done) throw new StepFailure(`step ${step.id}: wrong attempt ${i + 1} made the check true (${wrong.commands.join('; ')})`);
        if (!active.verdict.hints.includes(wrong.hint)) throw new StepFailure(`step ${step.id}: wrong attempt ${i + 1} did not choose hint "${wrong.hint}" (chosen: ${active.verdict.hints.join(', ') || 'none'})`);
        cluster.engine.timeline.rewind(checkpoint);
        active.restart(checkpoint);
      }
      await playCommands(cluster, step, step.solution, timeout, 'solution', step.background ?? []);
      if (!advanceUntil(cluster, active, options.solutionMs ?? 600_000, () => active.verdict.done)) {
        throw new StepFailure(`step ${step.id}: check still false after the solution (${JSON.stringify(step.check)})`);
      }
    }
  } finally {
    stopDeltas();
    cluster.onRequest = undefined;
    await cluster.close();
  }
}

/** Checks the lessons; logs one line per lesson and returns the results. */
export async function checkLessons(options: CheckRunOptions): Promise<LessonResult[]> {
  const library = loadLibrary(options.lessonsDir, options.only?.length ? options.only : undefined);
  const results: LessonResult[] = [];
  for (const only of options.only ?? []) {
    if (!library.entries.some((e) => e.id === only)) results.push({ id: only, ok: false, steps: 0, message: 'no such lesson' });
  }
  for (const entry of library.entries) {
    const lesson = entry.parsed.en?.lesson ?? entry.parsed.ko?.lesson;
    let result: LessonResult;
    if (entry.problems.length || !lesson) {
      result = { id: entry.id, ok: false, steps: lesson?.steps.length ?? 0, message: entry.problems.map(formatProblem).join('\n    ') || 'no readable file' };
    } else {
      try {
        await playLesson(lesson, options);
        result = { id: entry.id, ok: true, steps: lesson.steps.length };
      } catch (error) {
        result = { id: entry.id, ok: false, steps: lesson.steps.length, message: error instanceof StepFailure ? error.message : `crashed: ${(error as Error).stack ?? String(error)}` };
      }
    }
    options.log(result.ok ? `✓ ${result.id} (${result.steps} steps)` : `✗ ${result.id}: ${result.message}`);
    results.push(result);
  }
  return results;
}
