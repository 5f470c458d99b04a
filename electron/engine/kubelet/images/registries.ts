/**
 * How each registry refuses a pull, in the words dockerd (moby's distribution/pull_v2.go and
 * errors.go) relays to cri-dockerd and the kubelet shows in `Failed to pull image "…": …`:
 * Docker Hub's `manifest unknown` and `pull access denied`, Google's (gcr.io, registry.k8s.io,
 * Artifact Registry) `Failed to fetch`, GitHub's and Quay's denials, and for hosts that do not
 * exist the resolver's `no such host`.
 */
import type { ImageRef } from './reference';

/**
 * The node's resolver: minikube's docker driver puts the node on the `minikube` network, whose
 * gateway 192.168.49.1 answers DNS (as in minikube's own issue reports of failed pulls).
 */
const NODE_RESOLVER = '192.168.49.1:53';
/** moby registry/registry.go: the registry dialer's 30 s timeout, for addresses nobody answers. */
export const DIAL_TIMEOUT_MS = 30_000;

const DAEMON = 'Error response from daemon: ';

export interface RegistryRefusal {
  message: string;
  /** How long the failed attempt takes, when it is not the usual quick answer. */
  ms?: number;
}

function isGoogle(domain: string): boolean {
  return domain === 'gcr.io' || domain.endsWith('.gcr.io') || domain === 'registry.k8s.io' || domain.endsWith('-docker.pkg.dev');
}

/** Registries that exist: a missing image there is a registry answer, not a network error. */
const KNOWN_HOSTS = new Set(['docker.io', 'ghcr.io', 'quay.io', 'mcr.microsoft.com', 'public.ecr.aws', 'registry.gitlab.com', 'docker.elastic.co', 'nvcr.io', 'k8s.gcr.io']);

function hostOf(domain: string): { host: string; port?: string } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(domain);
  if (v6) return { host: v6[1]!, ...(v6[2] ? { port: v6[2] } : {}) };
  const [host, port] = domain.split(':');
  return { host: host!, ...(port ? { port } : {}) };
}

/** The registry's answer to a reference it does not hold: `tag` when the repository exists but not that tag or digest. */
export function registryRefusal(ref: ImageRef, missing: 'tag' | 'repository'): RegistryRefusal {
  const { domain, path } = ref;
  const reference = ref.digest ?? ref.tag;
  if (domain === 'docker.io') {
    // moby distribution/errors.go: an unknown repository on Docker Hub is indistinguishable from a private one.
    if (missing === 'repository') return { message: `${DAEMON}pull access denied for ${ref.familiarName}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied` };
    return { message: `${DAEMON}manifest for ${ref.familiar} not found: manifest unknown: manifest unknown` };
  }
  if (isGoogle(domain) || domain === 'k8s.gcr.io') {
    return { message: `${DAEMON}manifest for ${ref.familiar} not found: manifest unknown: Failed to fetch "${reference}" from request "/v2/${path}/manifests/${reference}".` };
  }
  if (domain === 'ghcr.io') return { message: `${DAEMON}Head "https://ghcr.io/v2/${path}/manifests/${reference}": denied` };
  if (domain === 'quay.io' && missing === 'repository') return { message: `${DAEMON}unauthorized: access to the requested resource is not authorized` };
  if (KNOWN_HOSTS.has(domain)) return { message: `${DAEMON}manifest for ${ref.familiar} not found: manifest unknown: manifest unknown` };
  return unreachable(domain);
}

/** A registry host that is not there: loopback refuses, other addresses time out, names do not resolve. */
function unreachable(domain: string): RegistryRefusal {
  const { host, port } = hostOf(domain);
  if (host === 'localhost' || /^127\./.test(host) || host === '::1') {
    // Loopback registries are insecure by default, so dockerd's last try is plain http.
    const ip = host === '::1' ? '[::1]' : host === 'localhost' ? '127.0.0.1' : host;
    return { message: `${DAEMON}Get "http://${domain}/v2/": dial tcp ${ip}:${port ?? '80'}: connect: connection refused` };
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':')) {
    const ip = host.includes(':') ? `[${host}]` : host;
    return { message: `${DAEMON}Get "https://${domain}/v2/": dial tcp ${ip}:${port ?? '443'}: i/o timeout`, ms: DIAL_TIMEOUT_MS };
  }
  return { message: `${DAEMON}Get "https://${domain}/v2/": dial tcp: lookup ${host} on ${NODE_RESOLVER}: no such host` };
}
