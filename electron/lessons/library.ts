/**
 * Reads the lessons folder (`<dir>/<id>/{en,ko}.md`) into parsed lessons and problems. Each file is
 * read and parsed on its own, so a broken or missing file costs only its lesson; the two languages
 * are compared here, so the app and `lessons:check` report the same differences.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lesson, LessonLanguage, LessonProblem } from '../../shared/lessons/model';
import { compareLanguages, parseLesson, type ParsedLesson } from '../../shared/lessons/parse';

export const LANGUAGES: readonly LessonLanguage[] = ['en', 'ko'];

export interface LibraryEntry {
  id: string;
  /** Per language; a language is absent when its file is missing or has problems. */
  parsed: Partial<Record<LessonLanguage, ParsedLesson>>;
  problems: LessonProblem[];
}

export interface LessonLibrary {
  entries: LibraryEntry[];
  problems: LessonProblem[];
  /** The lesson in a language (falling back to the other language when that file is broken). */
  lesson(id: string, language: LessonLanguage): Lesson | undefined;
}

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function loadLibrary(dir: string, only?: readonly string[]): LessonLibrary {
  const label = basename(dir);
  const entries: LibraryEntry[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir).sort();
  } catch {
    // No lessons folder: no lessons, and nothing to report.
  }
  for (const id of names) {
    if (only && !only.includes(id)) continue;
    const folder = join(dir, id);
    if (!safeIsDir(folder)) continue;
    const entry: LibraryEntry = { id, parsed: {}, problems: [] };
    const fileOf = (language: LessonLanguage) => `${label}/${id}/${language}.md`;
    if (!ID.test(id)) entry.problems.push({ file: `${label}/${id}`, line: 1, message: 'a lesson folder name is lowercase letters, digits and dashes' });
    for (const language of LANGUAGES) {
      const path = join(folder, `${language}.md`);
      if (!existsSync(path)) {
        entry.problems.push({ file: fileOf(language), line: 1, message: `the ${language} file is missing` });
        continue;
      }
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        entry.problems.push({ file: fileOf(language), line: 1, message: `cannot be read: ${(error as Error).message}` });
        continue;
      }
      const parsed = parseLesson(fileOf(language), language, text);
      entry.problems.push(...parsed.problems);
      if (parsed.lesson && parsed.lesson.id !== id) entry.problems.push({ file: fileOf(language), line: 2, field: 'id', message: `the id "${parsed.lesson.id}" is not the folder name "${id}"` });
      else if (parsed.lesson) entry.parsed[language] = parsed;
    }
    if (entry.parsed.en && entry.parsed.ko) entry.problems.push(...compareLanguages(entry.parsed.en, entry.parsed.ko));
    entries.push(entry);
  }
  return {
    entries,
    problems: entries.flatMap((e) => e.problems),
    lesson(id, language) {
      const entry = entries.find((e) => e.id === id);
      return entry?.parsed[language]?.lesson ?? entry?.parsed[language === 'en' ? 'ko' : 'en']?.lesson;
    },
  };
}

function safeIsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Where the lessons are: `resources/lessons` in a packaged app (electron-builder's extraResources),
 * else the repository's `lessons/` found from this module (sources) or the built bundle in out/main.
 */
export function defaultLessonsDir(from: string = fileURLToPath(import.meta.url)): string {
  const resources = (process as unknown as { resourcesPath?: string }).resourcesPath;
  if (resources && existsSync(join(resources, 'lessons'))) return join(resources, 'lessons');
  for (let dir = dirname(from), i = 0; i < 4; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'lessons', 'README.md'))) return join(dir, 'lessons');
  }
  return join(dirname(from), '..', '..', 'lessons');
}
