/**
 * What a lesson is once its Markdown has been read: the data the lessons service checks against
 * the cluster and the renderer draws. Teachers never write this shape by hand; they write
 * `lessons/<id>/<lang>.md` (see lessons/README.md), which the parser turns into it. Both languages
 * of a lesson must give the same steps, checks, hint conditions and spotlights; only text differs.
 */

export type LessonLanguage = 'en' | 'ko';
export type LessonLevel = 'beginner' | 'intermediate';

/** Inline text of a paragraph or list item, kept structured so the renderer never injects HTML. */
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] };

export type Block =
  | { type: 'paragraph'; inlines: Inline[] }
  | { type: 'heading'; level: number; inlines: Inline[] }
  /** `start`: the number of the first item of an ordered list (a list a code block interrupted goes on from there). */
  | { type: 'list'; ordered: boolean; items: Inline[][]; start?: number }
  /** A code block; `run` marks a command the "Run" button types into the terminal. */
  | { type: 'code'; lang: string; text: string; run: boolean; background?: boolean }
  | { type: 'note'; tone: 'info' | 'warning'; inlines: Inline[] };

/** Which objects a condition looks at. */
export interface ObjectQuery {
  kind: string;
  namespace?: string;
  name?: string;
  /** A label selector in kubectl's syntax (`app=web,tier!=db`). */
  labelSelector?: string;
  /** Only objects whose controller (owner with controller: true) is this object. */
  ownedBy?: { kind: string; name: string };
}

/** A test of one field (a path such as `spec.template.spec.containers[0].image`). */
export interface FieldTest {
  path: string;
  equals?: string | number | boolean | null;
  /** The field equals another field of the same object (`status.updatedReplicas` equals `spec.replicas`). */
  equalsPath?: string;
  /** A regular expression the value (as a string) must match. */
  matches?: string;
  exists?: boolean;
  gte?: number;
  lte?: number;
}

export interface CountTest {
  min?: number;
  max?: number;
  equals?: number;
}

/** A request the API server received while the step was active (kubectl logs, exec, get ...). */
export interface RequestQuery {
  verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection' | 'proxy' | 'exec' | 'log';
  /** Plural resource, e.g. `pods`, `deployments`. */
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** The named object is controlled, directly or through a ReplicaSet, by this object. */
  ownedBy?: { kind: string; name: string };
  /** Only requests answered with this HTTP status (e.g. 400 for a refused manifest). */
  status?: number;
}

/** A file in the terminal's working folder (the learner's YAML). */
export interface FileQuery {
  path: string;
  /** The file parses as YAML (false: it exists and does not parse). */
  parses?: boolean;
  contains?: string;
}

/** A declarative condition on the cluster, evaluated on every change; never a script that polls. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  /** Objects matching the query and every field test; holds when their count passes (default: at least one). */
  | { objects: ObjectQuery; where?: FieldTest[]; count?: CountTest }
  | { request: RequestQuery }
  | { file: FileQuery }
  /** A node's state as the failure tools set it. */
  | { node: { name: string; powered?: boolean; ready?: boolean } };

export interface Hint {
  id: string;
  /** Chosen when the step's check is false and this holds. */
  when: Condition;
  text: Inline[];
}

export type Spotlight =
  | { target: 'node'; name: string }
  | { target: 'pod'; labelSelector?: string; name?: string; namespace?: string }
  | { target: 'service'; name: string; namespace?: string }
  | { target: 'panel'; panel: 'terminal' | 'timeline' | 'traffic' | 'inspector' | 'events' | 'narration' | 'whyHere' };

/** A wrong attempt the lesson author wrote, played by `npm run lessons:check`: the check must stay false and `hint` be chosen. */
export interface WrongAttempt {
  commands: string[];
  hint: string;
}

export interface LessonStep {
  /** Stable across languages (`create-deployment`); progress and checkpoints are keyed by it. */
  id: string;
  title: string;
  body: Block[];
  check: Condition;
  hints: Hint[];
  spotlights: Spotlight[];
  /** The short "what just happened" line shown when the check turns true. */
  done: Inline[];
  wrong: WrongAttempt[];
  /** The commands that solve the step, in order (the step's `run` code blocks). */
  solution: string[];
  /** Those of `solution` that keep running (`sh run background`: `kubectl proxy`, `minikube tunnel`). */
  background?: string[];
}

export interface LessonSetup {
  /** Nodes of the cluster the lesson starts on (default 1, as `minikube start`). */
  nodes: number;
  /** Objects created before the first step, as YAML documents. */
  objects: string[];
  /** Files placed in the terminal's working folder, by name. */
  files: Record<string, string>;
}

export interface Lesson {
  id: string;
  language: LessonLanguage;
  title: string;
  level: LessonLevel;
  minutes: number;
  /** Order in the lessons list. */
  order: number;
  setup: LessonSetup;
  intro: Block[];
  steps: LessonStep[];
  finish: Block[];
}

/** A lesson as the lessons panel lists it. */
export interface LessonSummary {
  id: string;
  title: string;
  level: LessonLevel;
  minutes: number;
  order: number;
  steps: number;
  done: number;
}

export type StepState = 'todo' | 'active' | 'done';

export interface LessonProgress {
  lessonId: string;
  /** State per step id. */
  steps: Record<string, StepState>;
  /** The step the learner is on. */
  current: string | undefined;
  finished: boolean;
}

/** What the panel shows for the active lesson, pushed whenever a check or hint changes. */
export interface LessonView {
  lesson: Lesson;
  progress: LessonProgress;
  /** Hints chosen for the active step from the current state (shown after a failed try or on request). */
  hints: string[];
  /** True once the learner tried something (a write request) while the step's check was false. */
  triedAndFailed: boolean;
}

/** A problem in a lesson file: the file, the line and the field it concerns. */
export interface LessonProblem {
  file: string;
  line: number;
  field?: string;
  message: string;
}
