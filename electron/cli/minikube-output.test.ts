// The minikube command's output reads like minikube's own.
import { describe, expect, it } from 'vitest';
import * as out from './minikube-output';

const nodes = [
  { name: 'minikube', ip: '192.168.49.2', controlPlane: true, ready: true },
  { name: 'minikube-m02', ip: '192.168.49.3', controlPlane: false, ready: false },
];

describe('minikube output', () => {
  it('prints the status block per node, with minikube\'s exit codes', () => {
    const running = { state: 'Running' as const, nodes };
    expect(out.statusText(running)).toBe(
      'minikube\ntype: Control Plane\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n\nminikube-m02\ntype: Worker\nhost: Running\nkubelet: Stopped\n\n',
    );
    expect(out.statusExitCode(running)).toBe(0);
    const stopped = { state: 'Stopped' as const, nodes };
    expect(out.statusText(stopped)).toContain('host: Stopped\nkubelet: Stopped\napiserver: Stopped\nkubeconfig: Stopped');
    expect(out.statusExitCode(stopped)).toBe(7);
    expect(out.statusText({ state: 'Nonexistent', nodes: [] })).toContain('Profile "minikube" not found');
    expect(out.statusExitCode({ state: 'Nonexistent', nodes: [] })).toBe(85);
  });

  it('words start like minikube and lists every node it starts', () => {
    const created = out.startText({ action: 'created', nodes: 3 });
    expect(created).toContain('👍  Starting "minikube" primary control-plane node in "minikube" cluster');
    expect(created).toContain('👍  Starting "minikube-m02" worker node');
    expect(created).toContain('👍  Starting "minikube-m03" worker node');
    expect(created.trimEnd().endsWith('"default" namespace by default')).toBe(true);
    expect(out.startText({ action: 'running', nodes: 1 })).toContain('Updating the running');
    expect(out.startText({ action: 'recreated', nodes: 2 })).toMatch(/^🔥 {2}Deleting "minikube"/);
    expect(out.confirmRecreateQuestion(1, 3)).toMatch(/has 1 node; starting it with 3.*\[y\/N\]: $/s);
  });

  it('prints node, stop and delete messages', () => {
    expect(out.nodeAddText('minikube-m02')).toContain('🏄  Successfully added m02 to minikube!');
    expect(out.nodeDeleteText('minikube-m02')).toContain('💀  Node m02 was successfully deleted.');
    expect(out.nodeStopText('minikube-m02')).toContain('🛑  Successfully stopped node minikube-m02\n');
    expect(out.nodeStartText('minikube-m02', 'm02', false)).toContain('😄  Successfully started node minikube-m02!\n');
    expect(out.nodeStartText('minikube-m02', 'm02', true)).toBe('✅  m02 is already running\n');
    expect(out.nodeListText(nodes)).toBe('minikube\t192.168.49.2\nminikube-m02\t192.168.49.3\n');
    expect(out.stopText(2, ['minikube', 'minikube-m02'])).toBe('✋  Stopping node "minikube"  ...\n✋  Stopping node "minikube-m02"  ...\n🛑  2 nodes stopped.\n');
    expect(out.deleteText(true)).toContain('💀  Removed all traces of the "minikube" cluster.');
  });

  it('ends the tunnel per service, as minikube\'s ssh tunnels do', () => {
    expect(out.tunnelStoppedText([{ namespace: 'default', name: 'web', ip: '127.0.0.1', ports: [80] }])).toBe('\n✋  Stopped tunnel for service web.\n');
    expect(out.tunnelStoppedText([])).toBe('\n✋  Stopped the tunnel.\n');
  });

  it('draws minikube\'s service table', () => {
    expect(out.table(['NAMESPACE', 'NAME', 'URL'], [['default', 'web', 'http://127.0.0.1:30080']])).toBe(
      '|-----------|------|------------------------|\n| NAMESPACE | NAME | URL                    |\n|-----------|------|------------------------|\n| default   | web  | http://127.0.0.1:30080 |\n|-----------|------|------------------------|\n',
    );
    expect(out.errorText('GUEST_STATUS', 'state=Stopped')).toBe('\n❌  Exiting due to GUEST_STATUS: state=Stopped\n\n');
  });
});
