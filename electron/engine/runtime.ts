/**
 * PodRuntime: what the API server's logs, exec, proxy, port-forward and metrics endpoints read from
 * the kubelets and simulated images. HTTP through a Service picks a ready endpoint with its own
 * seeded PRNG, so traffic from the UI never perturbs the simulation's randomness.
 */
import type { EndpointSlice, Pod, Service } from '../../shared/k8s/objects';
import { Random, fnv32a } from './clock/random';
import type { ExecRequest, ExecSession, ExecStreams, HttpAnswer, HttpTarget, PodRuntime, Unsubscribe } from './api';
import { containerModel, servedFiles } from './container';
import { startAttach, startExec } from './container/exec-api';
import { allFiles } from './container/fs';
import { worldOf } from './container/world';
import type { EngineContext } from './context';
import { badRequest, notFound } from './store/errors';
import { buildFiles } from './kubelet/env';
import type { Kubelet } from './kubelet/kubelet';
import { appendLog } from './kubelet/lifecycle';
import { logTimestamp, type LogHub } from './kubelet/loghub';
import type { ContainerInstance, Sandbox } from './kubelet/sandbox';

export class ClusterRuntime implements PodRuntime {
  private lb: Random;

  constructor(
    private ctx: EngineContext,
    private kubelets: Map<string, Kubelet>,
    private hub: LogHub,
    seed: number,
  ) {
    this.lb = new Random(seed ^ 0x5bd1e995);
    // Processes in containers (curl, wget, nslookup) reach the cluster through this runtime.
    worldOf(ctx).network = this;
  }

  private find(namespace: string, pod: string): { k: Kubelet; sb: Sandbox; pod: Pod } {
    const obj = this.ctx.store.get('Pod', namespace, pod) as Pod | undefined;
    if (!obj) throw notFound(this.ctx.store.info('Pod'), pod);
    const k = obj.spec.nodeName ? this.kubelets.get(obj.spec.nodeName) : undefined;
    const sb = k?.sandboxes.get(obj.metadata.uid!);
    if (!k || !sb) throw badRequest(`container "${obj.spec.containers[0]?.name ?? ''}" in pod "${pod}" is waiting to start: ContainerCreating`);
    return { k, sb, pod: obj };
  }

  private container(sb: Sandbox, pod: Pod, name: string): ContainerInstance {
    const c = name ? sb.containers.find((x) => x.name === name) : sb.containers[0];
    if (!c) throw badRequest(`container ${name} is not valid for pod ${pod.metadata.name}`);
    return c;
  }

  logs(namespace: string, pod: string, container: string, options?: { previous?: boolean; timestamps?: boolean }): string[] {
    const { sb, pod: obj } = this.find(namespace, pod);
    const c = this.container(sb, obj, container);
    let lines: string[];
    if (options?.previous) {
      if (!c.previousLogs) throw badRequest(`previous terminated container "${c.name}" in pod "${pod}" not found`);
      lines = c.previousLogs;
    } else {
      if (c.state === 'waiting' && !c.containerID) throw badRequest(`container "${c.name}" in pod "${pod}" is waiting to start: ${c.reason ?? 'ContainerCreating'}`);
      lines = c.logs;
    }
    if (!options?.timestamps) return [...lines];
    const times = this.hub.timesOf(lines);
    // A trailing '' is the newline after the last line, not a line of its own.
    return lines.map((line, i) => (line === '' && i === lines.length - 1 ? line : `${logTimestamp(this.ctx.clock.wallMs(times[i]!))} ${line}`));
  }

  onLog(namespace: string, pod: string, container: string, listener: (line: string) => void): Unsubscribe {
    const obj = this.ctx.store.get('Pod', namespace, pod) as Pod | undefined;
    const name = container || obj?.spec.containers[0]?.name || '';
    return this.hub.listen(`${namespace}/${pod}/${name}`, listener);
  }

  env(namespace: string, pod: string, container: string): Record<string, string> {
    const { sb, pod: obj } = this.find(namespace, pod);
    return { ...this.container(sb, obj, container).env };
  }

  files(namespace: string, pod: string, container: string): Record<string, string> {
    const { sb, pod: obj } = this.find(namespace, pod);
    const c = this.container(sb, obj, container);
    const image = c.profile?.files ?? {};
    if (c.state === 'running' && c.containerID) return allFiles(containerModel(this.find(namespace, pod).k, sb, c).fs);
    const ordered: Record<string, string> = {};
    const wd = c.profile?.workingDir ?? '/';
    // The working directory's files first, so the caller can infer it.
    for (const [p, v] of Object.entries(image)) if (p.startsWith(wd)) ordered[p] = v;
    return { ...ordered, ...buildFiles(this.ctx.store, obj, c.spec, image, sb.ip) };
  }

  http(target: HttpTarget): HttpAnswer {
    const method = target.method ?? 'GET';
    if (target.kind === 'pod') return this.podHttp(target.namespace, target.name, target.port, target.path, method, '10.244.0.1');
    const svc = this.ctx.store.get('Service', target.namespace, target.name) as Service | undefined;
    if (!svc) return { status: 404, headers: {}, body: `services "${target.name}" not found` };
    const port = (svc.spec.ports ?? []).find((p) => p.port === target.port || p.name === target.port || String(p.port) === String(target.port));
    if (!port) return { status: 503, headers: {}, body: `no service port ${target.port} on service ${target.name}` };
    const slices = (this.ctx.store.all('EndpointSlice', target.namespace) as EndpointSlice[]).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === target.name);
    const ready = slices.flatMap((s) => (s.endpoints ?? []).filter((e) => e.conditions?.ready && e.targetRef?.kind === 'Pod'));
    if (ready.length === 0) return { status: 503, headers: {}, body: `no endpoints available for service "${target.name}"` };
    const ep = ready[this.lb.int(ready.length)]!;
    const slicePort = slices.flatMap((s) => s.ports ?? []).find((p) => (p.name ?? '') === (port.name ?? ''));
    const targetPort = slicePort?.port ?? (typeof port.targetPort === 'number' ? port.targetPort : port.port);
    return this.podHttp(target.namespace, ep.targetRef!.name, targetPort, target.path, method, '10.244.0.1');
  }

  private podHttp(namespace: string, name: string, port: number | string, path: string, method: string, clientIp: string): HttpAnswer {
    let found;
    try {
      found = this.find(namespace, name);
    } catch {
      return { status: 502, headers: {}, body: `dial tcp: connect: connection refused` };
    }
    const { k, sb, pod } = found;
    const now = this.ctx.clock.now();
    const numeric = typeof port === 'number' ? port : (pod.spec.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === port)?.containerPort ?? Number(port));
    for (const c of sb.containers) {
      if (c.state !== 'running' || !c.profile?.ports.includes(numeric)) continue;
      if (now < (c.startedAt ?? 0) + c.profile.startupMs) break;
      c.requests++;
      // The files served are the container's own (nginx's html root, edited or removed by exec).
      const request = { method, path, podName: sb.name, podIp: sb.ip, clientIp, now: this.ctx.clock.iso(now), uptime: (now - (c.startedAt ?? now)) / 1000, requestNumber: c.requests, files: servedFiles(k, sb, c) };
      const answer = c.profile.http?.(numeric, request, c.ref?.tag ?? '');
      if (!answer) break;
      if (answer.log) appendLog(k, sb, c, answer.log());
      return { status: answer.status, headers: answer.headers, body: answer.body, pod: { namespace, name } };
    }
    return { status: 502, headers: {}, body: `dial tcp ${sb.ip}:${numeric}: connect: connection refused` };
  }

  exec(request: ExecRequest, streams: ExecStreams): ExecSession {
    const { k, sb, c } = this.running(request.namespace, request.pod, request.container);
    return startExec(k, sb, c, request, streams);
  }

  attach(request: Omit<ExecRequest, 'command'>, streams: ExecStreams): ExecSession | undefined {
    return startAttach(this.running(request.namespace, request.pod, request.container).c, streams);
  }

  /** A running container, or the error the kubelet's exec handler gives. */
  private running(namespace: string, pod: string, container: string): { k: Kubelet; sb: Sandbox; c: ContainerInstance } {
    const { k, sb, pod: obj } = this.find(namespace, pod);
    const c = this.container(sb, obj, container);
    if (c.state !== 'running' || !c.containerID) throw badRequest(`container ${c.name} is not running`);
    return { k, sb, c };
  }

  resolve(name: string, fromNamespace: string): { addresses: string[]; cname?: string } | undefined {
    const clean = name.replace(/\.$/, '');
    const parts = clean.split('.');
    let svcName: string | undefined;
    let ns = fromNamespace;
    if (parts.length === 1) svcName = parts[0];
    else if (parts.length === 2) [svcName, ns] = parts as [string, string];
    else if (parts[2] === 'svc' && (parts.length === 3 || parts.slice(3).join('.') === 'cluster.local')) [svcName, ns] = parts as [string, string];
    if (!svcName) return undefined;
    const svc = this.ctx.store.get('Service', ns, svcName) as Service | undefined;
    if (!svc) return undefined;
    if (svc.spec.type === 'ExternalName') return { addresses: [], cname: svc.spec.externalName! };
    if (svc.spec.clusterIP === 'None') {
      const slices = (this.ctx.store.all('EndpointSlice', ns) as EndpointSlice[]).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svcName);
      return { addresses: slices.flatMap((s) => (s.endpoints ?? []).filter((e) => e.conditions?.ready).flatMap((e) => e.addresses)) };
    }
    return { addresses: [svc.spec.clusterIP!] };
  }

  metrics(): ReturnType<PodRuntime['metrics']> {
    const now = this.ctx.clock.now();
    const window = Math.floor(now / 15_000);
    const pods: ReturnType<PodRuntime['metrics']>['pods'] = [];
    const nodes: ReturnType<PodRuntime['metrics']>['nodes'] = [];
    for (const [name, k] of this.kubelets) {
      if (!k.alive) continue;
      let cpu = 80;
      let mem = 600 * 1024 * 1024;
      for (const sb of k.sandboxes.values()) {
        const containers = sb.containers
          .filter((c) => c.state === 'running' && c.profile)
          .map((c) => {
            const noise = fnv32a(`${sb.uid}/${c.name}/${window}`) / 4294967296;
            const leak = c.profile!.behaviour.kind === 'leak' ? (c.profile!.behaviour.bytesPerSecond * (now - (c.startedAt ?? now))) / 1000 : 0;
            return { name: c.name, cpuMilli: Math.max(0, Math.round(c.profile!.cpuMilli * (0.7 + 0.6 * noise) + c.requests * 0.01)), memoryBytes: Math.round(c.profile!.memoryBytes * (0.95 + 0.1 * noise) + leak) };
          });
        if (!containers.length) continue;
        pods.push({ namespace: sb.namespace, name: sb.name, containers });
        for (const c of containers) {
          cpu += c.cpuMilli;
          mem += c.memoryBytes;
        }
      }
      nodes.push({ name, cpuMilli: cpu, memoryBytes: mem });
    }
    return { pods, nodes };
  }
}
