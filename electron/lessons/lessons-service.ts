/**
 * Learn mode in the main process: the lessons library, the learner's saved progress, the lesson
 * being followed, and the `lessons` IPC service. It evaluates the current step on every engine delta,
 * every API request and every change of the terminal's folder, and pushes `changed` only when
 * something the panel shows changed.
 */
import type { ServiceImpl } from '../../shared/ipc/define';
import type { LessonsState, lessonsService } from '../../shared/ipc/services/lessons';
import type { LessonLanguage, LessonSummary } from '../../shared/lessons/model';
import type { ApiRequestRecord } from '../apiserver/request-log';
import type { Engine } from '../engine/api';
import { freshProgress, LessonRun } from './lesson-run';
import { defaultLessonsDir, loadLibrary, type LessonLibrary } from './library';
import { progressPath, readProgress, writeProgress, type SavedProgress } from './progress-store';
import { applySetup, createSetupObjects } from './setup';
import { createWorkFiles } from './work-files';

export interface LessonsOptions {
  engine: Engine;
  /** Where the progress file is kept. */
  dataDir: string;
  /** Defaults to the app's lessons (library.ts defaultLessonsDir). */
  lessonsDir?: string;
  /** The terminal's working folder: setup files go there and file checks read from it. */
  workDir: () => string | undefined;
  /** Told when a lesson's setup could not be applied in full, or progress not saved. */
  onProblem?: (message: string) => void;
  /**
   * A durable session owns the cluster: at launch the lesson in progress is not set up afresh
   * but resumed (resume()) on the reopened cluster, or set up (setUpActive()) on a new one.
   */
  sessionOwnsCluster?: boolean;
  /** Told when the lesson followed, or a step's checkpoint, changed (for the session to keep). */
  onSessionChange?: () => void;
}

/** The lesson a session keeps: which one, and each step's checkpoint frame. */
export interface SessionLesson {
  id: string;
  checkpoints: Record<string, number>;
}

export interface Lessons {
  readonly service: ServiceImpl<typeof lessonsService>;
  /** The API server's request listener (electron/apiserver/request-log.ts). */
  recordRequest(record: ApiRequestRecord): void;
  state(): LessonsState;
  /** The lesson followed now, for the session. */
  sessionLesson(): SessionLesson | undefined;
  /** A reopened session's lesson: followed again with its checkpoints, no setup (the cluster is the session's). */
  resume(lesson: SessionLesson | undefined): void;
  /** A new session: the lesson in progress gets its cluster set up, as at a launch without sessions. */
  setUpActive(): void;
  dispose(): void;
}

export function createLessons(options: LessonsOptions): Lessons {
  const { engine } = options;
  const library: LessonLibrary = loadLibrary(options.lessonsDir ?? defaultLessonsDir());
  const file = progressPath(options.dataDir);
  const saved: SavedProgress = readProgress(file);
  const listeners = new Set<(state: LessonsState) => void>();
  const files = createWorkFiles(options.workDir, () => tick());
  let run: LessonRun | undefined;
  /** True while the lessons service itself replaces the cluster (its reset delta is expected). */
  let settingUp = false;
  let shownKey = '';

  const save = () => {
    try {
      writeProgress(file, saved);
    } catch (error) {
      options.onProblem?.(`lesson progress could not be saved: ${(error as Error).message}`);
    }
  };

  const summaries = (language: LessonLanguage): LessonSummary[] =>
    library.entries
      .flatMap((entry) => {
        const lesson = library.lesson(entry.id, language);
        if (!lesson) return [];
        const progress = saved.lessons[lesson.id];
        const done = progress ? lesson.steps.filter((s) => progress.steps[s.id] === 'done').length : 0;
        return [{ id: lesson.id, title: lesson.title, level: lesson.level, minutes: lesson.minutes, order: lesson.order, steps: lesson.steps.length, done }];
      })
      .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));

  const state = (): LessonsState => {
    const lesson = run && library.lesson(run.lesson.id, saved.language);
    return {
      language: saved.language,
      lessons: summaries(saved.language),
      active: run && lesson ? { lesson, progress: structuredClone(run.progress), hints: run.hints, triedAndFailed: run.triedAndFailed } : undefined,
      problems: library.problems,
      firstLaunch: saved.firstLaunch,
    };
  };

  const push = (force = false) => {
    noteSession();
    const key = run ? JSON.stringify([saved.language, run.progress, run.hints, run.triedAndFailed]) : `none:${saved.language}`;
    if (!force && key === shownKey) return;
    shownKey = key;
    if (listeners.size === 0) return;
    const snapshot = state();
    for (const listener of listeners) listener(snapshot);
  };

  const tick = () => {
    if (!run || engine.timeline.state().viewing !== null) return;
    const { progressed, changed } = run.evaluate();
    if (progressed) save();
    if (changed || progressed) push();
  };

  let sessionKey = '';
  const noteSession = () => {
    const key = JSON.stringify(run ? [run.lesson.id, run.checkpointFrames()] : null);
    if (key === sessionKey) return;
    sessionKey = key;
    options.onSessionChange?.();
  };

  const follow = (lessonId: string, fresh: boolean, checkpoints?: Record<string, number>) => {
    const lesson = library.lesson(lessonId, saved.language);
    if (!lesson) throw new Error(`no lesson "${lessonId}"`);
    if (fresh || !saved.lessons[lessonId]) saved.lessons[lessonId] = freshProgress(lesson);
    run = new LessonRun(lesson, saved.lessons[lessonId]!, { engine, readFile: (p) => files.read(p), ...(checkpoints ? { checkpoints } : {}) });
    saved.activeLessonId = lessonId;
    files.watch(true);
  };

  const setUp = (lessonId: string, withFiles: boolean) => {
    const lesson = library.lesson(lessonId, saved.language)!;
    settingUp = true;
    try {
      const failures = withFiles ? applySetup(engine, lesson.setup, options.workDir()) : (engine.recreate(lesson.setup.nodes), createSetupObjects(engine, lesson.setup.objects));
      for (const f of failures) options.onProblem?.(`lesson ${lessonId}: a setup object was not created: ${f}`);
    } finally {
      settingUp = false;
    }
  };

  // A learner who was in a lesson comes back to it: its cluster again, at the step they were on.
  // The files they may have edited are left as they are.
  const setUpActive = () => {
    if (saved.activeLessonId && library.lesson(saved.activeLessonId, saved.language)) {
      setUp(saved.activeLessonId, false);
      follow(saved.activeLessonId, false);
    } else saved.activeLessonId = undefined;
  };
  if (!options.sessionOwnsCluster) setUpActive();

  const unsubscribe = engine.onDelta((delta) => {
    run?.changed(delta);
    if (delta.reset && !settingUp) run?.clusterReplaced();
    tick();
    noteSession();
  });

  const service: ServiceImpl<typeof lessonsService> = {
    state: () => state(),
    setLanguage: ({ language }) => {
      saved.language = language;
      const lesson = run && library.lesson(run.lesson.id, language);
      if (run && lesson) run.lesson = lesson;
      save();
      push(true);
      return state();
    },
    start: ({ lessonId }) => {
      if (!library.lesson(lessonId, saved.language)) throw new Error(`no lesson "${lessonId}"`);
      // The lesson being left must not judge the new cluster while it is built.
      run = undefined;
      setUp(lessonId, true);
      saved.firstLaunch = false;
      follow(lessonId, true);
      tick();
      save();
      push(true);
      return state();
    },
    goTo: ({ stepId }) => {
      if (!run) throw new Error('no lesson is active');
      run.goTo(stepId);
      tick();
      save();
      push(true);
      return state();
    },
    hint: () => {
      run?.askForHints();
      push();
      return state();
    },
    resetStep: () => {
      if (!run) throw new Error('no lesson is active');
      run.resetStep();
      tick();
      save();
      push(true);
      return state();
    },
    close: () => {
      run = undefined;
      saved.activeLessonId = undefined;
      files.watch(false);
      save();
      push(true);
      return state();
    },
    dismissFirstLaunch: () => {
      saved.firstLaunch = false;
      save();
      push(true);
      return state();
    },
    onChanged: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };

  return {
    service,
    state,
    sessionLesson: () => (run ? { id: run.lesson.id, checkpoints: run.checkpointFrames() } : undefined),
    resume(lesson) {
      run = undefined;
      if (lesson && library.lesson(lesson.id, saved.language)) {
        follow(lesson.id, false, lesson.checkpoints);
        tick();
      } else {
        saved.activeLessonId = undefined;
        files.watch(false);
      }
      const followed = run as LessonRun | undefined;
      sessionKey = JSON.stringify(followed ? [followed.lesson.id, followed.checkpointFrames()] : null);
      save();
      push(true);
    },
    setUpActive() {
      setUpActive();
      tick();
      noteSession();
      push(true);
    },
    recordRequest(record) {
      if (!run?.active) return;
      run.record(record);
      tick();
    },
    dispose() {
      unsubscribe();
      files.dispose();
      listeners.clear();
    },
  };
}
