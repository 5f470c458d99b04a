/**
 * Probes and lifecycle hooks as pkg/apis/core/validation/validation.go validates them (1.32):
 * validateLivenessProbe / validateReadinessProbe / validateStartupProbe / validateProbe,
 * validateLifecycle and validateHandler with its actions (exec, httpGet, tcpSocket, grpc, sleep).
 * A handler needs exactly one action; ports are numbers in 1-65535 or IANA service names. Runs
 * after defaulting, so thresholds and httpGet's path and scheme already have their defaults.
 */
import type { FieldError } from './errors';

type Obj = Record<string, unknown>;

/** validation.IsNegativeErrorMsg. */
const NEGATIVE = 'must be greater than or equal to 0';
const PORT_RANGE = 'must be between 1 and 65535, inclusive';
const MORE_THAN_ONE = 'may not specify more than 1 handler type';
const HTTP_SCHEMES = ['HTTP', 'HTTPS'];
/** validation.IsHTTPHeaderName's RegexError. */
const HEADER_NAME_MSG = "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";

/** validation.IsValidPortName. */
function portNameErrors(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  else if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** ValidatePortNumOrName: an unset port is intstr's zero value, the number 0. */
function validatePortNumOrName(port: unknown, field: string): FieldError[] {
  if (typeof port === 'string') return portNameErrors(port).map((detail) => ({ type: 'FieldValueInvalid', field, value: port, detail }));
  const n = typeof port === 'number' ? port : 0;
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? [] : [{ type: 'FieldValueInvalid', field, value: n, detail: PORT_RANGE }];
}

function validateExecAction(exec: Obj, field: string): FieldError[] {
  const command = exec.command as unknown[] | undefined;
  return !command || command.length === 0 ? [{ type: 'FieldValueRequired', field: `${field}.command` }] : [];
}

function validateHttpGetAction(http: Obj, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!http.path) errs.push({ type: 'FieldValueRequired', field: `${field}.path` });
  errs.push(...validatePortNumOrName(http.port, `${field}.port`));
  const scheme = (http.scheme as string | undefined) ?? '';
  if (!HTTP_SCHEMES.includes(scheme)) errs.push({ type: 'FieldValueNotSupported', field: `${field}.scheme`, value: scheme, detail: `supported values: ${HTTP_SCHEMES.map((s) => JSON.stringify(s)).join(', ')}` });
  for (const h of (http.httpHeaders as Obj[] | undefined) ?? []) {
    const name = String(h?.name ?? '');
    if (!/^[-A-Za-z0-9]+$/.test(name)) errs.push({ type: 'FieldValueInvalid', field: `${field}.httpHeaders`, value: name, detail: HEADER_NAME_MSG });
  }
  return errs;
}

/**
 * validateSleepAction with the PodLifecycleSleepActionAllowZero gate off (alpha in 1.32), worded as
 * 1.32.0 words it (KEP-4818's change, kubernetes#127094).
 */
function validateSleepAction(sleep: Obj, gracePeriod: number | undefined, field: string): FieldError[] {
  const seconds = typeof sleep.seconds === 'number' ? sleep.seconds : 0;
  if (gracePeriod === undefined || (seconds > 0 && seconds <= gracePeriod)) return [];
  return [{ type: 'FieldValueInvalid', field, value: seconds, detail: `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod})` }];
}

const ACTIONS = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'] as const;

/** validateHandler: one action, in upstream's order; `allowed` says which a probe or a hook may have. */
function validateHandler(handler: Obj, allowed: readonly (typeof ACTIONS)[number][], gracePeriod: number | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let handlers = 0;
  for (const action of ACTIONS) {
    const value = handler[action];
    if (!allowed.includes(action) || value === undefined || value === null) continue;
    const f = `${field}.${action}`;
    if (handlers > 0) {
      errs.push({ type: 'FieldValueForbidden', field: f, detail: MORE_THAN_ONE });
      continue;
    }
    handlers++;
    const v = (typeof value === 'object' ? value : {}) as Obj;
    if (action === 'exec') errs.push(...validateExecAction(v, f));
    else if (action === 'httpGet') errs.push(...validateHttpGetAction(v, f));
    else if (action === 'tcpSocket') errs.push(...validatePortNumOrName(v.port, `${f}.port`));
    else if (action === 'grpc') errs.push(...validatePortNumOrName(typeof v.port === 'number' ? v.port : 0, `${f}.port`));
    else errs.push(...validateSleepAction(v, gracePeriod, f));
  }
  if (handlers === 0) errs.push({ type: 'FieldValueRequired', field, detail: 'must specify a handler type' });
  return errs;
}

const PROBE_ACTIONS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const HOOK_ACTIONS = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;

function validateProbe(probe: Obj, gracePeriod: number | undefined, field: string): FieldError[] {
  const errs = validateHandler(probe, PROBE_ACTIONS, gracePeriod, field);
  for (const key of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    const v = probe[key];
    if (typeof v === 'number' && v < 0) errs.push({ type: 'FieldValueInvalid', field: `${field}.${key}`, value: v, detail: NEGATIVE });
  }
  const tgps = probe.terminationGracePeriodSeconds;
  if (typeof tgps === 'number' && tgps <= 0) errs.push({ type: 'FieldValueInvalid', field: `${field}.terminationGracePeriodSeconds`, value: tgps, detail: 'must be greater than 0' });
  return errs;
}

/** The three probes of a regular container, in validateContainers' order. */
export function validateProbes(c: Obj, gracePeriod: number | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const probe = (key: string): Obj | undefined => {
    const p = c[key];
    return p && typeof p === 'object' ? (p as Obj) : undefined;
  };
  const liveness = probe('livenessProbe');
  if (liveness) {
    errs.push(...validateProbe(liveness, gracePeriod, `${field}.livenessProbe`));
    if (liveness.successThreshold !== 1) errs.push({ type: 'FieldValueInvalid', field: `${field}.livenessProbe.successThreshold`, value: liveness.successThreshold, detail: 'must be 1' });
  }
  const readiness = probe('readinessProbe');
  if (readiness) {
    errs.push(...validateProbe(readiness, gracePeriod, `${field}.readinessProbe`));
    if (readiness.terminationGracePeriodSeconds !== undefined && readiness.terminationGracePeriodSeconds !== null) {
      errs.push({ type: 'FieldValueInvalid', field: `${field}.readinessProbe.terminationGracePeriodSeconds`, value: readiness.terminationGracePeriodSeconds, detail: 'must not be set for readinessProbes' });
    }
  }
  const startup = probe('startupProbe');
  if (startup) {
    errs.push(...validateProbe(startup, gracePeriod, `${field}.startupProbe`));
    if (startup.successThreshold !== 1) errs.push({ type: 'FieldValueInvalid', field: `${field}.startupProbe.successThreshold`, value: startup.successThreshold, detail: 'must be 1' });
  }
  return errs;
}

/** validateLifecycle: postStart then preStop. */
export function validateLifecycle(lifecycle: unknown, gracePeriod: number | undefined, field: string): FieldError[] {
  if (!lifecycle || typeof lifecycle !== 'object') return [];
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    const h = (lifecycle as Obj)[hook];
    if (h === undefined || h === null) continue;
    errs.push(...validateHandler((typeof h === 'object' ? h : {}) as Obj, HOOK_ACTIONS, gracePeriod, `${field}.${hook}`));
  }
  return errs;
}
