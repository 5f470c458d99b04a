/** Table rows for the workload controllers (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob). */
import type { KubeObject, LabelSelector } from '../../../shared/k8s/objects';
import { humanDuration, since } from '../clock';
import { formatLabelSelector, formatSelectorMap } from '../selectors';
import { AGE_COLUMN, NAME_COLUMN, at, col, int, list, record, str } from './types';
import type { Cell, TablePrinter } from './types';

const CONTAINERS = col('Containers', 'Names of each container in the template.', { priority: 1 });
const IMAGES = col('Images', 'Images referenced by each container in the template.', { priority: 1 });
const SELECTOR = col('Selector', 'A label query over pods that should match the replica count.', { priority: 1 });

function containerCells(object: KubeObject, ...path: string[]): [string, string] {
  const containers = list(at(object, ...path, 'containers'));
  return [containers.map((c) => str(at(c, 'name'))).join(','), containers.map((c) => str(at(c, 'image'))).join(',')];
}

function selectorOf(object: KubeObject, ...path: string[]): LabelSelector | undefined {
  const s = at(object, ...path);
  return s && typeof s === 'object' ? (s as LabelSelector) : undefined;
}

/** labels.Selector.String(): like FormatLabelSelector but empty instead of <none>. */
function selectorString(selector: LabelSelector | undefined): string {
  const text = formatLabelSelector(selector);
  return text === '<none>' ? '' : text;
}

export const deploymentTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Ready', 'Number of the pod with ready state'),
    col('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.', { type: 'integer' }),
    col('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.', { type: 'integer' }),
    AGE_COLUMN,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  row(d, nowMs): Cell[] {
    const desired = at(d, 'spec', 'replicas') === undefined ? 1 : int(at(d, 'spec', 'replicas'));
    return [
      d.metadata.name,
      `${int(at(d, 'status', 'readyReplicas'))}/${desired}`,
      int(at(d, 'status', 'updatedReplicas')),
      int(at(d, 'status', 'availableReplicas')),
      since(d.metadata.creationTimestamp, nowMs),
      ...containerCells(d, 'spec', 'template', 'spec'),
      selectorString(selectorOf(d, 'spec', 'selector')),
    ];
  },
};

export const replicaSetTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Desired', 'Replicas is the number of desired pods.', { type: 'integer' }),
    col('Current', 'Replicas is the most recently observed number of non-terminating pods.', { type: 'integer' }),
    col('Ready', 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.', { type: 'integer' }),
    AGE_COLUMN,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  row(rs, nowMs): Cell[] {
    const desired = at(rs, 'spec', 'replicas') === undefined ? 1 : int(at(rs, 'spec', 'replicas'));
    return [
      rs.metadata.name,
      desired,
      int(at(rs, 'status', 'replicas')),
      int(at(rs, 'status', 'readyReplicas')),
      since(rs.metadata.creationTimestamp, nowMs),
      ...containerCells(rs, 'spec', 'template', 'spec'),
      formatLabelSelector(selectorOf(rs, 'spec', 'selector')),
    ];
  },
};

export const statefulSetTable: TablePrinter = {
  columns: [NAME_COLUMN, col('Ready', 'Number of the pod with ready state'), AGE_COLUMN, CONTAINERS, IMAGES],
  row(s, nowMs): Cell[] {
    const desired = at(s, 'spec', 'replicas') === undefined ? 1 : int(at(s, 'spec', 'replicas'));
    return [s.metadata.name, `${int(at(s, 'status', 'readyReplicas'))}/${desired}`, since(s.metadata.creationTimestamp, nowMs), ...containerCells(s, 'spec', 'template', 'spec')];
  },
};

export const daemonSetTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Desired', 'The total number of nodes that should be running the daemon pod.', { type: 'integer' }),
    col('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.', { type: 'integer' }),
    col('Ready', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.', { type: 'integer' }),
    col('Up-to-date', 'The total number of nodes that are running updated daemon pod', { type: 'integer' }),
    col('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.', { type: 'integer' }),
    col('Node Selector', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    AGE_COLUMN,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  row(ds, nowMs): Cell[] {
    return [
      ds.metadata.name,
      int(at(ds, 'status', 'desiredNumberScheduled')),
      int(at(ds, 'status', 'currentNumberScheduled')),
      int(at(ds, 'status', 'numberReady')),
      int(at(ds, 'status', 'updatedNumberScheduled')),
      int(at(ds, 'status', 'numberAvailable')),
      formatSelectorMap(record(at(ds, 'spec', 'template', 'spec', 'nodeSelector')) as Record<string, string>),
      since(ds.metadata.creationTimestamp, nowMs),
      ...containerCells(ds, 'spec', 'template', 'spec'),
      formatLabelSelector(selectorOf(ds, 'spec', 'selector')),
    ];
  },
};

// printers.go printControllerRevision: CONTROLLER is formatResourceName(kind.group, name), <none> without a controller.
export const controllerRevisionTable: TablePrinter = {
  columns: [NAME_COLUMN, col('Controller', 'Controller of the object'), col('Revision', 'Revision indicates the revision of the state represented by Data.'), AGE_COLUMN],
  row(cr, nowMs): Cell[] {
    const ref = list(at(cr, 'metadata', 'ownerReferences')).find((r) => at(r, 'controller') === true);
    let controller = '<none>';
    if (ref) {
      const apiVersion = str(at(ref, 'apiVersion'));
      const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
      const kind = str(at(ref, 'kind')).toLowerCase();
      controller = `${group ? `${kind}.${group}` : kind}/${str(at(ref, 'name'))}`;
    }
    return [cr.metadata.name, controller, int(at(cr, 'revision')), since(cr.metadata.creationTimestamp, nowMs)];
  },
};

function jobStatus(job: KubeObject): string {
  const conditions = list(at(job, 'status', 'conditions'));
  const isTrue = (type: string) => conditions.some((c) => str(at(c, 'type')) === type && str(at(c, 'status')) === 'True');
  if (isTrue('Complete')) return 'Complete';
  if (isTrue('Failed')) return 'Failed';
  if (at(job, 'metadata', 'deletionTimestamp')) return 'Terminating';
  if (isTrue('Suspended')) return 'Suspended';
  if (isTrue('FailureTarget')) return 'FailureTarget';
  // 1.31+ printJob: the interim condition of a Job whose pods are still finishing after success.
  if (isTrue('SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

export const jobTable: TablePrinter = {
  columns: [NAME_COLUMN, col('Status', 'Status of the job.'), col('Completions', 'The number of pods which reached phase Succeeded.'), col('Duration', 'Time required to complete the job.'), AGE_COLUMN, CONTAINERS, IMAGES, SELECTOR],
  row(job, nowMs): Cell[] {
    const completions = at(job, 'spec', 'completions');
    const succeeded = int(at(job, 'status', 'succeeded'));
    // printJob: "n/1 of p" only for a work queue with parallelism above 1.
    const parallelism = int(at(job, 'spec', 'parallelism'));
    const completionsText = completions === undefined ? (parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`) : `${succeeded}/${int(completions)}`;
    const start = Date.parse(str(at(job, 'status', 'startTime')));
    const end = Date.parse(str(at(job, 'status', 'completionTime')));
    const duration = Number.isNaN(start) ? '' : humanDuration((Number.isNaN(end) ? nowMs : end) - start);
    return [job.metadata.name, jobStatus(job), completionsText, duration, since(job.metadata.creationTimestamp, nowMs), ...containerCells(job, 'spec', 'template', 'spec'), formatLabelSelector(selectorOf(job, 'spec', 'selector'))];
  },
};

export const cronJobTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Schedule', 'The schedule in Cron format.'),
    col('Timezone', 'The time zone name for the given schedule.'),
    col('Suspend', 'This flag tells the controller to suspend subsequent executions.', { type: 'boolean' }),
    col('Active', 'A list of pointers to currently running jobs.', { type: 'integer' }),
    col('Last Schedule', 'Information when was the last time the job was successfully scheduled.'),
    AGE_COLUMN,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  row(cj, nowMs): Cell[] {
    const last = str(at(cj, 'status', 'lastScheduleTime'));
    return [
      cj.metadata.name,
      str(at(cj, 'spec', 'schedule')),
      str(at(cj, 'spec', 'timeZone')) || '<none>',
      at(cj, 'spec', 'suspend') === true ? 'True' : 'False',
      list(at(cj, 'status', 'active')).length,
      last ? since(last, nowMs) : '<none>',
      since(cj.metadata.creationTimestamp, nowMs),
      ...containerCells(cj, 'spec', 'jobTemplate', 'spec', 'template', 'spec'),
      formatLabelSelector(selectorOf(cj, 'spec', 'jobTemplate', 'spec', 'selector')),
    ];
  },
};
