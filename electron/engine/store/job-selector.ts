/**
 * The Job strategy's PrepareForCreate (pkg/registry/batch/job/strategy.go generateSelectorIfNeeded):
 * unless spec.manualSelector is true, the API server labels the pod template with the Job's name
 * and uid and selects on the uid, so a Job's pods can only ever be its own. The labels are then
 * copied to the Job itself when it has none (SetDefaults_Job, which runs again when the stored
 * object is read back, after the template got its labels).
 */
import type { KubeObject } from '../../../shared/k8s/objects';

/** k8s.io/api/batch/v1 types.go: the labels the Job's pods carry. */
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_JOB_NAME_LABEL = 'job-name';

type Obj = Record<string, unknown>;

export function prepareJobCreate(job: KubeObject, uid: string): void {
  const spec = job.spec as Obj | undefined;
  if (!spec || typeof spec !== 'object') return;
  const template = spec.template as Obj | undefined;
  if (spec.manualSelector !== true && template && typeof template === 'object') {
    const meta = (template.metadata ??= {}) as Obj;
    const labels = (meta.labels ??= {}) as Record<string, string>;
    // A label the user set is kept: validation refuses it if it conflicts.
    for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) labels[key] ??= job.metadata.name;
    for (const key of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) labels[key] ??= uid;
    const selector = (spec.selector ??= {}) as Obj;
    const matchLabels = (selector.matchLabels ??= {}) as Record<string, string>;
    matchLabels[CONTROLLER_UID_LABEL] ??= uid;
  }
  const templateLabels = (template?.metadata as Obj | undefined)?.labels as Record<string, string> | undefined;
  if (templateLabels && Object.keys(job.metadata.labels ?? {}).length === 0) job.metadata.labels = { ...templateLabels };
}
