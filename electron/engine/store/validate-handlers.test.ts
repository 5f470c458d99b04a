/**
 * Probes and lifecycle hooks through the real store: a hook or probe without an action, with two,
 * with an empty exec command, a bad port or scheme is refused with validation.go's field errors,
 * as kubectl prints them; thresholds of 0 are defaulted first, as SetDefaults_Probe does.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../shared/k8s/objects';
import { engine, refusal, USER } from '../testkit';

function pod(container: Record<string, unknown>, spec: Record<string, unknown> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image: 'nginx', ...container }], ...spec }, status: {} } as Pod;
}

function rejected(container: Record<string, unknown>, spec: Record<string, unknown> = {}): string {
  const e = engine({ nodes: 1 });
  return refusal(() => e.store.create('Pod', pod(container, spec), USER)).status.message ?? '';
}

const C = 'spec.containers[0]';

describe('lifecycle handlers', () => {
  it('a hook needs a handler type', () => {
    expect(rejected({ lifecycle: { preStop: {} } })).toBe(`Pod "p" is invalid: ${C}.lifecycle.preStop: Required value: must specify a handler type`);
  });

  it('a hook may have only one handler type', () => {
    expect(rejected({ lifecycle: { postStart: { exec: { command: ['true'] }, httpGet: { port: 80 } } } })).toBe(`Pod "p" is invalid: ${C}.lifecycle.postStart.httpGet: Forbidden: may not specify more than 1 handler type`);
  });

  it('an exec hook needs a command', () => {
    expect(rejected({ lifecycle: { preStop: { exec: {} } } })).toBe(`Pod "p" is invalid: ${C}.lifecycle.preStop.exec.command: Required value`);
  });

  it('ports are numbers in range or valid names', () => {
    expect(rejected({ lifecycle: { preStop: { httpGet: { port: 70000 } } } })).toBe(`Pod "p" is invalid: ${C}.lifecycle.preStop.httpGet.port: Invalid value: 70000: must be between 1 and 65535, inclusive`);
    expect(rejected({ lifecycle: { postStart: { tcpSocket: { port: 'Web_Port' } } } })).toBe(`Pod "p" is invalid: ${C}.lifecycle.postStart.tcpSocket.port: Invalid value: "Web_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`);
    expect(rejected({ lifecycle: { postStart: { tcpSocket: {} } } })).toBe(`Pod "p" is invalid: ${C}.lifecycle.postStart.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive`);
  });

  it('a sleep hook must fit in the grace period', () => {
    expect(rejected({ lifecycle: { preStop: { sleep: { seconds: 40 } } } })).toBe(
      `Pod "p" is invalid: ${C}.lifecycle.preStop.sleep: Invalid value: 40: must be greater than 0 and less than terminationGracePeriodSeconds (30)`,
    );
  });

  it('valid hooks are accepted and httpGet gets its defaults', () => {
    const e = engine({ nodes: 1 });
    const created = e.store.create('Pod', pod({ lifecycle: { postStart: { exec: { command: ['sh', '-c', 'true'] } }, preStop: { httpGet: { port: 'http' } } } }), USER) as Pod;
    expect((created.spec.containers[0]!.lifecycle as { preStop: { httpGet: unknown } }).preStop.httpGet).toEqual({ port: 'http', path: '/', scheme: 'HTTP' });
  });
});

describe('probes', () => {
  it('a probe needs a handler type, and only one', () => {
    expect(rejected({ livenessProbe: { periodSeconds: 5 } })).toBe(`Pod "p" is invalid: ${C}.livenessProbe: Required value: must specify a handler type`);
    expect(rejected({ readinessProbe: { tcpSocket: { port: 80 }, exec: { command: ['true'] } } })).toBe(`Pod "p" is invalid: ${C}.readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type`);
  });

  it('liveness and startup probes need successThreshold 1; 0 is defaulted to 1', () => {
    expect(rejected({ livenessProbe: { exec: { command: ['true'] }, successThreshold: 2 } })).toBe(`Pod "p" is invalid: ${C}.livenessProbe.successThreshold: Invalid value: 2: must be 1`);
    const e = engine({ nodes: 1 });
    const created = e.store.create('Pod', pod({ livenessProbe: { exec: { command: ['true'] }, successThreshold: 0, periodSeconds: 0 } }), USER) as Pod;
    expect(created.spec.containers[0]!.livenessProbe).toMatchObject({ successThreshold: 1, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 });
  });

  it('negative timings and a bad scheme are refused, in upstream order', () => {
    expect(rejected({ readinessProbe: { httpGet: { port: 80, scheme: 'FTP' }, initialDelaySeconds: -1 } })).toBe(
      `Pod "p" is invalid: [${C}.readinessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS", ${C}.readinessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0]`,
    );
  });

  it('errors in a Deployment template carry the template path', () => {
    const e = engine({ nodes: 1 });
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'app', image: 'nginx', lifecycle: { preStop: {} } }] } } },
    };
    expect(refusal(() => e.store.create('Deployment', d as never, USER)).status.message).toBe('Deployment.apps "d" is invalid: spec.template.spec.containers[0].lifecycle.preStop: Required value: must specify a handler type');
  });
});
