import { describe, expect, it } from 'vitest';
import { compareLanguages, parseLesson } from './parse';
import { parseInlines, splitBlocks } from './markdown';

// The sample lesson the lessons service and lessons:check tests play (imported as text: this
// folder's tests also type-check for the browser, without Node's fs).
import en from './testdata/hello-deploy/en.md?raw';
import ko from './testdata/hello-deploy/ko.md?raw';

const lesson = (steps: string, front = 'id: t\ntitle: T\nlevel: beginner\nminutes: 1\norder: 1') => `---\n${front}\n---\n\nIntro.\n\n${steps}`;
const STEP = [
  '## One {#one}',
  '',
  '```sh run',
  'kubectl get pods',
  '```',
  '',
  '```yaml check',
  'objects: { kind: Pod }',
  '```',
  '',
  '```yaml hint h',
  'when: { objects: { kind: Pod }, count: { max: 0 } }',
  'text: Make a pod.',
  '```',
  '',
  '```yaml wrong',
  '- commands: ["true"]',
  '  hint: h',
  '```',
].join('\n');

describe('parseLesson', () => {
  it('reads the sample lesson', () => {
    const parsed = parseLesson('hello-deploy/en.md', 'en', en);
    expect(parsed.problems).toEqual([]);
    const l = parsed.lesson!;
    expect(l.id).toBe('hello-deploy');
    expect(l.setup.nodes).toBe(1);
    expect(l.setup.objects).toHaveLength(1);
    expect(l.setup.files['notes.txt']).toBe('Kubelab sample lesson\n');
    expect(l.steps.map((s) => s.id)).toEqual(['create-deployment', 'scale', 'logs']);
    const first = l.steps[0]!;
    expect(first.title).toBe('Create a Deployment');
    expect(first.solution).toEqual(['kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1']);
    expect(first.check).toEqual({ objects: { kind: 'Deployment', namespace: 'default', name: 'kubernetes-bootcamp' }, where: [{ path: 'status.availableReplicas', gte: 1 }] });
    expect(first.hints[0]!.id).toBe('wrong-image');
    expect(first.hints[0]!.text[0]).toEqual({ type: 'text', text: 'The Deployment exists, but with another image. Delete it with ' });
    expect(first.spotlights).toEqual([{ target: 'panel', panel: 'terminal' }, { target: 'pod', labelSelector: 'app=kubernetes-bootcamp' }]);
    expect(first.wrong).toEqual([{ commands: ['kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v9'], hint: 'wrong-image' }]);
    expect(first.done[0]).toMatchObject({ type: 'text' });
    // The run block inside the list item still counts as the step's solution.
    expect(l.steps[1]!.solution).toEqual(['kubectl scale deployment kubernetes-bootcamp --replicas=2']);
    expect(l.steps[1]!.body.map((b) => b.type)).toEqual(['list', 'code', 'list']);
    expect(l.steps[1]!.body[2]).toMatchObject({ type: 'list', ordered: true, start: 2 });
    expect(l.steps[2]!.hints[0]!.text.some((n) => n.type === 'link' && n.href.startsWith('https://'))).toBe(true);
    expect(l.finish[0]).toMatchObject({ type: 'paragraph' });
    expect(l.intro).toHaveLength(1);
  });

  it('names the file, line and field of a wrong field', () => {
    const text = lesson(STEP.replace('objects: { kind: Pod }\n```\n\n```yaml hint', 'objects: { kind: Pod }\nwhere:\n  - { path: 3 }\n```\n\n```yaml hint'));
    const parsed = parseLesson('lessons/t/ko.md', 'ko', text);
    expect(parsed.lesson).toBeUndefined();
    const problem = parsed.problems.find((p) => p.field === 'check.where[0].path');
    expect(problem).toBeDefined();
    expect(problem!.message).toBe('expected a string');
    const line = text.split('\n').findIndex((l) => l.includes('{ path: 3 }')) + 1;
    expect(problem!.line).toBe(line);
    expect(`${problem!.file}:${problem!.line}: ${problem!.field}: ${problem!.message}`).toBe(`lessons/t/ko.md:${line}: check.where[0].path: expected a string`);
  });

  it('reports front-matter, YAML syntax and structure problems', () => {
    const bad = parseLesson('x.md', 'en', lesson(STEP, 'id: Bad Id\ntitle: T\nlevel: expert\nminutes: 1\norder: 1'));
    expect(bad.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['id', 'level']));
    expect(bad.problems.find((p) => p.field === 'level')!.line).toBe(4);
    const syntax = parseLesson('x.md', 'en', lesson(STEP.replace('objects: { kind: Pod }', 'objects: { kind: Pod')));
    expect(syntax.problems[0]!.message).toMatch(/^YAML/);
    expect(syntax.problems[0]!.field).toBe('check');
    const noCheck = parseLesson('x.md', 'en', lesson(STEP.replace('```yaml check\nobjects: { kind: Pod }\n```', '')));
    expect(noCheck.problems.some((p) => p.message.includes('no ```yaml check'))).toBe(true);
    const unknownHint = parseLesson('x.md', 'en', lesson(STEP.replace('  hint: h', '  hint: other')));
    expect(unknownHint.problems.some((p) => p.message.includes('"other"'))).toBe(true);
    const unknownField = parseLesson('x.md', 'en', lesson(STEP.replace('objects: { kind: Pod }\n```', 'objects: { kind: Pod, colour: red }\n```')));
    expect(unknownField.problems[0]).toMatchObject({ field: 'check.objects.colour', message: 'unknown field' });
    const twoKinds = parseLesson('x.md', 'en', lesson(STEP.replace('objects: { kind: Pod }\n```', 'objects: { kind: Pod }\nfile: { path: a }\n```')));
    expect(twoKinds.problems[0]!.message).toMatch(/only one of objects, file/);
    const selector = parseLesson('x.md', 'en', lesson(STEP.replace('objects: { kind: Pod }\n```', 'objects: { kind: Pod, labelSelector: "a in (" }\n```')));
    expect(selector.problems[0]).toMatchObject({ field: 'check.objects.labelSelector', message: 'not a valid label selector' });
    const link = parseLesson('x.md', 'en', lesson(STEP).replace('Intro.', 'See [this](javascript:alert(1)).'));
    expect(link.problems[0]!.message).toMatch(/http\(s\)/);
    const noId = parseLesson('x.md', 'en', lesson(STEP.replace('{#one}', '')));
    expect(noId.problems[0]!.message).toMatch(/needs an id/);
  });

  it('reads nested conditions and every leaf kind', () => {
    const check = 'all:\n  - any: [{ file: { path: a.yaml, parses: true } }, { node: { name: minikube, ready: false } }]\n  - not: { request: { verb: exec, resource: pods, status: 200 } }';
    const parsed = parseLesson('x.md', 'en', lesson(STEP.replace('objects: { kind: Pod }\n```', `${check}\n\`\`\``)));
    expect(parsed.problems).toEqual([]);
    expect(parsed.lesson!.steps[0]!.check).toEqual({
      all: [{ any: [{ file: { path: 'a.yaml', parses: true } }, { node: { name: 'minikube', ready: false } }] }, { not: { request: { verb: 'exec', resource: 'pods', status: 200 } } }],
    });
  });

  it('marks background commands', () => {
    const parsed = parseLesson('x.md', 'en', lesson(STEP.replace('```sh run\nkubectl get pods\n```', '```sh run background\nkubectl proxy\n```\n\n```sh run\ncurl localhost:8001\n```')));
    const step = parsed.lesson!.steps[0]!;
    expect(step.solution).toEqual(['kubectl proxy', 'curl localhost:8001']);
    expect(step.background).toEqual(['kubectl proxy']);
    expect(step.body[0]).toMatchObject({ type: 'code', run: true, background: true });
  });
});

describe('compareLanguages', () => {
  it('accepts the two languages of the sample', () => {
    expect(compareLanguages(parseLesson('en.md', 'en', en), parseLesson('ko.md', 'ko', ko))).toEqual([]);
  });

  it('reports a different check, hint condition, command and step list', () => {
    const base = parseLesson('en.md', 'en', en);
    const changed = parseLesson('ko.md', 'ko', ko.replace('gte: 1 }', 'gte: 2 }').replace('--replicas=2\n', '--replicas=3\n').replace('where: [{ path: spec.replicas, gte: 3 }]', 'where: [{ path: spec.replicas, gte: 4 }]'));
    const fields = compareLanguages(base, changed).map((p) => p.field);
    expect(fields).toEqual(['create-deployment.check', 'scale.hint.too-many.when', 'scale.solution']);
    const fewer = parseLesson('ko.md', 'ko', ko.replace('{#logs}', '{#log}'));
    expect(compareLanguages(base, fewer)[0]!.field).toBe('steps');
  });
});

describe('markdown', () => {
  it('parses inline markup', () => {
    expect(parseInlines('a `b*c` **d *e* f** [f](https://x.y) snake_case_name').inlines).toEqual([
      { type: 'text', text: 'a ' },
      { type: 'code', text: 'b*c' },
      { type: 'text', text: ' ' },
      { type: 'strong', children: [{ type: 'text', text: 'd ' }, { type: 'em', children: [{ type: 'text', text: 'e' }] }, { type: 'text', text: ' f' }] },
      { type: 'text', text: ' ' },
      { type: 'link', href: 'https://x.y', children: [{ type: 'text', text: 'f' }] },
      { type: 'text', text: ' snake_case_name' },
    ]);
  });

  it('keeps line numbers and alerts', () => {
    const blocks = splitBlocks('para\none\n\n> [!WARNING]\n> careful\n\n- a\n- b\n\n```sh\nx\n```', 10);
    expect(blocks.map((b) => [b.type, b.line])).toEqual([
      ['paragraph', 10],
      ['quote', 13],
      ['list', 16],
      ['code', 19],
    ]);
    expect(blocks[1]).toMatchObject({ alert: 'WARNING', text: 'careful' });
  });
});
