/**
 * Valibot schemas for everything a lesson author writes as YAML: the front-matter, conditions
 * (checks and hint `when`s), spotlights and wrong attempts. Validation returns issues with the path
 * of the field inside the block, which parse.ts turns into `file:line: field: message` problems;
 * messages are written for a teacher, not a programmer ("expected a string").
 */
import * as v from 'valibot';
import { parseSelector, SelectorParseError } from '../k8s/labels';
import type { Condition, LessonLevel, Spotlight, WrongAttempt } from './model';

export type FieldPath = (string | number)[];

export interface SchemaIssue {
  path: FieldPath;
  message: string;
}

const str = v.string('expected a string');
const nonEmpty = v.pipe(str, v.nonEmpty('must not be empty'));
const count = v.pipe(v.number('expected a number'), v.integer('expected a whole number'), v.minValue(0, 'must be 0 or more'));
const num = v.number('expected a number');
const bool = v.boolean('expected true or false');
const id = v.pipe(str, v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected lowercase letters, digits and dashes'));
const selector = v.pipe(
  str,
  v.check((s) => {
    try {
      parseSelector(s);
      return true;
    } catch (e) {
      if (e instanceof SelectorParseError) return false;
      throw e;
    }
  }, 'not a valid label selector'),
);
const regex = v.pipe(
  str,
  v.check((s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression'),
);
const owner = v.strictObject({ kind: nonEmpty, name: nonEmpty }, 'expected { kind, name }');

const objectQuery = v.strictObject(
  {
    kind: nonEmpty,
    namespace: v.optional(str),
    name: v.optional(str),
    labelSelector: v.optional(selector),
    ownedBy: v.optional(owner),
  },
  'expected { kind, namespace?, name?, labelSelector?, ownedBy? }',
);

const fieldTest = v.strictObject(
  {
    path: v.pipe(str, v.regex(/^[A-Za-z0-9_$-]+(\[\d+\]|\["[^"]*"\]|\.[A-Za-z0-9_$-]+)*$/, 'expected a field path such as spec.template.spec.containers[0].image')),
    equals: v.optional(v.union([str, num, bool, v.null()], 'expected a string, number, true/false or null')),
    equalsPath: v.optional(str),
    matches: v.optional(regex),
    exists: v.optional(bool),
    gte: v.optional(num),
    lte: v.optional(num),
  },
  'expected { path, equals?, equalsPath?, matches?, exists?, gte?, lte? }',
);

const countTest = v.strictObject({ min: v.optional(count), max: v.optional(count), equals: v.optional(count) }, 'expected { min?, max?, equals? }');

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'proxy', 'exec', 'log'] as const;

const leaves = {
  objects: v.strictObject({ objects: objectQuery, where: v.optional(v.array(fieldTest, 'expected a list of field tests')), count: v.optional(countTest) }),
  request: v.strictObject({
    request: v.strictObject(
      {
        verb: v.picklist(VERBS, `expected one of ${VERBS.join(', ')}`),
        resource: nonEmpty,
        subresource: v.optional(str),
        namespace: v.optional(str),
        name: v.optional(str),
        ownedBy: v.optional(owner),
        status: v.optional(v.pipe(num, v.integer('expected a whole number'), v.minValue(100, 'expected an HTTP status'), v.maxValue(599, 'expected an HTTP status'))),
      },
      'expected { verb, resource, subresource?, namespace?, name?, ownedBy?, status? }',
    ),
  }),
  file: v.strictObject({ file: v.strictObject({ path: nonEmpty, parses: v.optional(bool), contains: v.optional(str) }, 'expected { path, parses?, contains? }') }),
  node: v.strictObject({ node: v.strictObject({ name: nonEmpty, powered: v.optional(bool), ready: v.optional(bool) }, 'expected { name, powered?, ready? }') }),
};

const CONDITION_KEYS = ['all', 'any', 'not', 'objects', 'request', 'file', 'node'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns valibot issues into paths and teacher-facing messages. */
function toIssues(issues: readonly v.BaseIssue<unknown>[], base: FieldPath): SchemaIssue[] {
  return issues.map((issue) => {
    const path = [...base, ...(issue.path ?? []).map((p) => p.key as string | number)];
    const unknownKey = issue.type === 'strict_object' && issue.expected === 'never';
    return { path, message: unknownKey ? 'unknown field' : issue.message };
  });
}

function validate<T>(schema: v.GenericSchema<unknown, T>, input: unknown, base: FieldPath, issues: SchemaIssue[]): T | undefined {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  issues.push(...toIssues(result.issues, base));
  return undefined;
}

/**
 * Validates a condition. Each condition is an object with exactly one of the keys above, so the key
 * picks the schema: a union's "no branch matched" would not say which field is wrong.
 */
export function validateCondition(input: unknown, base: FieldPath, issues: SchemaIssue[]): Condition | undefined {
  if (!isRecord(input)) {
    issues.push({ path: base, message: `expected a condition: one of ${CONDITION_KEYS.join(', ')}` });
    return undefined;
  }
  const keys = CONDITION_KEYS.filter((k) => k in input);
  if (keys.length !== 1) {
    issues.push({ path: base, message: keys.length === 0 ? `expected one of ${CONDITION_KEYS.join(', ')}` : `expected only one of ${keys.join(', ')}` });
    return undefined;
  }
  const key = keys[0]!;
  if (key === 'all' || key === 'any' || key === 'not') {
    const extra = Object.keys(input).filter((k) => k !== key);
    if (extra.length) {
      for (const k of extra) issues.push({ path: [...base, k], message: 'unknown field' });
      return undefined;
    }
    if (key === 'not') {
      const inner = validateCondition(input.not, [...base, 'not'], issues);
      return inner && { not: inner };
    }
    const list = input[key];
    if (!Array.isArray(list)) {
      issues.push({ path: [...base, key], message: 'expected a list of conditions' });
      return undefined;
    }
    const items = list.map((item, i) => validateCondition(item, [...base, key, i], issues));
    if (items.some((c) => c === undefined)) return undefined;
    return key === 'all' ? { all: items as Condition[] } : { any: items as Condition[] };
  }
  return validate(leaves[key] as v.GenericSchema<unknown, Condition>, input, base, issues);
}

const spotlight = v.variant(
  'target',
  [
    v.strictObject({ target: v.literal('node'), name: nonEmpty }),
    v.strictObject({ target: v.literal('pod'), labelSelector: v.optional(selector), name: v.optional(str), namespace: v.optional(str) }),
    v.strictObject({ target: v.literal('service'), name: nonEmpty, namespace: v.optional(str) }),
    v.strictObject({
      target: v.literal('panel'),
      panel: v.picklist(['terminal', 'timeline', 'traffic', 'inspector', 'events', 'narration', 'whyHere'] as const, 'expected one of terminal, timeline, traffic, inspector, events, narration, whyHere'),
    }),
  ],
  'expected target: node, pod, service or panel',
);

export function validateSpotlights(input: unknown, base: FieldPath, issues: SchemaIssue[]): Spotlight[] | undefined {
  return validate(v.array(spotlight, 'expected a list of spotlights'), input, base, issues);
}

const wrong = v.array(
  v.strictObject({ commands: v.pipe(v.array(nonEmpty, 'expected a list of commands'), v.minLength(1, 'expected at least one command')), hint: id }, 'expected { commands, hint }'),
  'expected a list of wrong attempts',
);

export function validateWrong(input: unknown, base: FieldPath, issues: SchemaIssue[]): WrongAttempt[] | undefined {
  return validate(wrong, input, base, issues);
}

/** A hint block: its condition is validated like a check; `text` is one paragraph. */
export function validateHint(input: unknown, base: FieldPath, issues: SchemaIssue[]): { when: Condition; text: string } | undefined {
  const shape = validate(v.strictObject({ when: v.unknown(), text: nonEmpty }, 'expected { when, text }'), input, base, issues);
  if (!shape) return undefined;
  if (shape.when === undefined) {
    issues.push({ path: [...base, 'when'], message: 'expected a condition' });
    return undefined;
  }
  const when = validateCondition(shape.when, [...base, 'when'], issues);
  return when && { when, text: shape.text };
}

export interface FrontMatter {
  id: string;
  title: string;
  level: LessonLevel;
  minutes: number;
  order: number;
  setup: { nodes: number; objects: string[]; files: Record<string, string> };
}

const frontMatter = v.strictObject(
  {
    id,
    title: nonEmpty,
    level: v.picklist(['beginner', 'intermediate'] as const, 'expected beginner or intermediate'),
    minutes: v.pipe(num, v.minValue(1, 'must be at least 1')),
    order: num,
    setup: v.optional(
      v.strictObject(
        {
          nodes: v.optional(v.pipe(count, v.minValue(1, 'must be at least 1'), v.maxValue(10, 'at most 10 nodes')), 1),
          objects: v.optional(v.array(nonEmpty, 'expected a list of YAML documents (strings)'), []),
          files: v.optional(
            v.record(v.pipe(str, v.regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9._/-]+$/, 'expected a relative file name')), str, 'expected { name: content }'),
            {},
          ),
        },
        'expected { nodes?, objects?, files? }',
      ),
      { nodes: 1, objects: [], files: {} },
    ),
  },
  'expected the front-matter fields id, title, level, minutes, order, setup',
);

export function validateFrontMatter(input: unknown, issues: SchemaIssue[]): FrontMatter | undefined {
  return validate(frontMatter, input, [], issues) as FrontMatter | undefined;
}

/** `check.where[0].path` from ['check', 'where', 0, 'path']. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}
