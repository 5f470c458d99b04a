/**
 * A scripted cluster inside the page, exposed as the preload bridge (`window.kubelab`), so the built
 * renderer can be driven and measured without the engine: N nodes, pods spread over Deployments,
 * a Service per Deployment, and a churn loop that keeps pods changing state (animations running).
 * Failure injection moves a node's pods elsewhere, so drag-to-fail can be exercised end to end.
 *
 * installFakeCluster is serialised by Playwright's addInitScript: it must not reference anything
 * outside its own body.
 */
export interface FakeClusterConfig {
  nodes: number;
  pods: number;
  /** Pods whose state changes per tick (0 for a still cluster). */
  churn: number;
  tickMs: number;
}

export function installFakeCluster(config: FakeClusterConfig): void {
  type Obj = { apiVersion: string; kind: string; metadata: Record<string, unknown> & { name: string; namespace?: string }; spec?: Record<string, unknown>; status?: Record<string, unknown> };
  const objects = new Map<string, Obj>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const key = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  let frame = 1;
  let now = 0;
  let paused = false;
  let speed = 1;
  let podSerial = 0;
  const failures: Record<string, string> = {};
  const clock = () => ({ now, speed, paused });
  const emit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((listener) => listener(payload));
  const nodeName = (i: number) => (i === 0 ? 'minikube' : `minikube-m${String(i + 1).padStart(2, '0')}`);
  const iso = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

  const makeNode = (name: string, ready: boolean): Obj => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, labels: name === 'minikube' ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
    spec: ready ? {} : { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] },
    status: { allocatable: { cpu: '8', memory: '16Gi', pods: '110' }, conditions: [{ type: 'Ready', status: ready ? 'True' : 'Unknown' }] },
  });
  const deploymentNames = ['web', 'api', 'worker', 'cache', 'db', 'queue', 'auth'];
  const makePod = (deployment: string, node: string | undefined, state: 'Ready' | 'Running' | 'Creating' | 'Pending'): Obj => {
    const name = `${deployment}-7d9f-${(podSerial++).toString(36).padStart(5, '0')}`;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: deployment }, creationTimestamp: iso(podSerial), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${deployment}-7d9f`, uid: `uid-rs-${deployment}`, controller: true }] },
      spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '100m', memory: '128Mi' } } }], ...(node ? { nodeName: node } : {}) },
      status: podStatus(state),
    };
  };
  function podStatus(state: 'Ready' | 'Running' | 'Creating' | 'Pending', restarts = 0): Record<string, unknown> {
    return {
      phase: state === 'Ready' || state === 'Running' ? 'Running' : 'Pending',
      conditions: [{ type: 'Ready', status: state === 'Ready' ? 'True' : 'False' }],
      containerStatuses: [{ name: 'app', image: 'nginx', ready: state === 'Ready', restartCount: restarts, ...(state === 'Creating' ? { state: { waiting: { reason: 'ContainerCreating' } } } : {}) }],
    };
  }
  const put = (o: Obj) => objects.set(key(o), o);

  for (let i = 0; i < config.nodes; i++) put(makeNode(nodeName(i), true));
  const perDeployment = Math.ceil(config.pods / deploymentNames.length);
  for (const [d, name] of deploymentNames.entries()) {
    const labels = { app: name };
    put({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec: { replicas: perDeployment, selector: { matchLabels: labels }, template: { metadata: { labels } } }, status: {} });
    put({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `${name}-7d9f`, namespace: 'default', uid: `uid-rs-${name}`, annotations: { 'deployment.kubernetes.io/revision': '1' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: `uid-${name}`, controller: true }] }, spec: { replicas: perDeployment, selector: { matchLabels: labels } }, status: { replicas: perDeployment, readyReplicas: perDeployment, availableReplicas: perDeployment } });
    put({ apiVersion: 'v1', kind: 'Service', metadata: { name: `${name}-svc`, namespace: 'default', uid: `uid-svc-${name}` }, spec: { selector: labels, ports: [{ port: 80 }] } });
    void d;
  }
  for (let i = 0; i < config.pods; i++) put(makePod(deploymentNames[i % deploymentNames.length]!, nodeName(i % config.nodes), 'Ready'));

  const pods = () => [...objects.values()].filter((o) => o.kind === 'Pod');
  const readyNodes = () => [...objects.values()].filter((o) => o.kind === 'Node' && !failures[o.metadata.name]).map((o) => o.metadata.name);
  const send = (changes: { type: string; object: Obj }[]) => {
    if (changes.length === 0) return;
    // As the engine commits them: each change at its own frame, with its time and who made it.
    const stamped = changes.map((change) => ({ ...change, frame: ++frame, time: now, cause: { actor: 'kubelet', name: 'harness' } }));
    emit('kubelab:cluster.delta', { frame, clock: clock(), changes: stamped });
  };
  const modify = (o: Obj) => {
    put(o);
    return { type: 'MODIFIED', object: o };
  };

  setInterval(() => {
    if (paused) return;
    now += Math.round(config.tickMs * speed);
    const all = pods();
    const changes: { type: string; object: Obj }[] = [];
    for (let i = 0; i < config.churn && all.length; i++) {
      const pod = all[(now / config.tickMs + i * 7919) % all.length | 0]!;
      const ready = (pod.status as { conditions: { status: string }[] }).conditions[0]!.status === 'True';
      const restarts = ((pod.status as { containerStatuses: { restartCount: number }[] }).containerStatuses[0]!.restartCount + (ready ? 1 : 0)) % 12;
      changes.push(modify({ ...pod, status: podStatus(ready ? 'Running' : 'Ready', restarts) }));
    }
    // Pods waiting for a node get one, and new ones start, a step per tick.
    for (const pod of all) {
      const spec = pod.spec as { nodeName?: string };
      const state = (pod.status as { containerStatuses: { state?: { waiting?: { reason: string } } }[] }).containerStatuses[0]!.state?.waiting?.reason;
      if (!spec.nodeName) {
        const targets = readyNodes();
        if (targets.length) changes.push(modify({ ...pod, spec: { ...spec, nodeName: targets[(podSerial + changes.length) % targets.length] }, status: podStatus('Creating') }));
      } else if (state === 'ContainerCreating') changes.push(modify({ ...pod, status: podStatus('Ready') }));
    }
    send(changes);
  }, config.tickMs);

  function inject(node: string, action: string) {
    failures[node] = action;
    const changes: { type: string; object: Obj }[] = [modify(makeNode(node, false))];
    for (const pod of pods().filter((p) => (p.spec as { nodeName?: string }).nodeName === node)) {
      objects.delete(key(pod));
      changes.push({ type: 'DELETED', object: pod });
      const replacement = makePod(String((pod.metadata.labels as Record<string, string>).app), undefined, 'Pending');
      put(replacement);
      changes.push({ type: 'ADDED', object: replacement });
    }
    send(changes);
    return { ...failures };
  }
  function recover(node: string) {
    delete failures[node];
    send([modify(makeNode(node, true))]);
    return { ...failures };
  }
  function explain(arg: { namespace: string; name: string }) {
    const pod = objects.get(`Pod/${arg.namespace}/${arg.name}`);
    const chosen = (pod?.spec as { nodeName?: string } | undefined)?.nodeName;
    const nodes = [...objects.values()].filter((o) => o.kind === 'Node').map((o) => o.metadata.name);
    return {
      cycles: [
        {
          time: now,
          attempt: 1,
          pod: { namespace: arg.namespace, name: arg.name, uid: `uid-${arg.name}` },
          ...(chosen ? { selectedNode: chosen } : {}),
          evaluatedNodes: nodes.length,
          totalNodes: nodes.length,
          weights: { NodeResourcesFit: 1, ImageLocality: 1 },
          scoringStrategy: 'LeastAllocated',
          verdicts: nodes.map((node) =>
            failures[node]
              ? { node, code: 'Unschedulable', plugin: 'TaintToleration', reasons: ["node(s) had untolerated taint {node.kubernetes.io/unreachable: }"] }
              : { node, code: 'Success', reasons: [], scores: { NodeResourcesFit: node === chosen ? 90 : 70, ImageLocality: 0 }, total: node === chosen ? 90 : 70 },
          ),
        },
      ],
    };
  }

  const methods: Record<string, (arg: never) => unknown> = {
    'kubelab:app.info': () => ({ name: 'Kubelab', version: 'harness', mode: 'electron' }),
    'kubelab:cluster.snapshot': () => ({ frame, clock: clock(), objects: [...objects.values()] }),
    'kubelab:clock.state': () => clock(),
    'kubelab:clock.play': () => ((paused = false), clock()),
    'kubelab:clock.pause': () => ((paused = true), clock()),
    'kubelab:clock.setSpeed': (arg: { speed: number }) => ((speed = arg.speed), clock()),
    'kubelab:clock.step': () => ((now += 1000), clock()),
    'kubelab:failures.list': () => ({ ...failures }),
    'kubelab:failures.inject': (arg: { node: string; action: string }) => inject(arg.node, arg.action),
    'kubelab:failures.recover': (arg: { node: string }) => recover(arg.node),
    'kubelab:scheduler.explain': (arg: { namespace: string; name: string }) => explain(arg),
    'kubelab:objects.apply': () => ({ ok: false, problems: [{ message: 'the harness does not apply objects' }] }),
    'kubelab:timeline.state': () => ({ length: frame, viewing: null, hash: '' }),
    'kubelab:timeline.seek': (arg: { frame: number }) => ({ length: frame, viewing: arg.frame, hash: '' }),
    'kubelab:timeline.live': () => ({ length: frame, viewing: null, hash: '' }),
    'kubelab:timeline.frames': () => [],
  };
  (globalThis as unknown as Record<string, unknown>).kubelab = {
    async call(channel: string, arg: unknown) {
      const method = methods[channel];
      if (!method) return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: channel } };
      const value = method(arg as never);
      if (channel === 'kubelab:failures.inject' || channel === 'kubelab:failures.recover') emit('kubelab:failures.changed', value);
      if (channel.startsWith('kubelab:clock.')) emit('kubelab:clock.changed', value);
      return { ok: true, value };
    },
    subscribe(channel: string, listener: (payload: unknown) => void) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  };
}

/**
 * The init script as text. Loaders that keep function names (tsx, esbuild's keepNames) wrap
 * functions in a `__name` helper that does not exist in the page, so one is defined first.
 */
export function fakeClusterScript(config: FakeClusterConfig): { content: string } {
  return { content: `globalThis.__name = globalThis.__name || ((f) => f);\n(${installFakeCluster.toString()})(${JSON.stringify(config)});` };
}
