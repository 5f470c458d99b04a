/**
 * The images a minikube cluster runs itself (electron/engine/bootstrap.ts and minikube's addons):
 * the kubeadm control plane, kube-proxy, CoreDNS, storage-provisioner, pause, kindnet for
 * multi-node clusters, metrics-server, the dashboard and ingress-nginx.
 */
import { image } from './helpers';
import type { ImageProfile } from '../types';

function versions(prefix: string, minors: Record<string, number>): string[][] {
  const out: string[][] = [];
  for (const [minor, last] of Object.entries(minors)) for (let p = last; p >= 0; p--) out.push([`${prefix}${minor}.${p}`]);
  return out;
}

const KUBE_VERSIONS = versions('v', { '1.32': 4, '1.31': 8, '1.30': 12, '1.29': 15, '1.28': 15 });

/**
 * The Kubernetes version the simulated minikube runs: its preload tarball (minikube's
 * preload-images for the docker runtime) puts these control-plane images on every node.
 */
const CLUSTER_VERSION = 'v1.32.4';

function component(name: string, ports: number[], sizeBytes: number, memoryMiB: number): ImageProfile {
  return image(`registry.k8s.io/${name}`, { tagGroups: KUBE_VERSIONS, preloadedTags: [CLUSTER_VERSION], sizeBytes, ports, memoryBytes: memoryMiB * 1024 * 1024, cpuMilli: 5, entrypoint: [`/usr/local/bin/${name}`] });
}

export const SYSTEM_IMAGES: ImageProfile[] = [
  component('kube-apiserver', [8443], 97_000_000, 250),
  component('kube-controller-manager', [10257], 89_000_000, 60),
  component('kube-scheduler', [10259], 69_000_000, 25),
  component('kube-proxy', [10249, 10256], 94_000_000, 20),
  image('registry.k8s.io/etcd', {
    tagGroups: [['3.5.16-0'], ['3.5.15-0'], ['3.5.12-0'], ['3.5.10-0'], ['3.5.9-0'], ['3.5.7-0'], ['3.5.6-0'], ['3.5.4-0'], ['3.5.1-0'], ['3.4.13-0']],
    preloadedTags: ['3.5.16-0'],
    sizeBytes: 150_000_000,
    entrypoint: ['/usr/local/bin/etcd'],
    ports: [2379, 2380, 2381],
    memoryBytes: 40 * 1024 * 1024,
    cpuMilli: 10,
  }),
  image('registry.k8s.io/coredns/coredns', {
    tagGroups: [['v1.11.3'], ['v1.11.1'], ['v1.10.1'], ['v1.9.3'], ['v1.8.6']],
    preloadedTags: ['v1.11.3'],
    sizeBytes: 61_800_000,
    entrypoint: ['/coredns'],
    ports: [53, 8080, 8181, 9153],
    memoryBytes: 14 * 1024 * 1024,
    startLogs: () => ['.:53', '[INFO] plugin/reload: Running configuration SHA512 = 05e3eaddc414b2d71a69b2e2bc6f2681fc1f4d04bcdd3acc1a41457bb7db518208b95ddfc4c9fffedc59c25a8faf458be1af4915a4a3c0d6777cb7a346bc5d86', 'CoreDNS-1.11.3', 'linux/amd64, go1.21.11, a6338e9'],
    http: (port) => (port === 8080 || port === 8181 ? { status: 200, headers: {}, body: 'OK' } : undefined),
  }),
  image('gcr.io/k8s-minikube/storage-provisioner', { tagGroups: [['v5']], preloadedTags: ['v5'], sizeBytes: 31_500_000, entrypoint: ['/storage-provisioner'], memoryBytes: 8 * 1024 * 1024 }),
  image('registry.k8s.io/pause', { preloadedTags: ['3.10'], tagGroups: [['3.10'], ['3.9'], ['3.8'], ['3.7'], ['3.6'], ['3.5'], ['3.4.1'], ['3.3'], ['3.2'], ['3.1']], sizeBytes: 736_000, pullMs: 600, entrypoint: ['/pause'], cpuMilli: 0, memoryBytes: 200 * 1024 }),
  image('docker.io/kindest/kindnetd', { tagGroups: [['v20241212-9f82dd49'], ['v20241007-36f62932'], ['v20240513-cd2ac642'], ['v20240202-8f1494ea']], sizeBytes: 94_000_000, entrypoint: ['/bin/kindnetd'], memoryBytes: 10 * 1024 * 1024 }),
  image('registry.k8s.io/metrics-server/metrics-server', { tagGroups: [['v0.8.0'], ['v0.7.2'], ['v0.7.1'], ['v0.6.4']], sizeBytes: 67_000_000, ports: [4443, 10250], memoryBytes: 18 * 1024 * 1024 }),
  image('docker.io/kubernetesui/dashboard', { tagGroups: [['v2.7.0'], ['v2.6.1']], sizeBytes: 246_000_000, ports: [9090], memoryBytes: 20 * 1024 * 1024 }),
  image('docker.io/kubernetesui/metrics-scraper', { tagGroups: [['v1.0.8'], ['v1.0.7']], sizeBytes: 43_800_000, ports: [8000], memoryBytes: 8 * 1024 * 1024 }),
  image('registry.k8s.io/ingress-nginx/controller', { tagGroups: [['v1.11.3'], ['v1.11.2'], ['v1.10.1'], ['v1.9.4']], sizeBytes: 287_000_000, ports: [80, 443, 8443, 10254], memoryBytes: 90 * 1024 * 1024 }),
  // The ingress addon's admission Jobs: create or patch a certificate, then exit.
  image('registry.k8s.io/ingress-nginx/kube-webhook-certgen', { tagGroups: [['v1.4.4'], ['v1.4.3'], ['v1.4.1']], sizeBytes: 53_000_000, behaviour: { kind: 'crash', afterMs: 500, exitCode: 0 }, cpuMilli: 0 }),
];
