/**
 * Decodes the protobuf request bodies kubectl's typed clients send (create deployment, namespace,
 * service, configmap, secret, job; drain's DeleteOptions) into the JSON objects the store takes.
 * The envelope is "k8s\0" + runtime.Unknown{typeMeta, raw}; `raw` follows k8s.io/api's
 * generated.proto (proto2). Go always emits non-pointer fields, so their zero values are dropped
 * here; pointer fields (replicas, gracePeriodSeconds, ...) keep theirs. Unknown fields are skipped.
 */
import protobuf from 'protobufjs/minimal.js';
import { errors } from './status';

type Reader = protobuf.Reader;

type Field =
  | { name: string; kind: 'string' | 'int' | 'bool' | 'bytes'; pointer?: boolean; repeated?: boolean }
  | { name: string; kind: 'message'; message: Message; pointer?: boolean; repeated?: boolean }
  | { name: string; kind: 'map'; value: 'string' | 'bytes' | Message }
  | { name: string; kind: 'intOrString'; pointer?: boolean };
interface Message {
  fields: Record<number, Field>;
}

const s = (name: string, extra: { pointer?: boolean; repeated?: boolean } = {}): Field => ({ name, kind: 'string', ...extra });
const i = (name: string, extra: { pointer?: boolean } = {}): Field => ({ name, kind: 'int', ...extra });
const b = (name: string, extra: { pointer?: boolean } = {}): Field => ({ name, kind: 'bool', ...extra });
const m = (name: string, message: Message, extra: { pointer?: boolean; repeated?: boolean } = {}): Field => ({ name, kind: 'message', message, ...extra });
const map = (name: string, value: 'string' | 'bytes' | Message = 'string'): Field => ({ name, kind: 'map', value });
const ios = (name: string, extra: { pointer?: boolean } = {}): Field => ({ name, kind: 'intOrString', ...extra });

const Quantity: Message = { fields: { 1: s('string') } };
const OwnerReference: Message = { fields: { 1: s('kind'), 3: s('name'), 4: s('uid'), 5: s('apiVersion'), 6: b('controller', { pointer: true }), 7: b('blockOwnerDeletion', { pointer: true }) } };
const ObjectMeta: Message = {
  fields: {
    1: s('name'),
    2: s('generateName'),
    3: s('namespace'),
    5: s('uid'),
    6: s('resourceVersion'),
    11: map('labels'),
    12: map('annotations'),
    13: m('ownerReferences', OwnerReference, { repeated: true }),
    14: s('finalizers', { repeated: true }),
  },
};
const LabelSelector: Message = {
  fields: { 1: map('matchLabels'), 2: m('matchExpressions', { fields: { 1: s('key'), 2: s('operator'), 3: s('values', { repeated: true }) } }, { repeated: true }) },
};
const ContainerPort: Message = { fields: { 1: s('name'), 2: i('hostPort'), 3: i('containerPort'), 4: s('protocol'), 5: s('hostIP') } };
const EnvVar: Message = { fields: { 1: s('name'), 2: s('value') } };
const Resources: Message = { fields: { 1: map('limits', Quantity), 2: map('requests', Quantity) } };
const Container: Message = {
  fields: {
    1: s('name'),
    2: s('image'),
    3: s('command', { repeated: true }),
    4: s('args', { repeated: true }),
    5: s('workingDir'),
    6: m('ports', ContainerPort, { repeated: true }),
    7: m('env', EnvVar, { repeated: true }),
    8: m('resources', Resources),
    13: s('terminationMessagePath'),
    14: s('imagePullPolicy'),
    16: b('stdin'),
    18: b('tty'),
  },
};
const Toleration: Message = { fields: { 1: s('key'), 2: s('operator'), 3: s('value'), 4: s('effect'), 5: i('tolerationSeconds', { pointer: true }) } };
const PodSpec: Message = {
  fields: {
    2: m('containers', Container, { repeated: true }),
    3: s('restartPolicy'),
    4: i('terminationGracePeriodSeconds', { pointer: true }),
    5: i('activeDeadlineSeconds', { pointer: true }),
    6: s('dnsPolicy'),
    7: map('nodeSelector'),
    8: s('serviceAccountName'),
    10: s('nodeName'),
    11: b('hostNetwork'),
    20: m('initContainers', Container, { repeated: true }),
    22: m('tolerations', Toleration, { repeated: true }),
  },
};
const PodTemplateSpec: Message = { fields: { 1: m('metadata', ObjectMeta), 2: m('spec', PodSpec) } };
const DeploymentSpec: Message = {
  fields: {
    1: i('replicas', { pointer: true }),
    2: m('selector', LabelSelector, { pointer: true }),
    3: m('template', PodTemplateSpec),
    4: m('strategy', { fields: { 1: s('type'), 2: m('rollingUpdate', { fields: { 1: ios('maxUnavailable', { pointer: true }), 2: ios('maxSurge', { pointer: true }) } }, { pointer: true }) } }),
    5: i('minReadySeconds'),
    6: i('revisionHistoryLimit', { pointer: true }),
    7: b('paused'),
    9: i('progressDeadlineSeconds', { pointer: true }),
  },
};
const ReplicaSetSpec: Message = { fields: { 1: i('replicas', { pointer: true }), 2: m('selector', LabelSelector, { pointer: true }), 3: m('template', PodTemplateSpec), 4: i('minReadySeconds') } };
// k8s.io/api/apps/v1/generated.proto DaemonSetSpec (5 was extensions' templateGeneration).
const DaemonSetSpec: Message = {
  fields: {
    1: m('selector', LabelSelector, { pointer: true }),
    2: m('template', PodTemplateSpec),
    3: m('updateStrategy', { fields: { 1: s('type'), 2: m('rollingUpdate', { fields: { 1: ios('maxUnavailable', { pointer: true }), 2: ios('maxSurge', { pointer: true }) } }, { pointer: true }) } }),
    4: i('minReadySeconds'),
    6: i('revisionHistoryLimit', { pointer: true }),
  },
};
const JobSpec: Message = {
  fields: {
    1: i('parallelism', { pointer: true }),
    2: i('completions', { pointer: true }),
    3: i('activeDeadlineSeconds', { pointer: true }),
    4: m('selector', LabelSelector, { pointer: true }),
    5: b('manualSelector', { pointer: true }),
    6: m('template', PodTemplateSpec),
    7: i('backoffLimit', { pointer: true }),
    8: i('ttlSecondsAfterFinished', { pointer: true }),
    9: s('completionMode', { pointer: true }),
    10: b('suspend', { pointer: true }),
    12: i('backoffLimitPerIndex', { pointer: true }),
    13: i('maxFailedIndexes', { pointer: true }),
    14: s('podReplacementPolicy', { pointer: true }),
  },
};
// k8s.io/api batch/v1 generated.proto: CronJobSpec and JobTemplateSpec (kubectl create cronjob).
const CronJobSpec: Message = {
  fields: {
    1: s('schedule'),
    2: i('startingDeadlineSeconds', { pointer: true }),
    3: s('concurrencyPolicy'),
    4: b('suspend', { pointer: true }),
    5: m('jobTemplate', { fields: { 1: m('metadata', ObjectMeta), 2: m('spec', JobSpec) } }),
    6: i('successfulJobsHistoryLimit', { pointer: true }),
    7: i('failedJobsHistoryLimit', { pointer: true }),
    8: s('timeZone', { pointer: true }),
  },
};
const ServicePort: Message = { fields: { 1: s('name'), 2: s('protocol'), 3: i('port'), 4: ios('targetPort'), 5: i('nodePort') } };
const ServiceSpec: Message = {
  fields: {
    1: m('ports', ServicePort, { repeated: true }),
    2: map('selector'),
    3: s('clusterIP'),
    4: s('type'),
    5: s('externalIPs', { repeated: true }),
    7: s('sessionAffinity'),
    8: s('loadBalancerIP'),
    10: s('externalName'),
    11: s('externalTrafficPolicy'),
    18: s('clusterIPs', { repeated: true }),
  },
};

const withMeta = (spec?: Message): Message => {
  const fields: Record<number, Field> = { 1: m('metadata', ObjectMeta) };
  if (spec) fields[2] = m('spec', spec);
  return { fields };
};

/** Field tables for each kind, keyed by `apiVersion/kind` from the envelope's TypeMeta. */
const KINDS: Record<string, Message> = {
  'apps/v1/Deployment': withMeta(DeploymentSpec),
  'apps/v1/ReplicaSet': withMeta(ReplicaSetSpec),
  'apps/v1/DaemonSet': withMeta(DaemonSetSpec),
  'batch/v1/Job': withMeta(JobSpec),
  'batch/v1/CronJob': withMeta(CronJobSpec),
  'v1/Pod': withMeta(PodSpec),
  'v1/Service': withMeta(ServiceSpec),
  'v1/Namespace': withMeta(),
  'v1/ConfigMap': { fields: { 1: m('metadata', ObjectMeta), 2: map('data'), 3: map('binaryData', 'bytes'), 4: b('immutable', { pointer: true }) } },
  'v1/Secret': { fields: { 1: m('metadata', ObjectMeta), 2: map('data', 'bytes'), 3: s('type'), 4: map('stringData'), 5: b('immutable', { pointer: true }) } },
  'v1/DeleteOptions': {
    fields: {
      1: i('gracePeriodSeconds', { pointer: true }),
      2: m('preconditions', { fields: { 1: s('uid', { pointer: true }), 2: s('resourceVersion', { pointer: true }) } }, { pointer: true }),
      3: b('orphanDependents', { pointer: true }),
      4: s('propagationPolicy', { pointer: true }),
      5: s('dryRun', { repeated: true }),
    },
  },
};
KINDS['meta.k8s.io/v1/DeleteOptions'] = KINDS['v1/DeleteOptions']!;

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

function toNumber(value: number | { toNumber(): number }): number {
  return typeof value === 'number' ? value : value.toNumber();
}

function isZero(value: unknown): boolean {
  if (value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (value && typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

function readScalar(reader: Reader, kind: 'string' | 'int' | 'bool' | 'bytes'): unknown {
  switch (kind) {
    case 'string':
      return reader.string();
    case 'int':
      return toNumber(reader.int64() as unknown as number);
    case 'bool':
      return reader.bool();
    case 'bytes':
      return Buffer.from(reader.bytes()).toString('base64');
  }
}

function decodeMapEntry(reader: Reader, end: number, value: 'string' | 'bytes' | Message): [string, unknown] {
  let key = '';
  let val: unknown = value === 'string' || value === 'bytes' ? '' : {};
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 2) key = reader.string();
    else if (field === 2 && (tag & 7) === 2) {
      if (value === 'string') val = reader.string();
      else if (value === 'bytes') val = Buffer.from(reader.bytes()).toString('base64');
      else {
        const len = reader.uint32();
        val = decodeMessage(reader, reader.pos + len, value);
      }
    } else reader.skipType(tag & 7);
  }
  // A Quantity map value is the quantity string itself in JSON.
  if (value !== 'string' && value !== 'bytes' && val && typeof val === 'object' && 'string' in (val as object)) val = (val as { string: string }).string;
  return [key, val];
}

function decodeIntOrString(reader: Reader, end: number): number | string {
  let type = 0;
  let intVal = 0;
  let strVal = '';
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 0) type = toNumber(reader.int64() as unknown as number);
    else if (field === 2 && (tag & 7) === 0) intVal = reader.int32();
    else if (field === 3 && (tag & 7) === 2) strVal = reader.string();
    else reader.skipType(tag & 7);
  }
  return type === 1 ? strVal : intVal;
}

function decodeMessage(reader: Reader, end: number, message: Message): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const pointers = new Set<string>();
  while (reader.pos < end) {
    const tag = reader.uint32();
    const number = tag >>> 3;
    const wire = tag & 7;
    const field = message.fields[number];
    if (!field) {
      reader.skipType(wire);
      continue;
    }
    if ('pointer' in field && field.pointer) pointers.add(field.name);
    switch (field.kind) {
      case 'map': {
        if (wire !== 2) throw new Error(`field ${field.name}: wrong wire type`);
        const len = reader.uint32();
        const [key, value] = decodeMapEntry(reader, reader.pos + len, field.value);
        const target = (out[field.name] as Record<string, unknown> | undefined) ?? {};
        target[key] = value;
        out[field.name] = target;
        break;
      }
      case 'intOrString': {
        if (wire !== 2) throw new Error(`field ${field.name}: wrong wire type`);
        const len = reader.uint32();
        out[field.name] = decodeIntOrString(reader, reader.pos + len);
        break;
      }
      case 'message': {
        if (wire !== 2) throw new Error(`field ${field.name}: wrong wire type`);
        const len = reader.uint32();
        const value = decodeMessage(reader, reader.pos + len, field.message);
        if (field.repeated) out[field.name] = [...((out[field.name] as unknown[] | undefined) ?? []), value];
        else out[field.name] = value;
        break;
      }
      default: {
        const expected = field.kind === 'string' || field.kind === 'bytes' ? 2 : 0;
        if (wire !== expected) throw new Error(`field ${field.name}: wrong wire type`);
        const value = readScalar(reader, field.kind);
        if (field.repeated) out[field.name] = [...((out[field.name] as unknown[] | undefined) ?? []), value];
        else out[field.name] = value;
      }
    }
  }
  if (reader.pos !== end) throw new Error('truncated message');
  for (const [key, value] of Object.entries(out)) if (!pointers.has(key) && isZero(value)) delete out[key];
  return out;
}

/** True when the body starts with the "k8s\0" protobuf envelope magic. */
export function isProtobufEnvelope(body: Uint8Array): boolean {
  return body.length >= 4 && MAGIC.every((byte, index) => body[index] === byte);
}

/**
 * Decodes a protobuf request body into a JSON object with apiVersion and kind.
 * Throws 400 BadRequest for malformed bytes and 415 for kinds without a field table.
 */
export function decodeProtobufObject(body: Uint8Array): Record<string, unknown> {
  if (!isProtobufEnvelope(body)) throw errors.badRequest('the protobuf body does not start with the "k8s\\x00" envelope');
  try {
    const reader = protobuf.Reader.create(body.subarray(4));
    let apiVersion = '';
    let kind = '';
    let raw: Uint8Array | undefined;
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      const field = tag >>> 3;
      if (field === 1 && (tag & 7) === 2) {
        const len = reader.uint32();
        const end = reader.pos + len;
        while (reader.pos < end) {
          const t = reader.uint32();
          if (t >>> 3 === 1 && (t & 7) === 2) apiVersion = reader.string();
          else if (t >>> 3 === 2 && (t & 7) === 2) kind = reader.string();
          else reader.skipType(t & 7);
        }
      } else if (field === 2 && (tag & 7) === 2) raw = reader.bytes();
      else reader.skipType(tag & 7);
    }
    const table = KINDS[`${apiVersion}/${kind}`];
    if (!table) {
      throw errors.unsupportedMediaType(`application/vnd.kubernetes.protobuf (no decoder for ${apiVersion || '?'} ${kind || '?'}; send JSON)`);
    }
    const bytes = raw ?? new Uint8Array();
    const inner = protobuf.Reader.create(bytes);
    const object = decodeMessage(inner, bytes.length, table);
    return { apiVersion, kind, ...object };
  } catch (error) {
    if (error && typeof error === 'object' && 'status' in error) throw error;
    throw errors.badRequest(`failed to decode protobuf body: ${(error as Error).message}`);
  }
}
