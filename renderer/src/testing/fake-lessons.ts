/**
 * An in-memory lessons service for the learn panel's tests (and the panel's development before the
 * real one was wired): it keeps progress per lesson, records every call, and lets a test play what
 * the main process would push (a step's check turning true, a failed try choosing hints).
 */
import type { Lesson, LessonLanguage, LessonProgress, LessonSummary, LessonView } from '../../../shared/lessons/model';
import type { LessonsState } from '../../../shared/ipc/services/lessons';
import type { LessonsClient } from '../lessons/lessons-client';

export interface FakeLessons {
  client: LessonsClient;
  calls: { method: string; arg: unknown }[];
  /** The active step's check turned true: it is done and the next step becomes current. */
  completeStep(): void;
  /** A write while the check was false: these hints are chosen. */
  failTry(hints: string[]): void;
  state(): LessonsState;
}

export function createFakeLessons(lessons: (language: LessonLanguage) => Lesson[], options: { firstLaunch?: boolean; language?: LessonLanguage } = {}): FakeLessons {
  const calls: { method: string; arg: unknown }[] = [];
  const listeners = new Set<(state: LessonsState) => void>();
  const progress = new Map<string, LessonProgress>();
  let language: LessonLanguage = options.language ?? 'en';
  let firstLaunch = options.firstLaunch ?? false;
  let activeId: string | undefined;
  let hints: string[] = [];
  let triedAndFailed = false;

  const find = (id: string) => lessons(language).find((lesson) => lesson.id === id);
  const progressOf = (lesson: Lesson): LessonProgress => {
    let found = progress.get(lesson.id);
    if (!found) {
      found = { lessonId: lesson.id, steps: Object.fromEntries(lesson.steps.map((step, i) => [step.id, i === 0 ? 'active' : 'todo'])), current: lesson.steps[0]?.id, finished: false };
      progress.set(lesson.id, found);
    }
    return found;
  };
  const summary = (lesson: Lesson): LessonSummary => {
    const kept = progress.get(lesson.id);
    const done = kept ? Object.values(kept.steps).filter((s) => s === 'done').length : 0;
    return { id: lesson.id, title: lesson.title, level: lesson.level, minutes: lesson.minutes, order: lesson.order, steps: lesson.steps.length, done };
  };
  const state = (): LessonsState => {
    const lesson = activeId ? find(activeId) : undefined;
    const active: LessonView | undefined = lesson ? { lesson, progress: structuredClone(progressOf(lesson)), hints: [...hints], triedAndFailed } : undefined;
    return { language, lessons: lessons(language).map(summary), active, problems: [], firstLaunch };
  };
  const push = () => {
    const next = state();
    listeners.forEach((listener) => listener(next));
  };
  const answer = (method: string, arg: unknown, change: () => void = () => undefined): Promise<LessonsState> => {
    calls.push({ method, arg });
    change();
    return Promise.resolve(state());
  };
  const stepChanged = () => {
    hints = [];
    triedAndFailed = false;
  };

  const client: LessonsClient = {
    state: (arg) => answer('state', arg),
    setLanguage: (arg) => answer('setLanguage', arg, () => (language = arg.language)),
    start: (arg) =>
      answer('start', arg, () => {
        activeId = arg.lessonId;
        firstLaunch = false;
        stepChanged();
      }),
    goTo: (arg) =>
      answer('goTo', arg, () => {
        const lesson = activeId ? find(activeId) : undefined;
        if (!lesson) return;
        const kept = progressOf(lesson);
        kept.current = arg.stepId;
        if (kept.steps[arg.stepId] !== 'done') kept.steps[arg.stepId] = 'active';
        stepChanged();
      }),
    hint: (arg) => answer('hint', arg),
    resetStep: (arg) => answer('resetStep', arg, stepChanged),
    close: (arg) => answer('close', arg, () => (activeId = undefined)),
    dismissFirstLaunch: (arg) => answer('dismissFirstLaunch', arg, () => (firstLaunch = false)),
    onChanged: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  return {
    client,
    calls,
    state,
    completeStep() {
      const lesson = activeId ? find(activeId) : undefined;
      if (!lesson) return;
      const kept = progressOf(lesson);
      const index = lesson.steps.findIndex((step) => step.id === kept.current);
      if (index < 0) return;
      kept.steps[lesson.steps[index]!.id] = 'done';
      const next = lesson.steps[index + 1];
      kept.current = next?.id;
      if (next) kept.steps[next.id] = 'active';
      kept.finished = !next;
      stepChanged();
      push();
    },
    failTry(chosen) {
      hints = chosen;
      triedAndFailed = true;
      push();
    },
  };
}
