/**
 * Server-side printing: picks the upstream column set for a resource and builds the
 * meta.k8s.io/v1 Table, with each row's PartialObjectMetadata (kubectl reads NAMESPACE, LABELS and
 * -L columns from it) or the full object when includeObject=Object.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import type { ResourceType } from '../../engine/api';
import { controllerRevisionTable, cronJobTable, daemonSetTable, deploymentTable, jobTable, replicaSetTable, statefulSetTable } from './workloads';
import {
  configMapTable,
  endpointSliceTable,
  endpointsTable,
  eventTable,
  genericTable,
  leaseTable,
  namespaceTable,
  nodeTable,
  secretTable,
  serviceAccountTable,
  serviceTable,
} from './core';
import { podTable } from './pods';
import { persistentVolumeClaimTable, persistentVolumeTable, storageClassTable } from './storage';
import type { TableColumn, TablePrinter } from './types';

const PRINTERS: Record<string, TablePrinter> = {
  '/pods': podTable,
  '/services': serviceTable,
  '/nodes': nodeTable,
  '/namespaces': namespaceTable,
  '/events': eventTable,
  'events.k8s.io/events': eventTable,
  '/configmaps': configMapTable,
  '/secrets': secretTable,
  '/serviceaccounts': serviceAccountTable,
  '/endpoints': endpointsTable,
  '/persistentvolumes': persistentVolumeTable,
  '/persistentvolumeclaims': persistentVolumeClaimTable,
  'storage.k8s.io/storageclasses': storageClassTable,
  'discovery.k8s.io/endpointslices': endpointSliceTable,
  'coordination.k8s.io/leases': leaseTable,
  'apps/deployments': deploymentTable,
  'apps/replicasets': replicaSetTable,
  'apps/statefulsets': statefulSetTable,
  'apps/daemonsets': daemonSetTable,
  'apps/controllerrevisions': controllerRevisionTable,
  'batch/jobs': jobTable,
  'batch/cronjobs': cronJobTable,
};

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string };
  columnDefinitions: TableColumn[];
  rows: { cells: unknown[]; object?: unknown }[];
}

/** Whether a resource has upstream printer columns of its own (not just NAME and AGE). */
export function hasOwnPrinter(type: Pick<ResourceType, 'group' | 'resource'>): boolean {
  return `${type.group}/${type.resource}` in PRINTERS;
}

export function printerFor(type: Pick<ResourceType, 'group' | 'resource'>): TablePrinter {
  return PRINTERS[`${type.group}/${type.resource}`] ?? genericTable;
}

function rowObject(object: KubeObject, include: IncludeObject, present: <T>(o: T) => T, presentMeta: (m: KubeObject['metadata']) => KubeObject['metadata']): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return present(object);
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: presentMeta(object.metadata) };
}

/**
 * Builds a Table. `present` maps a stored object to what the client sees (timestamp shift);
 * cells are computed on the stored object against virtual now.
 */
export function buildTable(
  type: Pick<ResourceType, 'group' | 'resource'>,
  objects: readonly KubeObject[],
  nowMs: number,
  options: {
    include?: IncludeObject;
    resourceVersion?: string;
    withColumns?: boolean;
    present?: <T>(o: T) => T;
    presentMetadata?: (m: KubeObject['metadata']) => KubeObject['metadata'];
  } = {},
): Table {
  const printer = printerFor(type);
  const include = options.include ?? 'Metadata';
  const present = options.present ?? (<T>(o: T) => o);
  const presentMeta = options.presentMetadata ?? present;
  const table: Table = {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: options.resourceVersion ? { resourceVersion: options.resourceVersion } : {},
    columnDefinitions: options.withColumns === false ? [] : printer.columns,
    rows: objects.map((object) => {
      const row: { cells: unknown[]; object?: unknown } = { cells: printer.row(object, nowMs) };
      const o = rowObject(object, include, present, presentMeta);
      if (o !== undefined) row.object = o;
      return row;
    }),
  };
  return table;
}
