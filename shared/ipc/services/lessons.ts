/**
 * Learn mode: the lessons list, the active lesson and its progress, and the learner's moves
 * (start a lesson, go to a step, ask for a hint, reset a step to its checkpoint). Checks run in the
 * main process on every cluster change; the renderer only draws what `changed` pushes.
 */
import * as v from 'valibot';
import { event, method, service } from '../define';
import type { LessonLanguage, LessonProblem, LessonSummary, LessonView } from '../../lessons/model';

const id = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/));
const language = v.picklist(['en', 'ko'] as const satisfies readonly LessonLanguage[]);

export interface LessonsState {
  language: LessonLanguage;
  lessons: LessonSummary[];
  /** The active lesson, if any. */
  active: LessonView | undefined;
  /** Lesson files that could not be read; the others still work. */
  problems: LessonProblem[];
  /** True until the learner has started or dismissed a lesson once (first launch offers the first lesson). */
  firstLaunch: boolean;
}

export const lessonsService = service({
  methods: {
    state: method(v.strictObject({})).returns<LessonsState>(),
    setLanguage: method(v.strictObject({ language })).returns<LessonsState>(),
    start: method(v.strictObject({ lessonId: id })).returns<LessonsState>(),
    goTo: method(v.strictObject({ stepId: id })).returns<LessonsState>(),
    /** Shows the active step's hints without a failed try. */
    hint: method(v.strictObject({})).returns<LessonsState>(),
    /** Returns the cluster to the active step's checkpoint (the frame where the step began). */
    resetStep: method(v.strictObject({})).returns<LessonsState>(),
    /** Leaves learn mode (progress is kept). */
    close: method(v.strictObject({})).returns<LessonsState>(),
    dismissFirstLaunch: method(v.strictObject({})).returns<LessonsState>(),
  },
  events: {
    changed: event<LessonsState>(),
  },
});
