/**
 * Requests from inside the cluster (the API server's pod/Service proxy, `kubectl exec … curl`) take
 * the same path as every other request: a Service target is routed by the traffic model (ready
 * endpoints, session affinity, dead nodes) and recorded so it is drawn; the chosen pod's simulated
 * image answers through the engine's runtime. Everything else passes straight through.
 */
import type { HttpAnswer, HttpTarget, PodRuntime } from '../engine/api';
import type { Client, Decision, TrafficOutcome } from '../engine/traffic';

/** Routes one real request and returns how to record its outcome. */
export type RealRouter = (namespace: string, name: string, port: number | string, client: Client, source: 'host' | 'pod') => {
  decision: Decision;
  done(status: number, outcome: TrafficOutcome, version?: string): void;
};

/** The source address of in-cluster requests whose pod is not known (the exec'd shell, the API server's proxy). */
export const IN_CLUSTER_CLIENT = '10.244.0.1';

function serviceHttp(base: PodRuntime, route: RealRouter, target: HttpTarget): HttpAnswer {
  const { decision, done } = route(target.namespace, target.name, target.port, { ip: IN_CLUSTER_CLIENT }, 'pod');
  const ep = decision.endpoint;
  if (decision.outcome === 'refused' || !ep) {
    done(0, 'refused');
    // The engine's own answer for a Service without endpoints (503, as the API server proxy gives).
    return base.http(target);
  }
  if (decision.outcome === 'timeout') {
    done(0, 'timeout');
    return { status: 503, headers: {}, body: `error trying to reach service: dial tcp ${ep.ip}:${ep.targetPort}: i/o timeout` };
  }
  const answer = base.http({ ...target, kind: 'pod', name: ep.pod, port: ep.targetPort });
  done(answer.status, answer.status >= 500 ? 'error' : 'ok', ep.version);
  return answer;
}

export function observeRuntime(base: PodRuntime, route: RealRouter): PodRuntime {
  return {
    logs: (...a) => base.logs(...a),
    onLog: (...a) => base.onLog(...a),
    env: (...a) => base.env(...a),
    files: (...a) => base.files(...a),
    http: (target) => (target.kind === 'service' ? serviceHttp(base, route, target) : base.http(target)),
    resolve: (...a) => base.resolve(...a),
    metrics: () => base.metrics(),
    // An exec'd curl's requests take the same observed path.
    ...(base.exec ? { exec: (request, streams) => base.exec!({ http: (t) => (t.kind === 'service' ? serviceHttp(base, route, t) : base.http(t)), ...request }, streams) } : {}),
    ...(base.attach ? { attach: (request, streams) => base.attach!(request, streams) } : {}),
  };
}
