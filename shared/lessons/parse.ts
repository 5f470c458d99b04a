/**
 * Reads one lesson file (`lessons/<id>/<lang>.md`, see lessons/README.md) into a `Lesson`, with
 * every problem as `file:line: field: message`. A file with problems yields no lesson, so a broken
 * lesson is listed as a problem and never reaches the checks; the other lessons are unaffected.
 * Runs in the browser too: no Node built-ins here.
 */
import { isMap, isSeq, LineCounter, parseAllDocuments, parseDocument, type Document } from 'yaml';
import { inlineText, parseInlines, splitBlocks, type RawBlock } from './markdown';
import type { Block, Condition, Hint, Inline, Lesson, LessonLanguage, LessonProblem, LessonStep } from './model';
import { formatPath, validateCondition, validateFrontMatter, validateHint, validateSpotlights, validateWrong, type FieldPath, type SchemaIssue } from './schemas';

export { compareLanguages } from './compare';

export interface ParsedLesson {
  file: string;
  language: LessonLanguage;
  /** Absent when the file has problems. */
  lesson: Lesson | undefined;
  problems: LessonProblem[];
  /** The line of each step's heading, by step id (for problems found later, e.g. by compareLanguages). */
  stepLines: Record<string, number>;
}

/** Where the lesson's problems go while it is read. */
class Problems {
  readonly list: LessonProblem[] = [];
  constructor(readonly file: string) {}
  add(line: number, message: string, field?: string): void {
    this.list.push({ file: this.file, line, ...(field ? { field } : {}), message });
  }
}

interface YamlBlock {
  value: unknown;
  /** Line of a field in the file, for issue paths. */
  lineOf(path: FieldPath): number;
}

/** Parses a YAML block that starts at `firstLine` of the file; syntax errors become problems. */
function readYaml(text: string, firstLine: number, field: string, problems: Problems): YamlBlock | undefined {
  const counter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    for (const error of doc.errors) {
      const offset = error.pos[0];
      problems.add(firstLine + counter.linePos(offset).line - 1, `YAML: ${error.message.split('\n')[0]}`, field);
    }
    return undefined;
  }
  const lineOf = (path: FieldPath): number => {
    let node: unknown = doc.contents;
    let offset = (doc.contents as { range?: [number] } | null)?.range?.[0] ?? 0;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
        if (!pair) break;
        offset = (pair.key as { range?: [number] }).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as { range?: [number] } | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    return firstLine + counter.linePos(offset).line - 1;
  };
  return { value: doc.toJS(), lineOf };
}

function report(issues: SchemaIssue[], block: YamlBlock, prefix: FieldPath, problems: Problems): void {
  for (const issue of issues) {
    const inside = issue.path.slice(prefix.length);
    problems.add(block.lineOf(inside), issue.message, formatPath(issue.path) || undefined);
  }
}

function inlines(text: string, line: number, problems: Problems): Inline[] {
  const result = parseInlines(text);
  for (const href of result.badLinks) problems.add(line, `links must be http(s): "${href}"`);
  return result.inlines;
}

function toBlock(raw: RawBlock, problems: Problems): Block | undefined {
  switch (raw.type) {
    case 'paragraph':
      return { type: 'paragraph', inlines: inlines(raw.text, raw.line, problems) };
    case 'heading':
      return { type: 'heading', level: raw.level, inlines: inlines(raw.text, raw.line, problems) };
    case 'list':
      return { type: 'list', ordered: raw.ordered, items: raw.items.map((t) => inlines(t, raw.line, problems)), ...(raw.ordered && raw.start !== 1 ? { start: raw.start } : {}) };
    case 'quote':
      if (raw.alert === 'WARNING') return { type: 'note', tone: 'warning', inlines: inlines(raw.text, raw.line, problems) };
      if (raw.alert === 'NOTE' || raw.alert === undefined) return { type: 'note', tone: 'info', inlines: inlines(raw.text, raw.line, problems) };
      problems.add(raw.line, `unknown alert [!${raw.alert}]: expected [!DONE], [!NOTE] or [!WARNING]`);
      return undefined;
    case 'code': {
      const [lang = '', ...words] = raw.info.split(/\s+/).filter(Boolean);
      const run = words[0] === 'run';
      const background = run && words[1] === 'background';
      return { type: 'code', lang, text: raw.text.replace(/\n+$/, ''), run, ...(background ? { background: true } : {}) };
    }
  }
}

const STEP_HEADING = /^(.*?)\s*\{#([^}]*)\}\s*$/;
const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

interface StepDraft {
  id: string;
  title: string;
  line: number;
  body: Block[];
  checks: Condition[];
  hints: Hint[];
  spotlights: LessonStep['spotlights'];
  done: Inline[];
  wrong: LessonStep['wrong'];
  solution: string[];
  background: string[];
}

/** A fenced block of a step: a check, hint, spotlight or wrong attempts, or ordinary code. */
function readStepCode(raw: Extract<RawBlock, { type: 'code' }>, step: StepDraft, problems: Problems): void {
  const words = raw.info.split(/\s+/).filter(Boolean);
  const role = words[0] === 'yaml' ? words[1] : undefined;
  if (!raw.closed) problems.add(raw.line, 'code block is not closed (```)');
  if (role === undefined || !['check', 'hint', 'spotlight', 'wrong'].includes(role)) {
    const block = toBlock(raw, problems);
    if (block?.type === 'code' && block.run) {
      if (!block.text.trim()) problems.add(raw.line, 'a run block needs a command');
      step.solution.push(block.text.trim());
      if (block.background) step.background.push(block.text.trim());
    }
    if (block) step.body.push(block);
    return;
  }
  const hintId = role === 'hint' ? words[2] : undefined;
  const field = role === 'hint' ? `hint.${hintId ?? '?'}` : role;
  if (role === 'hint' && (!hintId || !ID.test(hintId))) {
    problems.add(raw.line, 'expected ```yaml hint <id> with an id of lowercase letters, digits and dashes', 'hint');
    return;
  }
  const yaml = readYaml(raw.text, raw.line + 1, field, problems);
  if (!yaml) return;
  const issues: SchemaIssue[] = [];
  const base: FieldPath = [field];
  if (role === 'check') {
    const check = validateCondition(yaml.value, base, issues);
    if (check) step.checks.push(check);
  } else if (role === 'hint') {
    const hint = validateHint(yaml.value, base, issues);
    if (step.hints.some((h) => h.id === hintId)) problems.add(raw.line, `hint "${hintId}" is defined twice`, field);
    else if (hint) step.hints.push({ id: hintId!, when: hint.when, text: inlines(hint.text, raw.line, problems) });
  } else if (role === 'spotlight') {
    const spots = validateSpotlights(yaml.value, base, issues);
    if (spots) step.spotlights.push(...spots);
  } else {
    const wrong = validateWrong(yaml.value, base, issues);
    if (wrong) step.wrong.push(...wrong);
  }
  report(issues, yaml, base, problems);
}

function splitFrontMatter(text: string): { yaml: string; body: string; bodyLine: number } | undefined {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return undefined;
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) return undefined;
  return { yaml: lines.slice(1, end).join('\n'), body: lines.slice(end + 1).join('\n'), bodyLine: end + 2 };
}

/** Parses `text`, the content of `file` (a path such as `lessons/deploy-app/ko.md`). */
export function parseLesson(file: string, language: LessonLanguage, text: string): ParsedLesson {
  const problems = new Problems(file);
  const stepLines: Record<string, number> = {};
  const fail = (): ParsedLesson => ({ file, language, lesson: undefined, problems: problems.list, stepLines });
  const parts = splitFrontMatter(text);
  if (!parts) {
    problems.add(1, 'expected front-matter between --- lines at the top of the file');
    return fail();
  }
  const fmYaml = readYaml(parts.yaml, 2, 'front-matter', problems);
  if (!fmYaml) return fail();
  const fmIssues: SchemaIssue[] = [];
  const front = validateFrontMatter(fmYaml.value, fmIssues);
  report(fmIssues, fmYaml, [], problems);
  if (front) checkSetupObjects(front.setup.objects, fmYaml, problems);

  const intro: Block[] = [];
  const finish: Block[] = [];
  const steps: StepDraft[] = [];
  let section: 'intro' | 'step' | 'finish' = 'intro';
  let step: StepDraft | undefined;
  for (const raw of splitBlocks(parts.body, parts.bodyLine)) {
    if (raw.type === 'heading' && raw.level <= 2) {
      if (raw.level === 1) {
        problems.add(raw.line, 'use ## for steps; the title is in the front-matter');
        continue;
      }
      const match = STEP_HEADING.exec(raw.text);
      const stepId = match?.[2]?.trim();
      if (!match || !stepId || !ID.test(stepId)) {
        problems.add(raw.line, 'a step heading needs an id: ## Title {#step-id} (lowercase letters, digits and dashes)', 'step');
        continue;
      }
      if (section === 'finish') problems.add(raw.line, 'the finish section must be the last', 'step');
      if (stepId === 'finish') {
        section = 'finish';
        step = undefined;
        continue;
      }
      if (stepLines[stepId] !== undefined) problems.add(raw.line, `step id "${stepId}" is used twice (line ${stepLines[stepId]})`, 'step');
      stepLines[stepId] = raw.line;
      section = 'step';
      step = { id: stepId, title: match[1]!, line: raw.line, body: [], checks: [], hints: [], spotlights: [], done: [], wrong: [], solution: [], background: [] };
      steps.push(step);
      continue;
    }
    if (section === 'step' && step) {
      if (raw.type === 'code') {
        readStepCode(raw, step, problems);
        continue;
      }
      if (raw.type === 'quote' && raw.alert === 'DONE') {
        if (step.done.length) problems.add(raw.line, 'a step has one [!DONE] line', 'done');
        step.done = inlines(raw.text, raw.line, problems);
        continue;
      }
    } else if (raw.type === 'code' && /^yaml\s+(check|hint|spotlight|wrong)\b/.test(raw.info)) {
      problems.add(raw.line, `\`\`\`${raw.info} belongs inside a step`);
      continue;
    } else if (raw.type === 'quote' && raw.alert === 'DONE') {
      problems.add(raw.line, '[!DONE] belongs inside a step', 'done');
      continue;
    }
    const block = toBlock(raw, problems);
    if (!block) continue;
    if (section === 'intro') intro.push(block);
    else if (section === 'finish') finish.push(block);
    else step!.body.push(block);
  }

  if (steps.length === 0) problems.add(parts.bodyLine, 'a lesson needs at least one step (## Title {#id})', 'step');
  for (const s of steps) checkStep(s, problems);
  if (!front || problems.list.length) return fail();
  const lesson: Lesson = {
    id: front.id,
    language,
    title: front.title,
    level: front.level,
    minutes: front.minutes,
    order: front.order,
    setup: front.setup,
    intro,
    steps: steps.map((s) => ({
      id: s.id,
      title: inlineText(parseInlines(s.title).inlines),
      body: s.body,
      check: s.checks[0]!,
      hints: s.hints,
      spotlights: s.spotlights,
      done: s.done,
      wrong: s.wrong,
      solution: s.solution,
      ...(s.background.length ? { background: s.background } : {}),
    })),
    finish,
  };
  return { file, language, lesson, problems: [], stepLines };
}

function checkStep(s: StepDraft, problems: Problems): void {
  if (s.checks.length !== 1) problems.add(s.line, s.checks.length ? 'a step has exactly one ```yaml check' : 'the step has no ```yaml check', `${s.id}.check`);
  if (s.solution.length === 0) problems.add(s.line, 'the step has no ```sh run command (its solution)', `${s.id}.solution`);
  if (s.wrong.length === 0) problems.add(s.line, 'the step has no ```yaml wrong attempt', `${s.id}.wrong`);
  for (const w of s.wrong) {
    if (!s.hints.some((h) => h.id === w.hint)) problems.add(s.line, `wrong attempt names hint "${w.hint}", which the step does not define`, `${s.id}.wrong`);
  }
}

/** Every setup object must be one YAML document with kind, apiVersion and metadata.name. */
function checkSetupObjects(objects: string[], fm: YamlBlock, problems: Problems): void {
  objects.forEach((text, i) => {
    const line = fm.lineOf(['setup', 'objects', i]);
    const field = formatPath(['setup', 'objects', i]);
    const docs = parseAllDocuments(text);
    if (!Array.isArray(docs) || docs.length !== 1 || docs[0]!.errors.length) {
      problems.add(line, 'expected one YAML document', field);
      return;
    }
    const value = docs[0]!.toJS() as { kind?: unknown; apiVersion?: unknown; metadata?: { name?: unknown } } | null;
    if (typeof value?.kind !== 'string' || typeof value.apiVersion !== 'string' || typeof value.metadata?.name !== 'string') {
      problems.add(line, 'expected an object with apiVersion, kind and metadata.name', field);
    }
  });
}

/** The language of a file name (`en.md`), or undefined for other files. */
export function languageOfFile(name: string): LessonLanguage | undefined {
  return name === 'en.md' ? 'en' : name === 'ko.md' ? 'ko' : undefined;
}
