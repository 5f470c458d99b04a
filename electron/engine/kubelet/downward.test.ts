/**
 * Downward API env vars as the kubelet resolves them: pod fields including the runtime ones
 * (podIP, hostIP, nodeName) that are only known once the sandbox exists, and container resources
 * over a divisor, rounded up, with a missing limit read as the node's allocatable.
 */
import { describe, expect, it } from 'vitest';
import type { Container, Node, Pod } from '../../../shared/k8s/objects';
import { quantityValue } from '../../../shared/k8s/quantity';
import { engine, get, until, USER } from '../testkit';
import { ConfigError } from './config-error';
import { podFieldValue, resourceFieldValue, type DownwardFacts } from './downward';

const field = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { fieldPath } } });
const resource = (name: string, res: string, divisor?: string, containerName?: string) => ({ name, valueFrom: { resourceFieldRef: { resource: res, ...(divisor ? { divisor } : {}), ...(containerName ? { containerName } : {}) } } });

describe('downward API env in a running pod', () => {
  it('resolves pod fields, runtime IPs and resources once the pod has its IP', () => {
    const e = engine({ nodes: 2 });
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'dapi', labels: { app: 'shop', tier: 'web' }, annotations: { note: 'hello' } },
      spec: {
        containers: [
          {
            name: 'main',
            image: 'nginx:1.25',
            resources: { requests: { cpu: '250m', memory: '64Mi' } },
            env: [
              field('POD_NAME', 'metadata.name'),
              field('POD_NAMESPACE', 'metadata.namespace'),
              field('POD_UID', 'metadata.uid'),
              field('APP', "metadata.labels['app']"),
              field('NOTE', "metadata.annotations['note']"),
              field('NODE', 'spec.nodeName'),
              field('SA', 'spec.serviceAccountName'),
              field('POD_IP', 'status.podIP'),
              field('POD_IPS', 'status.podIPs'),
              field('HOST_IP', 'status.hostIP'),
              field('HOST_IPS', 'status.hostIPs'),
              resource('MEM_LIMIT', 'limits.memory'),
              resource('CPU_LIMIT', 'limits.cpu'),
              resource('MEM_REQUEST_MI', 'requests.memory', '1Mi'),
              resource('CPU_REQUEST_M', 'requests.cpu', '1m'),
              resource('SIDE_CPU_LIMIT', 'limits.cpu', '1m', 'side'),
            ],
          },
          { name: 'side', image: 'busybox:1.36', command: ['sleep', '3600'], resources: { limits: { cpu: '500m', memory: '100M' } } },
        ],
      },
      status: {},
    };
    e.store.create('Pod', pod, USER);
    until(e, () => get<Pod>(e, 'Pod', 'default', 'dapi')?.status?.phase === 'Running');
    const running = get<Pod>(e, 'Pod', 'default', 'dapi')!;
    const node = get<Node>(e, 'Node', undefined, running.spec.nodeName!)!;
    const env = e.runtime.env('default', 'dapi', 'main');
    expect(running.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(env).toMatchObject({
      POD_NAME: 'dapi',
      POD_NAMESPACE: 'default',
      POD_UID: running.metadata.uid,
      APP: 'shop',
      NOTE: 'hello',
      NODE: running.spec.nodeName,
      SA: 'default',
      POD_IP: running.status.podIP,
      POD_IPS: running.status.podIP,
      HOST_IP: running.status.hostIP,
      HOST_IPS: running.status.hostIP,
      // No limit: defaultPodLimitsForDownwardAPI uses the node's allocatable.
      MEM_LIMIT: String(quantityValue(node.status!.allocatable!.memory)),
      CPU_LIMIT: String(Math.ceil(quantityValue(node.status!.allocatable!.cpu))),
      MEM_REQUEST_MI: '64',
      CPU_REQUEST_M: '250',
      SIDE_CPU_LIMIT: '500',
    });
    expect(env.MEM_LIMIT).not.toBe('0');
  });
});

describe('podFieldValue and resourceFieldValue', () => {
  const facts: DownwardFacts = { podIPs: ['10.244.1.7'], hostIPs: ['192.168.49.3'], nodeAllocatable: { cpu: '2', memory: '3912Mi', 'ephemeral-storage': '17734596Ki' } };
  const pod = { metadata: { name: 'p', namespace: 'ns', uid: 'u-1', labels: { b: '2', a: '1' }, annotations: {} }, spec: { nodeName: 'minikube-m02', serviceAccountName: 'robot', containers: [] } } as unknown as Pod;

  it('formats a whole labels map as sorted key="value" lines (fieldpath.FormatMap)', () => {
    expect(podFieldValue(pod, 'metadata.labels', facts)).toBe('a="1"\nb="2"');
    expect(podFieldValue(pod, "metadata.labels['missing']", facts)).toBe('');
    expect(podFieldValue(pod, 'spec.serviceAccountName', facts)).toBe('robot');
    expect(() => podFieldValue(pod, 'spec.schedulerName', facts)).toThrow(new ConfigError('unsupported fieldPath: spec.schedulerName'));
  });

  it('rounds up over the divisor: cpu in millicores, memory and storage in units', () => {
    const c: Container = { name: 'c', image: 'x', resources: { limits: { cpu: '1500m', memory: '1Gi' }, requests: { cpu: '100m' } } };
    expect(resourceFieldValue(pod, c, { resource: 'limits.cpu' }, facts)).toBe('2');
    expect(resourceFieldValue(pod, c, { resource: 'limits.cpu', divisor: '1m' }, facts)).toBe('1500');
    expect(resourceFieldValue(pod, c, { resource: 'limits.memory', divisor: '1Mi' }, facts)).toBe('1024');
    expect(resourceFieldValue(pod, c, { resource: 'limits.memory', divisor: '1G' }, facts)).toBe('2');
    expect(resourceFieldValue(pod, c, { resource: 'limits.ephemeral-storage' }, facts)).toBe(String(17734596 * 1024));
    expect(resourceFieldValue(pod, c, { resource: 'requests.cpu', divisor: '0' }, facts)).toBe('1');
    expect(resourceFieldValue(pod, c, { resource: 'requests.memory' }, facts)).toBe('0');
    expect(() => resourceFieldValue(pod, c, { resource: 'limits.gpu' }, facts)).toThrow('unsupported container resource : limits.gpu');
    expect(() => resourceFieldValue(pod, c, { resource: 'limits.cpu', containerName: 'nope' }, facts)).toThrow('container nope not found');
  });
});
