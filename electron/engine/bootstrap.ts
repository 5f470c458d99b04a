/**
 * The objects of a fresh minikube cluster: the four namespaces, the `kubernetes` Service and its
 * EndpointSlice, kube-dns and the CoreDNS Deployment, the `standard` StorageClass, the nodes
 * (minikube, minikube-m02, ...) and, optionally, the control-plane static pods and the kube-proxy DaemonSet.
 */
import type { KubeObject, Node } from '../../shared/k8s/objects';
import type { Cause } from '../../shared/sim/snapshot';
import type { EngineContext } from './context';

const CAUSE: Cause = { actor: 'system', name: 'bootstrap' };

export function nodeName(i: number): string {
  return i === 0 ? 'minikube' : `minikube-m${String(i + 1).padStart(2, '0')}`;
}

export function nodeObject(ctx: EngineContext, i: number): Node {
  const name = nodeName(i);
  const now = ctx.clock.stamp(ctx.clock.now());
  const cfg = ctx.config;
  const resources = { cpu: cfg.nodeCpu, 'ephemeral-storage': '17734596Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: cfg.nodeMemory, pods: cfg.nodePods };
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'minikube.k8s.io/commit': 'dd5d320e41b5451cdf3c01891bc4e13d189586ed',
    'minikube.k8s.io/name': 'minikube',
    'minikube.k8s.io/primary': i === 0 ? 'true' : 'false',
    'minikube.k8s.io/updated_at': '2026_01_01T00_00_00_0700',
    'minikube.k8s.io/version': 'v1.35.0',
  };
  if (i === 0) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels,
      annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/cri-dockerd.sock', 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: { podCIDR: `10.244.${i}.0/24`, podCIDRs: [`10.244.${i}.0/24`] },
    status: {
      capacity: { ...resources },
      allocatable: { ...resources },
      conditions: [
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'DiskPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
        { type: 'PIDPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
        { type: 'Ready', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletNotReady', message: 'container runtime status check may not have completed yet' },
      ],
      addresses: [
        { type: 'InternalIP', address: `192.168.49.${i + 2}` },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: ctx.rng.uuid(),
        containerRuntimeVersion: 'docker://27.4.1',
        kernelVersion: '6.8.0-1021-gcp',
        kubeProxyVersion: 'v1.32.4',
        kubeletVersion: 'v1.32.4',
        machineID: ctx.rng.hex(32),
        operatingSystem: 'linux',
        osImage: 'Ubuntu 22.04.5 LTS',
        systemUUID: ctx.rng.uuid(),
      },
    } as Node['status'],
  };
}

const COREFILE = `.:53 {
    log
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    hosts {
       192.168.49.1 host.minikube.internal
       fallthrough
    }
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`;

function create(ctx: EngineContext, obj: KubeObject, keepStatus = false): KubeObject {
  return ctx.store.create(obj.kind, obj, CAUSE, { keepStatus } as never);
}

export function bootstrapCluster(ctx: EngineContext): void {
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) create(ctx, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  create(ctx, {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', labels: { 'addonmanager.kubernetes.io/mode': 'EnsureExists' }, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'k8s.io/minikube-hostpath',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  });
  create(ctx, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 }], sessionAffinity: 'None' },
  });
  create(ctx, {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes', 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['192.168.49.2'], conditions: { ready: true, serving: true, terminating: false } }],
    ports: [{ name: 'https', port: 8443, protocol: 'TCP' }],
  });
  // The API server's endpoint reconciler keeps the kubernetes Endpoints (its Service has no selector).
  create(ctx, {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: '192.168.49.2' }], ports: [{ name: 'https', port: 8443, protocol: 'TCP' }] }],
  } as KubeObject);
  create(ctx, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' }, annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.10',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  });
  create(ctx, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: COREFILE } });
  create(ctx, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', namespace: 'default' }, data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIDBjCCAe6gAwIBAgIBATANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwptaW5p\na3ViZUNBMB4XDTI2MDEwMTAwMDAwMFoXDTM2MDEwMTAwMDAwMFowFTETMBEGA1UE\n-----END CERTIFICATE-----\n' } });
  for (let i = 0; i < ctx.config.nodes; i++) create(ctx, nodeObject(ctx, i), true);
  create(ctx, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '25%' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-dns' } },
        spec: {
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'coredns',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
          containers: [
            {
              name: 'coredns',
              image: 'registry.k8s.io/coredns/coredns:v1.11.3',
              args: ['-conf', '/etc/coredns/Corefile'],
              ports: [
                { name: 'dns', containerPort: 53, protocol: 'UDP' },
                { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
              ],
              resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
              livenessProbe: { httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5 },
              readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' }, periodSeconds: 10 },
              volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
            },
          ],
          volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
        },
      },
    },
  });
  if (ctx.config.systemPods) createSystemPods(ctx);
}

function staticPod(ctx: EngineContext, name: string, component: string, image: string, cpu: string | undefined, node: KubeObject): void {
  create(ctx, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${name}-${node.metadata.name}`,
      namespace: 'kube-system',
      labels: { component, tier: 'control-plane' },
      annotations: { 'kubernetes.io/config.source': 'file', 'kubernetes.io/config.mirror': ctx.rng.hex(32) },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid!, controller: true }],
    },
    spec: {
      nodeName: node.metadata.name,
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
      containers: [{ name, image, ...(cpu ? { resources: { requests: { cpu } } } : {}) }],
    },
  });
}

function createSystemPods(ctx: EngineContext): void {
  const first = ctx.store.get('Node', undefined, nodeName(0));
  if (!first) return;
  staticPod(ctx, 'etcd', 'etcd', 'registry.k8s.io/etcd:3.5.16-0', '100m', first);
  staticPod(ctx, 'kube-apiserver', 'kube-apiserver', 'registry.k8s.io/kube-apiserver:v1.32.4', '250m', first);
  staticPod(ctx, 'kube-controller-manager', 'kube-controller-manager', 'registry.k8s.io/kube-controller-manager:v1.32.4', '200m', first);
  staticPod(ctx, 'kube-scheduler', 'kube-scheduler', 'registry.k8s.io/kube-scheduler:v1.32.4', '100m', first);
  // kubeadm's kube-proxy DaemonSet (cmd/kubeadm/app/phases/addons/proxy/manifests.go): the
  // DaemonSet controller puts one kube-proxy-xxxxx pod on every node, added nodes included.
  create(ctx, {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' }, annotations: { 'deprecated.daemonset.template.generation': '1' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-proxy' } },
        spec: {
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          serviceAccountName: 'kube-proxy',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: 'kube-proxy',
              image: 'registry.k8s.io/kube-proxy:v1.32.4',
              command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
              env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
              securityContext: { privileged: true },
            },
          ],
        },
      },
    },
  });
  create(ctx, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'storage-provisioner', namespace: 'kube-system', labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile', 'integration-test': 'storage-provisioner' } },
    spec: { nodeName: first.metadata.name, hostNetwork: true, containers: [{ name: 'storage-provisioner', image: 'gcr.io/k8s-minikube/storage-provisioner:v5', command: ['/storage-provisioner'] }] },
  });
}
