/**
 * Validation with field-level causes (pkg/apis/<group>/validation), for the errors a learner meets:
 * missing names and images, selectors that don't match template labels, bad ports, negative
 * replicas, immutable fields. Required fields and enum values come from the schema decoder's walk
 * (schema-rules.ts) and are merged in where upstream reports them.
 */
import type { Container, KubeObject, LabelSelector, PodSpec } from '../../../shared/k8s/objects';
import { labelSelectorMatches } from '../../../shared/k8s/labels';
import { isValidQuantity } from '../../../shared/k8s/quantity';
import { goStringMap, type FieldError } from './errors';
import { SchemaErrors } from './schema-rules';
import { validateLifecycle, validateProbes } from './validate-handlers';
import { validateCronJob, validateJob, validateJobUpdate } from './validate-batch';
import { validateDaemonSet } from './validate-daemonset';
import { deepEqual } from '../util/objects';
import type { DecodeResult } from '../../../shared/k8s/schema/decode';

type Obj = Record<string, unknown>;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** Kinds whose names must be DNS labels (not subdomains). */
const LABEL_NAMED = new Set(['Namespace', 'Service']);

export function validateName(kind: string, name: string | undefined, generated: boolean): FieldError[] {
  if (!name) return generated ? [] : [{ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' }];
  if (LABEL_NAMED.has(kind)) {
    if (name.length > 63) return [{ type: 'FieldValueInvalid', field: 'metadata.name', value: name, detail: 'must be no more than 63 characters' }];
    if (!DNS1123_LABEL.test(name)) return [{ type: 'FieldValueInvalid', field: 'metadata.name', value: name, detail: LABEL_MSG }];
    return [];
  }
  if (name.length > 253) return [{ type: 'FieldValueInvalid', field: 'metadata.name', value: name, detail: 'must be no more than 253 characters' }];
  if (!DNS1123_SUBDOMAIN.test(name) && kind !== 'Event') return [{ type: 'FieldValueInvalid', field: 'metadata.name', value: name, detail: SUBDOMAIN_MSG }];
  return [];
}

function validateLabels(labels: Record<string, string> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
      errs.push({ type: 'FieldValueInvalid', field, value: v, detail: "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')" });
    }
    if (!/^([a-z0-9A-Z.-]+\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/.test(k)) errs.push({ type: 'FieldValueInvalid', field, value: k, detail: 'name part must consist of alphanumeric characters' });
  }
  return errs;
}

function validateContainers(containers: Container[] | undefined, field: string, volumes: Set<string>, gracePeriod?: number): FieldError[] {
  const errs: FieldError[] = [];
  if (!containers || containers.length === 0) return [{ type: 'FieldValueRequired', field }];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const f = `${field}[${i}]`;
    if (!c.name) errs.push({ type: 'FieldValueRequired', field: `${f}.name` });
    else if (!DNS1123_LABEL.test(c.name)) errs.push({ type: 'FieldValueInvalid', field: `${f}.name`, value: c.name, detail: LABEL_MSG });
    else if (names.has(c.name)) errs.push({ type: 'FieldValueDuplicate', field: `${f}.name`, value: c.name });
    names.add(c.name);
    if (!c.image || String(c.image).trim() === '') errs.push({ type: 'FieldValueRequired', field: `${f}.image` });
    (c.ports ?? []).forEach((p, j) => {
      // validateContainerPorts: 0 (or unset) is Required, anything else outside 1-65535 Invalid.
      if (p.containerPort === undefined || p.containerPort === 0) errs.push({ type: 'FieldValueRequired', field: `${f}.ports[${j}].containerPort` });
      else if (!(p.containerPort >= 1 && p.containerPort <= 65535)) errs.push({ type: 'FieldValueInvalid', field: `${f}.ports[${j}].containerPort`, value: p.containerPort, detail: 'must be between 1 and 65535, inclusive' });
    });
    for (const kind of ['requests', 'limits'] as const) {
      for (const [res, q] of Object.entries(c.resources?.[kind] ?? {})) {
        if (!isValidQuantity(q)) errs.push({ type: 'FieldValueInvalid', field: `${f}.resources.${kind}[${res}]`, value: q, detail: 'must be a valid quantity' });
      }
    }
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const [res, l] of Object.entries(lim)) {
      const r = req[res];
      if (r !== undefined && isValidQuantity(r) && isValidQuantity(l) && Number(parseFloatQ(r)) > Number(parseFloatQ(l))) {
        errs.push({ type: 'FieldValueInvalid', field: `${f}.resources.requests`, value: r, detail: `must be less than or equal to ${res} limit of ${l}` });
      }
    }
    ((c.volumeMounts as Obj[] | undefined) ?? []).forEach((m, j) => {
      if (!volumes.has(String(m.name))) errs.push({ type: 'FieldValueNotSupported', field: `${f}.volumeMounts[${j}].name`, value: m.name, detail: 'volume not found' });
      if (!m.mountPath) errs.push({ type: 'FieldValueRequired', field: `${f}.volumeMounts[${j}].mountPath` });
    });
    // validateContainers: lifecycle, then the liveness, readiness and startup probes.
    errs.push(...validateLifecycle(c.lifecycle, gracePeriod, `${f}.lifecycle`));
    errs.push(...validateProbes(c as unknown as Obj, gracePeriod, f));
  });
  return errs;
}

import { parseQuantity } from '../../../shared/k8s/quantity';
function parseFloatQ(q: string): number {
  return parseQuantity(q);
}

export function validatePodSpec(spec: PodSpec | undefined, field: string, schema?: SchemaErrors): FieldError[] {
  if (!spec) return [{ type: 'FieldValueRequired', field }];
  const volumes = new Set(((spec.volumes as Obj[] | undefined) ?? []).map((v) => String(v.name)));
  const grace = typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : undefined;
  const errs = validateContainers(spec.containers, `${field}.containers`, volumes, grace);
  // The spec's enum values (restartPolicy, dnsPolicy, imagePullPolicy...) and required fields.
  if (schema) errs.push(...schema.take(`${field}.`, errs));
  return errs;
}

/** The selector, template and replicas checks the apps workloads share; `noun` ends the empty-selector message. */
export function validateSelectorAndTemplate(obj: KubeObject, errs: FieldError[], schema: SchemaErrors, noun = 'deployment'): void {
  const spec = (obj.spec ?? {}) as Obj;
  const selector = spec.selector as LabelSelector | undefined;
  const template = spec.template as Obj | undefined;
  const replicas = spec.replicas;
  // ValidateNonnegativeField(spec.Replicas) comes first in ValidateDeploymentSpec and ValidateReplicaSetSpec.
  if (typeof replicas === 'number' && replicas < 0) errs.push({ type: 'FieldValueInvalid', field: 'spec.replicas', value: replicas, detail: 'must be greater than or equal to 0' });
  if (!selector) errs.push({ type: 'FieldValueRequired', field: 'spec.selector' });
  else if (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0) {
    errs.push({ type: 'FieldValueInvalid', field: 'spec.selector', value: selector, detail: `empty selector is invalid for ${noun}` });
  }
  const labels = ((template?.metadata as Obj | undefined)?.labels ?? undefined) as Record<string, string> | undefined;
  // A nil selector converts to labels.Nothing(), which matches no labels: upstream reports both.
  if (template && (!selector || !labelSelectorMatches(selector, labels ?? {}))) {
    errs.push({ type: 'FieldValueInvalid', field: 'spec.template.metadata.labels', value: goStringMap(labels), detail: '`selector` does not match template `labels`' });
  }
  if (!template) errs.push({ type: 'FieldValueRequired', field: 'spec.template' });
  else errs.push(...validatePodSpec(template.spec as PodSpec | undefined, 'spec.template.spec', schema));
  if (template && (template.spec as PodSpec | undefined)?.restartPolicy && (template.spec as PodSpec).restartPolicy !== 'Always') {
    errs.push({ type: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy', value: (template.spec as PodSpec).restartPolicy, detail: 'supported values: "Always"' });
  }
}

function validateIntOrPercent(v: unknown, field: string, errs: FieldError[]): number | undefined {
  if (typeof v === 'number') {
    if (v < 0) errs.push({ type: 'FieldValueInvalid', field, value: v, detail: 'must be greater than or equal to 0' });
    return v;
  }
  if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v);
    if (!m) errs.push({ type: 'FieldValueInvalid', field, value: v, detail: "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')" });
    else if (Number(m[1]) > 100 && field.endsWith('maxUnavailable')) errs.push({ type: 'FieldValueInvalid', field, value: v, detail: 'must not be greater than 100%' });
    return m ? Number(m[1]) : undefined;
  }
  return undefined;
}

function validateDeployment(d: KubeObject, errs: FieldError[], schema: SchemaErrors): void {
  validateSelectorAndTemplate(d, errs, schema);
  const spec = (d.spec ?? {}) as Obj;
  const strategy = spec.strategy as Obj | undefined;
  // An unsupported strategy type comes from the schema's enum table (reported at spec.strategy).
  errs.push(...schema.take('spec.strategy', errs));
  if (strategy?.type === 'Recreate' && strategy.rollingUpdate) {
    errs.push({ type: 'FieldValueForbidden', field: 'spec.strategy.rollingUpdate', detail: 'may not be specified when strategy `type` is \'Recreate\'' });
  }
  const ru = strategy?.rollingUpdate as Obj | undefined;
  if (ru) {
    const surge = validateIntOrPercent(ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge', errs);
    const unavail = validateIntOrPercent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable', errs);
    if (surge === 0 && unavail === 0) errs.push({ type: 'FieldValueInvalid', field: 'spec.strategy.rollingUpdate.maxUnavailable', value: ru.maxUnavailable, detail: 'may not be 0 when `maxSurge` is 0' });
  }
  const pds = spec.progressDeadlineSeconds as number | undefined;
  const mrs = (spec.minReadySeconds as number | undefined) ?? 0;
  if (pds !== undefined && pds <= mrs) errs.push({ type: 'FieldValueInvalid', field: 'spec.progressDeadlineSeconds', value: pds, detail: 'must be greater than minReadySeconds' });
}

function validateService(svc: KubeObject, errs: FieldError[]): void {
  const spec = (svc.spec ?? {}) as Obj;
  const type = spec.type as string;
  if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(type)) {
    errs.push({ type: 'FieldValueNotSupported', field: 'spec.type', value: type, detail: 'supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"' });
    return;
  }
  if (type === 'ExternalName') {
    if (!spec.externalName) errs.push({ type: 'FieldValueRequired', field: 'spec.externalName' });
    return;
  }
  const ports = (spec.ports as Obj[] | undefined) ?? [];
  if (ports.length === 0 && spec.clusterIP !== 'None') errs.push({ type: 'FieldValueRequired', field: 'spec.ports' });
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const port = p.port as number;
    if (!(port >= 1 && port <= 65535)) errs.push({ type: 'FieldValueInvalid', field: `spec.ports[${i}].port`, value: port, detail: 'must be between 1 and 65535, inclusive' });
    if (ports.length > 1 && !p.name) errs.push({ type: 'FieldValueRequired', field: `spec.ports[${i}].name` });
    if (p.name) {
      if (names.has(String(p.name))) errs.push({ type: 'FieldValueDuplicate', field: `spec.ports[${i}].name`, value: p.name });
      names.add(String(p.name));
    }
    const np = p.nodePort as number | undefined;
    if (np !== undefined && np !== 0) {
      if (type === 'ClusterIP') errs.push({ type: 'FieldValueForbidden', field: `spec.ports[${i}].nodePort`, detail: 'may not be used when `type` is \'ClusterIP\'' });
      else if (!(np >= 30000 && np <= 32767)) errs.push({ type: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, value: np, detail: 'provided port is not in the valid range. The range of valid ports is 30000-32767' });
    }
  });
}

/**
 * Field errors for a create or update (old given for updates). `decoded` is the schema decoder's
 * result for the incoming object (none for status writes, whose spec is the stored one).
 */
export function validateObject(obj: KubeObject, old: KubeObject | undefined, decoded?: DecodeResult): FieldError[] {
  const errs: FieldError[] = [];
  // Status is not validated here: on a main-resource write it is the stored one.
  const schema = new SchemaErrors(decoded, 'status');
  if (!old) errs.push(...validateName(obj.kind, obj.metadata.name, !!obj.metadata.generateName));
  errs.push(...validateLabels(obj.metadata.labels, 'metadata.labels'));
  switch (obj.kind) {
    case 'Pod':
      errs.push(...validatePodSpec(obj.spec as PodSpec | undefined, 'spec', schema));
      break;
    case 'Deployment':
      validateDeployment(obj, errs, schema);
      break;
    case 'ReplicaSet':
      validateSelectorAndTemplate(obj, errs, schema);
      break;
    case 'DaemonSet':
      validateDaemonSet(obj, errs, schema);
      break;
    case 'Job':
      validateJob(obj, errs, validatePodSpec, schema);
      break;
    case 'CronJob':
      validateCronJob(obj, errs, validatePodSpec, schema);
      break;
    case 'Service':
      validateService(obj, errs);
      break;
  }
  errs.push(...schema.take('', errs));
  if (old) errs.push(...validateImmutable(obj, old));
  return errs;
}

function validateImmutable(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if ((obj.kind === 'Deployment' || obj.kind === 'ReplicaSet' || obj.kind === 'DaemonSet') && !deepEqual((obj.spec as Obj).selector, (old.spec as Obj).selector)) {
    errs.push({ type: 'FieldValueInvalid', field: 'spec.selector', value: (obj.spec as Obj).selector, detail: 'field is immutable' });
  }
  if (obj.kind === 'Job') errs.push(...validateJobUpdate(obj, old));
  if (obj.kind === 'Pod') {
    const a = { ...(obj.spec as Obj) };
    const b = { ...(old.spec as Obj) };
    // Mutable in place: container images, activeDeadlineSeconds, added tolerations.
    const strip = (s: Obj): Obj => ({
      ...s,
      containers: ((s.containers as Container[]) ?? []).map((c) => ({ ...c, image: '' })),
      initContainers: ((s.initContainers as Container[] | undefined) ?? []).map((c) => ({ ...c, image: '' })),
      activeDeadlineSeconds: undefined,
      tolerations: undefined,
    });
    if (!deepEqual(strip(a), strip(b))) {
      errs.push({ type: 'FieldValueForbidden', field: 'spec', detail: 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)' });
    }
  }
  if (obj.kind === 'Service') {
    const a = (obj.spec as Obj).clusterIP;
    const b = (old.spec as Obj).clusterIP;
    if (a !== undefined && a !== '' && a !== b && (old.spec as Obj).type !== 'ExternalName') errs.push({ type: 'FieldValueInvalid', field: 'spec.clusterIPs[0]', value: a, detail: 'may not change once set' });
  }
  if (obj.kind === 'PersistentVolumeClaim' && old.status && (old.status as Obj).phase === 'Bound') {
    const sa = { ...(obj.spec as Obj), resources: undefined, volumeName: undefined };
    const sb = { ...(old.spec as Obj), resources: undefined, volumeName: undefined };
    if (!deepEqual(sa, sb)) errs.push({ type: 'FieldValueForbidden', field: 'spec', detail: 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims' });
  }
  return errs;
}
