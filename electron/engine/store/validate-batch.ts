/**
 * Validation of batch/v1 Jobs and CronJobs (pkg/apis/batch/validation/validation.go), for what a
 * learner meets first: a Job's restartPolicy must be OnFailure or Never, counts may not be
 * negative, an Indexed Job needs completions, a CronJob's schedule must parse, and a Job's
 * selector, completions and template are immutable.
 */
import type { KubeObject, LabelSelector, PodSpec } from '../../../shared/k8s/objects';
import { labelSelectorMatches } from '../../../shared/k8s/labels';
import { CronParseError, isKnownTimeZone, parseCron } from '../../../shared/k8s/cron';
import { goStringMap, type FieldError } from './errors';
import type { SchemaErrors } from './schema-rules';
import { deepEqual } from '../util/objects';

type Obj = Record<string, unknown>;
type PodSpecValidator = (spec: PodSpec | undefined, field: string, schema?: SchemaErrors) => FieldError[];

function nonNegative(spec: Obj, key: string, path: string, errs: FieldError[]): void {
  const v = spec[key];
  if (typeof v === 'number' && v < 0) errs.push({ type: 'FieldValueInvalid', field: `${path}.${key}`, value: v, detail: 'must be greater than or equal to 0' });
}

/** validateJobSpec: counts, completion mode, then the pod template and its restartPolicy. */
function validateJobSpec(spec: Obj, path: string, errs: FieldError[], podSpec: PodSpecValidator, schema: SchemaErrors): void {
  for (const key of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) nonNegative(spec, key, path, errs);
  if (spec.completionMode === 'Indexed' && spec.completions === undefined) errs.push({ type: 'FieldValueRequired', field: `${path}.completions`, detail: 'when completion mode is Indexed' });
  const template = spec.template as Obj | undefined;
  if (!template) {
    errs.push({ type: 'FieldValueRequired', field: `${path}.template` });
    return;
  }
  errs.push(...podSpec(template.spec as PodSpec | undefined, `${path}.template.spec`, schema));
  const restart = (template.spec as PodSpec | undefined)?.restartPolicy;
  if (restart !== 'OnFailure' && restart !== 'Never') {
    errs.push({ type: 'FieldValueNotSupported', field: `${path}.template.spec.restartPolicy`, value: restart ?? '', detail: 'supported values: "OnFailure", "Never"' });
  }
}

export function validateJob(job: KubeObject, errs: FieldError[], podSpec: PodSpecValidator, schema: SchemaErrors): void {
  const spec = (job.spec ?? {}) as Obj;
  const template = spec.template as Obj | undefined;
  const labels = (template?.metadata as Obj | undefined)?.labels as Record<string, string> | undefined;
  validateJobSpec(spec, 'spec', errs, podSpec, schema);
  const selector = spec.selector as LabelSelector | undefined;
  if (!selector) errs.push({ type: 'FieldValueRequired', field: 'spec.selector' });
  else if (template && !labelSelectorMatches(selector, labels ?? {})) {
    errs.push({ type: 'FieldValueInvalid', field: 'spec.template.metadata.labels', value: goStringMap(labels), detail: '`selector` does not match template `labels`' });
  }
}

export function validateCronJob(cj: KubeObject, errs: FieldError[], podSpec: PodSpecValidator, schema: SchemaErrors): void {
  const spec = (cj.spec ?? {}) as Obj;
  const schedule = spec.schedule;
  if (typeof schedule !== 'string' || schedule === '') errs.push({ type: 'FieldValueRequired', field: 'spec.schedule' });
  else {
    // validateScheduleFormat: robfig/cron's error, then the TZ rule.
    try {
      parseCron(schedule);
    } catch (e) {
      if (!(e instanceof CronParseError)) throw e;
      errs.push({ type: 'FieldValueInvalid', field: 'spec.schedule', value: schedule, detail: e.message });
    }
    if (schedule.includes('TZ')) errs.push({ type: 'FieldValueInvalid', field: 'spec.schedule', value: schedule, detail: 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead' });
  }
  const tz = spec.timeZone;
  if (typeof tz === 'string') {
    if (tz === '') errs.push({ type: 'FieldValueInvalid', field: 'spec.timeZone', value: tz, detail: 'timeZone must be nil or non-empty string' });
    else if (tz.toLowerCase() === 'local') errs.push({ type: 'FieldValueInvalid', field: 'spec.timeZone', value: tz, detail: 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones' });
    else if (!isKnownTimeZone(tz)) errs.push({ type: 'FieldValueInvalid', field: 'spec.timeZone', value: tz, detail: `unknown time zone ${tz}` });
  }
  for (const key of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) nonNegative(spec, key, 'spec', errs);
  const jobSpec = (spec.jobTemplate as Obj | undefined)?.spec as Obj | undefined;
  if (!jobSpec) errs.push({ type: 'FieldValueRequired', field: 'spec.jobTemplate.spec' });
  else validateJobSpec(jobSpec, 'spec.jobTemplate.spec', errs, podSpec, schema);
}

/** ValidateJobSpecUpdate: selector, completions, completionMode and (here always) the template are immutable. */
export function validateJobUpdate(job: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const a = (job.spec ?? {}) as Obj;
  const b = (old.spec ?? {}) as Obj;
  for (const key of ['completions', 'selector', 'template', 'completionMode']) {
    if (!deepEqual(a[key], b[key])) errs.push({ type: 'FieldValueInvalid', field: `spec.${key}`, value: a[key], detail: 'field is immutable' });
  }
  return errs;
}
