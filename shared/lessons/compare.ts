/**
 * The two languages of a lesson must describe the same lesson: same setup, same steps in the same
 * order, the same checks, hint ids and conditions, spotlights, wrong attempts and solution
 * commands. Only words may differ. Differences are reported on the second file, at the step.
 */
import type { Lesson, LessonProblem } from './model';
import type { ParsedLesson } from './parse';

/** Stable JSON (sorted keys), so key order in the YAML does not count as a difference. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

export function compareLanguages(first: ParsedLesson, second: ParsedLesson): LessonProblem[] {
  const a = first.lesson;
  const b = second.lesson;
  if (!a || !b) return [];
  const problems: LessonProblem[] = [];
  const add = (line: number, field: string, message: string) => problems.push({ file: second.file, line, field, message: `${message} (differs from ${first.file})` });
  const meta: (keyof Lesson)[] = ['id', 'level', 'minutes', 'order', 'setup'];
  for (const key of meta) if (!same(a[key], b[key])) add(1, key, `${key} is not the same`);
  const idsA = a.steps.map((s) => s.id);
  const idsB = b.steps.map((s) => s.id);
  if (!same(idsA, idsB)) {
    add(second.stepLines[idsB[0] ?? ''] ?? 1, 'steps', `the steps are not the same: ${idsA.join(', ')} vs ${idsB.join(', ')}`);
    return problems;
  }
  a.steps.forEach((sa, i) => {
    const sb = b.steps[i]!;
    const line = second.stepLines[sb.id] ?? 1;
    const field = (name: string) => `${sb.id}.${name}`;
    if (!same(sa.check, sb.check)) add(line, field('check'), 'the check is not the same');
    if (!same(sa.hints.map((h) => h.id), sb.hints.map((h) => h.id))) add(line, field('hints'), `the hint ids are not the same: ${sa.hints.map((h) => h.id).join(', ')} vs ${sb.hints.map((h) => h.id).join(', ')}`);
    else sa.hints.forEach((h, j) => !same(h.when, sb.hints[j]!.when) && add(line, field(`hint.${h.id}.when`), `the condition of hint "${h.id}" is not the same`));
    if (!same(sa.spotlights, sb.spotlights)) add(line, field('spotlight'), 'the spotlights are not the same');
    if (!same(sa.wrong, sb.wrong)) add(line, field('wrong'), 'the wrong attempts are not the same');
    if (!same(sa.solution, sb.solution) || !same(sa.background ?? [], sb.background ?? [])) add(line, field('solution'), 'the run commands are not the same');
  });
  return problems;
}
