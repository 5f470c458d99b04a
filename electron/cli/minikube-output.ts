/**
 * What the bundled `minikube` prints, worded like minikube's own output (emoji prefixes, "Done!",
 * the status block), so the tutorial's screenshots and the learner's screen agree. Pure functions
 * from results to text, tested on their own.
 */
import type { ClusterState, NodeState, StartResult, TunnelService } from '../control/control-protocol';
import { shortNodeName } from './minikube-args';

export const MINIKUBE_VERSION = 'v1.37.0';
/** minikube's exit codes for `status`: host, cluster and Kubernetes not running; profile missing. */
export const STATUS_EXIT_STOPPED = 7;
export const STATUS_EXIT_NONEXISTENT = 85;

export function statusText(state: ClusterState): string {
  if (state.state === 'Nonexistent') {
    return '🤷  Profile "minikube" not found. Run "minikube profile list" to view all profiles.\n👉  To start a cluster, run: "minikube start"\n';
  }
  const running = state.state === 'Running';
  const blocks = state.nodes.map((node) => {
    const kubelet = running ? (node.ready ? 'Running' : 'Stopped') : 'Stopped';
    const lines = [node.name, `type: ${node.controlPlane ? 'Control Plane' : 'Worker'}`, `host: ${state.state}`, `kubelet: ${kubelet}`];
    if (node.controlPlane) lines.push(`apiserver: ${running ? 'Running' : 'Stopped'}`, `kubeconfig: ${running ? 'Configured' : 'Stopped'}`);
    return lines.join('\n') + '\n';
  });
  return blocks.join('\n') + '\n';
}

export function statusExitCode(state: ClusterState): number {
  if (state.state === 'Nonexistent') return STATUS_EXIT_NONEXISTENT;
  return state.state === 'Running' ? 0 : STATUS_EXIT_STOPPED;
}

const header = `😄  minikube ${MINIKUBE_VERSION} on Kubelab (simulated cluster)\n✨  Using the kubelab driver based on existing profile\n`;
const done = '🏄  Done! kubectl is now configured to use "minikube" cluster and "default" namespace by default\n';

export function startText(result: Exclude<StartResult, { action: 'needs-confirmation' }>): string {
  const workers = Math.max(0, result.nodes - 1);
  const startingPrimary = '👍  Starting "minikube" primary control-plane node in "minikube" cluster\n';
  const workerLines = Array.from({ length: workers }, (_, i) => `👍  Starting "minikube-m${String(i + 2).padStart(2, '0')}" worker node in "minikube" cluster\n`).join('');
  switch (result.action) {
    case 'running':
      return `${header}${startingPrimary}🏃  Updating the running kubelab "minikube" container ...\n${done}`;
    case 'resumed':
      return `${header}${startingPrimary}🔄  Restarting existing kubelab container for "minikube" ...\n${workerLines}${done}`;
    case 'created':
    case 'recreated': {
      const first = result.action === 'recreated' ? '🔥  Deleting "minikube" in kubelab ...\n💀  Removed all traces of the "minikube" cluster.\n' : '';
      return `${first}${header.replace(' based on existing profile', '')}${startingPrimary}🔥  Creating kubelab container (CPUs=2, Memory=2200MB) ...\n🔎  Verifying Kubernetes components...\n${workerLines}${done}`;
    }
  }
}

export function confirmRecreateQuestion(current: number, requested: number): string {
  return `❗  The "minikube" cluster has ${current} node${current === 1 ? '' : 's'}; starting it with ${requested} means deleting it and creating a new one. Everything running in it will be lost.\n❓  Delete and re-create "minikube" with ${requested} node${requested === 1 ? '' : 's'}? [y/N]: `;
}

export const RECREATE_DECLINED = '✋  Leaving the existing cluster as it is. Run "minikube start --nodes N --force" to skip this question.\n';

export function stopText(stoppedNodes: number, nodes: string[]): string {
  const lines = nodes.map((n) => `✋  Stopping node "${n}"  ...\n`).join('');
  return `${lines}🛑  ${stoppedNodes} node${stoppedNodes === 1 ? '' : 's'} stopped.\n`;
}

export function deleteText(deleted: boolean): string {
  if (!deleted) return '🙄  "minikube" profile does not exist, trying anyways.\n💀  Removed all traces of the "minikube" cluster.\n';
  return '🔥  Deleting "minikube" in kubelab ...\n🔥  Removing /var/lib/minikube ...\n💀  Removed all traces of the "minikube" cluster.\n';
}

export function nodeAddText(name: string): string {
  const short = shortNodeName(name);
  return `😄  Adding node ${short} to cluster minikube as [worker]\n👍  Starting "${name}" worker node in "minikube" cluster\n🏄  Successfully added ${short} to minikube!\n`;
}

export function nodeDeleteText(name: string): string {
  const short = shortNodeName(name);
  return `🔥  Deleting node ${short} from cluster minikube\n💀  Node ${short} was successfully deleted.\n`;
}

/** machine.StopHost's steps for the docker driver, then node_stop.go's "Successfully stopped node". */
export function nodeStopText(name: string): string {
  return `✋  Stopping node "${name}"  ...\n🛑  Powering off "${name}" via SSH ...\n🛑  Successfully stopped node ${name}\n`;
}

/** node_start.go: "{{.name}} is already running" names the node as typed; success names the machine. */
export function nodeStartText(name: string, typed: string, alreadyRunning: boolean): string {
  if (alreadyRunning) return `✅  ${typed} is already running\n`;
  return `👍  Starting "${name}" worker node in "minikube" cluster\n🔄  Restarting existing kubelab container for "${name}" ...\n😄  Successfully started node ${name}!\n`;
}

export function nodeListText(nodes: NodeState[]): string {
  return nodes.map((n) => `${n.name}\t${n.ip}\n`).join('');
}

/** minikube's boxed table, as printed by `minikube service NAME`. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|\n';
  const row = (cells: string[]) => '|' + widths.map((w, i) => ` ${(cells[i] ?? '').padEnd(w)} `).join('|') + '|\n';
  return line + row(headers) + line + rows.map(row).join('') + line;
}

export function serviceText(namespace: string, name: string, urls: string[]): string {
  const rows = urls.length ? urls.map((url, i) => [i === 0 ? namespace : '', i === 0 ? name : '', url]) : [[namespace, name, 'No node port']];
  return `${table(['NAMESPACE', 'NAME', 'URL'], rows)}🎉  Opening service ${namespace}/${name} in default browser...\n👉  Open ${urls[0] ?? 'the URL above'} in your browser.\n`;
}

export function tunnelText(services: TunnelService[]): string {
  const head = 'Status:\t\n\tmachine: minikube\n\tpid: ' + process.pid + '\n\troute: 10.96.0.0/12 -> 192.168.49.2\n\tminikube: Running\n\tservices: [' + services.map((s) => s.name).join(', ') + ']\n    errors: \n\t\tminikube: no errors\n\t\trouter: no errors\n\t\tloadbalancer emulator: no errors\n';
  const started = services.map((s) => `🏃  Starting tunnel for service ${s.name}.\n`).join('');
  return head + started;
}

/** What the tunnel says as it ends, per service as minikube's ssh tunnels do. */
export function tunnelStoppedText(services: TunnelService[]): string {
  if (!services.length) return '\n✋  Stopped the tunnel.\n';
  return '\n' + services.map((s) => `✋  Stopped tunnel for service ${s.name}.\n`).join('');
}

export function dashboardText(focused: boolean): string {
  return focused
    ? '🤔  Verifying dashboard health ...\n🎉  Opening the Kubelab cluster view in your window...\n'
    : '🤔  Verifying dashboard health ...\n👉  Kubelab\'s cluster view is the dashboard: it is the panel above this terminal.\n';
}

export function errorText(code: string, message: string): string {
  return `\n❌  Exiting due to ${code}: ${message}\n\n`;
}

export const HELP = `minikube (Kubelab) speaks minikube's language for Kubelab's simulated cluster.

Basic Commands:
  start          Starts the cluster (--nodes N re-creates it with N nodes after asking)
  status         Gets the status of the cluster
  stop           Stops the cluster (pauses its clock)
  delete         Deletes the cluster
  dashboard      Shows Kubelab's cluster view

Images and Networking:
  ip             Retrieves the IP address of a node (--node NAME)
  service        Returns a URL to connect to a service (service NAME --url [-n NAMESPACE])
  tunnel         Gives LoadBalancer services an external IP

Advanced Commands:
  node           Adds, removes, stops, starts or lists nodes (node add | node delete NAME | node stop NAME | node start NAME | node list)
  kubectl        Runs kubectl against the cluster (minikube kubectl -- get pods)
  version        Prints the version
`;
