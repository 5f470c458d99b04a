/** The inspector's editor: apply one object written as YAML (or JSON), or only validate it (dry run). */
import * as v from 'valibot';
import { method, service } from '../define';

export interface ApplyProblem {
  message: string;
  /** The field the API server blamed, e.g. "spec.replicas". */
  field?: string;
  /** 1-based line in the submitted text, when known. */
  line?: number;
}

export type ApplyResult =
  | { ok: true; action: 'created' | 'configured' | 'unchanged'; kind: string; namespace?: string; name: string }
  | { ok: false; problems: ApplyProblem[] };

export const objectsService = service({
  methods: {
    apply: method(v.strictObject({ text: v.pipe(v.string(), v.maxLength(1_000_000)), dryRun: v.optional(v.boolean()) })).returns<ApplyResult>(),
  },
  events: {},
});
