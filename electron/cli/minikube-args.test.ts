// The minikube command accepts minikube's own spellings and rejects what it cannot do.
import { describe, expect, it } from 'vitest';
import { fullNodeName, MinikubeUsageError, parseMinikubeArgs, shortNodeName } from './minikube-args';

describe('parseMinikubeArgs', () => {
  it('parses start with every spelling of --nodes and ignores VM-only flags', () => {
    expect(parseMinikubeArgs(['start'])).toEqual({ cmd: 'start', force: false });
    expect(parseMinikubeArgs(['start', '--nodes', '3'])).toEqual({ cmd: 'start', nodes: 3, force: false });
    expect(parseMinikubeArgs(['start', '--nodes=2', '--driver=docker', '--memory', '4096', '-y'])).toEqual({ cmd: 'start', nodes: 2, force: true });
    expect(parseMinikubeArgs(['start', '-n', '4', '--force'])).toEqual({ cmd: 'start', nodes: 4, force: true });
  });

  it('rejects bad node counts and unknown flags', () => {
    expect(() => parseMinikubeArgs(['start', '--nodes', 'three'])).toThrow(MinikubeUsageError);
    expect(() => parseMinikubeArgs(['start', '--nodes', '0'])).toThrow(/between 1 and/);
    expect(() => parseMinikubeArgs(['start', '--nodes'])).toThrow(/needs an argument/);
    expect(() => parseMinikubeArgs(['start', '--frobnicate'])).toThrow(/unknown flag: --frobnicate/);
    expect(() => parseMinikubeArgs(['status', 'extra'])).toThrow(/takes no arguments/);
    expect(() => parseMinikubeArgs(['launch'])).toThrow(/unknown command "launch"/);
  });

  it('parses node add, delete (short or full names) and list', () => {
    expect(parseMinikubeArgs(['node', 'add'])).toEqual({ cmd: 'node-add' });
    expect(parseMinikubeArgs(['node', 'add', '--worker'])).toEqual({ cmd: 'node-add' });
    expect(parseMinikubeArgs(['node', 'delete', 'm02'])).toEqual({ cmd: 'node-delete', name: 'minikube-m02' });
    expect(parseMinikubeArgs(['node', 'delete', 'minikube-m03'])).toEqual({ cmd: 'node-delete', name: 'minikube-m03' });
    expect(parseMinikubeArgs(['node', 'list'])).toEqual({ cmd: 'node-list' });
    expect(parseMinikubeArgs(['node', 'stop', 'm02'])).toEqual({ cmd: 'node-stop', name: 'minikube-m02', typed: 'm02' });
    expect(parseMinikubeArgs(['node', 'start', 'minikube-m03'])).toEqual({ cmd: 'node-start', name: 'minikube-m03', typed: 'minikube-m03' });
    expect(() => parseMinikubeArgs(['node', 'stop'])).toThrow('Usage: minikube node stop [name]');
    expect(() => parseMinikubeArgs(['node', 'delete'])).toThrow(MinikubeUsageError);
    expect(() => parseMinikubeArgs(['node'])).toThrow(MinikubeUsageError);
  });

  it('parses service, ip, tunnel, dashboard, kubectl and help', () => {
    expect(parseMinikubeArgs(['service', 'hello', '--url'])).toEqual({ cmd: 'service', name: 'hello', namespace: 'default', url: true });
    expect(parseMinikubeArgs(['service', 'hello', '-n', 'web'])).toEqual({ cmd: 'service', name: 'hello', namespace: 'web', url: false });
    expect(parseMinikubeArgs(['ip'])).toEqual({ cmd: 'ip' });
    expect(parseMinikubeArgs(['ip', '--node=m02'])).toEqual({ cmd: 'ip', node: 'minikube-m02' });
    expect(parseMinikubeArgs(['tunnel'])).toEqual({ cmd: 'tunnel' });
    expect(parseMinikubeArgs(['dashboard', '--url'])).toEqual({ cmd: 'dashboard', url: true });
    expect(parseMinikubeArgs(['kubectl', '--', 'get', 'pods', '-A'])).toEqual({ cmd: 'kubectl', args: ['get', 'pods', '-A'] });
    expect(parseMinikubeArgs([])).toEqual({ cmd: 'help' });
    expect(parseMinikubeArgs(['--help'])).toEqual({ cmd: 'help' });
    expect(parseMinikubeArgs(['delete', '--all'])).toEqual({ cmd: 'delete' });
  });

  it('maps between minikube\'s short and full node names', () => {
    expect(fullNodeName('m02')).toBe('minikube-m02');
    expect(fullNodeName('minikube')).toBe('minikube');
    expect(shortNodeName('minikube-m02')).toBe('m02');
  });
});
