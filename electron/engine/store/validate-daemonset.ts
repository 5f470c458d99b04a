/**
 * apps/v1 DaemonSet validation (pkg/apis/apps/validation ValidateDaemonSetSpec and
 * ValidateDaemonSetUpdateStrategy): the shared selector/template checks plus what only a DaemonSet
 * refuses (activeDeadlineSeconds, a rolling update with both or neither of maxSurge/maxUnavailable).
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import type { FieldError } from './errors';
import type { SchemaErrors } from './schema-rules';
import { validateSelectorAndTemplate } from './validate';

type Obj = Record<string, unknown>;

const PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** ValidatePositiveIntOrPercent + IsNotMoreThan100Percent; the value (0 when unset or bad) for the either-or check. */
function intOrPercent(v: unknown, field: string, errs: FieldError[]): number {
  if (typeof v === 'number') {
    if (v < 0) errs.push({ type: 'FieldValueInvalid', field, value: v, detail: 'must be greater than or equal to 0' });
    return v;
  }
  if (typeof v !== 'string') return 0;
  const m = /^(\d+)%$/.exec(v);
  if (!m) {
    errs.push({ type: 'FieldValueInvalid', field, value: v, detail: PERCENT_MSG });
    return 0;
  }
  if (Number(m[1]) > 100) errs.push({ type: 'FieldValueInvalid', field, value: v, detail: 'must not be greater than 100%' });
  return Number(m[1]);
}

export function validateDaemonSet(ds: KubeObject, errs: FieldError[], schema: SchemaErrors): void {
  validateSelectorAndTemplate(ds, errs, schema, 'daemonset');
  const spec = (ds.spec ?? {}) as Obj;
  const template = (spec.template as Obj | undefined)?.spec as Obj | undefined;
  if (template?.activeDeadlineSeconds !== undefined) {
    errs.push({ type: 'FieldValueInvalid', field: 'spec.template.spec.activeDeadlineSeconds', value: template.activeDeadlineSeconds, detail: 'activeDeadlineSeconds in DaemonSet is not Supported' });
  }
  if (typeof spec.minReadySeconds === 'number' && spec.minReadySeconds < 0) errs.push({ type: 'FieldValueInvalid', field: 'spec.minReadySeconds', value: spec.minReadySeconds, detail: 'must be greater than or equal to 0' });
  // An unsupported strategy type comes from the schema's enum table (reported at spec.updateStrategy).
  errs.push(...schema.take('spec.updateStrategy', errs));
  const strategy = spec.updateStrategy as Obj | undefined;
  const ru = strategy?.rollingUpdate as Obj | undefined;
  if (strategy?.type === 'RollingUpdate' && ru) {
    const field = 'spec.updateStrategy.rollingUpdate';
    const unavailable = intOrPercent(ru.maxUnavailable, `${field}.maxUnavailable`, errs) !== 0;
    const surge = intOrPercent(ru.maxSurge, `${field}.maxSurge`, errs) !== 0;
    if (unavailable && surge) errs.push({ type: 'FieldValueInvalid', field: `${field}.maxSurge`, value: ru.maxSurge, detail: 'may not be set when maxUnavailable is non-zero' });
    else if (!unavailable && !surge) errs.push({ type: 'FieldValueRequired', field: `${field}.maxUnavailable`, detail: 'cannot be 0 when maxSurge is 0' });
  }
  const limit = spec.revisionHistoryLimit;
  if (typeof limit === 'number' && limit < 0) errs.push({ type: 'FieldValueInvalid', field: 'spec.revisionHistoryLimit', value: limit, detail: 'must be greater than or equal to 0' });
}
