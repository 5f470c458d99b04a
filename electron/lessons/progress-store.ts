/**
 * The learner's progress, kept across restarts in `<dataDir>/lessons-progress.json`: per lesson and
 * step, the active lesson, the language and whether the first-launch offer was answered. Written
 * atomically on every change (a crash keeps the old file or the new, never half of one); a file that
 * cannot be read or is not ours starts afresh rather than stopping the app.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as v from 'valibot';
import type { LessonLanguage, LessonProgress } from '../../shared/lessons/model';
import { writeFileAtomic } from '../apiserver/atomic-file';

export interface SavedProgress {
  version: 1;
  language: LessonLanguage;
  firstLaunch: boolean;
  activeLessonId: string | undefined;
  lessons: Record<string, LessonProgress>;
}

const stepState = v.picklist(['todo', 'active', 'done'] as const);
const schema = v.object({
  version: v.literal(1),
  language: v.optional(v.picklist(['en', 'ko'] as const), 'en'),
  firstLaunch: v.optional(v.boolean(), true),
  activeLessonId: v.optional(v.string()),
  lessons: v.optional(
    v.record(
      v.string(),
      v.object({ lessonId: v.string(), steps: v.record(v.string(), stepState), current: v.optional(v.string()), finished: v.optional(v.boolean(), false) }),
    ),
    {},
  ),
});

export function progressPath(dataDir: string): string {
  return join(dataDir, 'lessons-progress.json');
}

export function emptyProgress(): SavedProgress {
  return { version: 1, language: 'en', firstLaunch: true, activeLessonId: undefined, lessons: {} };
}

export function readProgress(path: string): SavedProgress {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return emptyProgress();
  }
  const result = v.safeParse(schema, raw);
  if (!result.success) return emptyProgress();
  const out = result.output;
  const lessons: Record<string, LessonProgress> = {};
  for (const [id, p] of Object.entries(out.lessons)) lessons[id] = { lessonId: p.lessonId, steps: p.steps, current: p.current, finished: p.finished };
  return { version: 1, language: out.language, firstLaunch: out.firstLaunch, activeLessonId: out.activeLessonId, lessons };
}

export function writeProgress(path: string, progress: SavedProgress): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, `${JSON.stringify(progress, null, 2)}\n`, 0o600);
}
