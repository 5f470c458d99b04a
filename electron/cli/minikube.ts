/**
 * The `minikube` command inside Kubelab's terminal (run by the shim the pty environment puts first
 * on PATH). It parses minikube's arguments, asks Kubelab's local control endpoint to act, and prints
 * minikube-style output. It only works inside Kubelab's shells, which carry the endpoint and token.
 */
import { spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CONTROL_TOKEN_ENV, CONTROL_URL_ENV, ControlError, type ControlErrorCode } from '../control/control-protocol';
import { callControl, type ControlEndpoint } from './minikube-client';
import { MinikubeUsageError, parseMinikubeArgs, type MinikubeCommand } from './minikube-args';
import * as out from './minikube-output';

const ERROR_NAMES: Record<ControlErrorCode, string> = {
  NOT_FOUND: 'SVC_NOT_FOUND',
  NOT_RUNNING: 'GUEST_STATUS',
  INVALID: 'MK_USAGE',
  UNSUPPORTED: 'MK_UNIMPLEMENTED',
  FORBIDDEN: 'MK_AUTH',
  INTERNAL: 'MK_INTERNAL',
};

function ask(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return Promise.resolve(false);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
    rl.on('SIGINT', () => {
      rl.close();
      resolve(false);
    });
  });
}

const print = (text: string) => process.stdout.write(text);

async function run(command: MinikubeCommand, endpoint: ControlEndpoint): Promise<number> {
  switch (command.cmd) {
    case 'help':
      print(out.HELP);
      return 0;
    case 'version':
      print(`minikube version: ${out.MINIKUBE_VERSION}\ncommit: kubelab-simulated\n`);
      return 0;
    case 'kubectl': {
      const result = spawnSync('kubectl', command.args, { stdio: 'inherit' });
      return result.status ?? 1;
    }
    case 'status': {
      const state = await callControl(endpoint, { op: 'status' });
      print(out.statusText(state));
      return out.statusExitCode(state);
    }
    case 'start': {
      const base = command.nodes === undefined ? {} : { nodes: command.nodes };
      let result = await callControl(endpoint, { op: 'start', ...base, confirmed: command.force });
      if (result.action === 'needs-confirmation') {
        if (!(await ask(out.confirmRecreateQuestion(result.currentNodes, result.requestedNodes)))) {
          print(out.RECREATE_DECLINED);
          return 1;
        }
        result = await callControl(endpoint, { op: 'start', ...base, confirmed: true });
        if (result.action === 'needs-confirmation') throw new ControlError('INTERNAL', 'the cluster could not be re-created');
      }
      print(out.startText(result));
      return 0;
    }
    case 'stop': {
      const nodes = (await callControl(endpoint, { op: 'status' })).nodes.map((n) => n.name);
      const { stoppedNodes } = await callControl(endpoint, { op: 'stop' });
      print(out.stopText(stoppedNodes, stoppedNodes ? nodes : []));
      return 0;
    }
    case 'delete':
      print(out.deleteText((await callControl(endpoint, { op: 'delete' })).deleted));
      return 0;
    case 'ip':
      print(`${(await callControl(endpoint, command.node ? { op: 'ip', node: command.node } : { op: 'ip' })).ip}\n`);
      return 0;
    case 'node-add':
      print(out.nodeAddText((await callControl(endpoint, { op: 'node-add' })).name));
      return 0;
    case 'node-delete':
      print(out.nodeDeleteText((await callControl(endpoint, { op: 'node-delete', name: command.name })).name));
      return 0;
    case 'node-stop':
      print(out.nodeStopText((await callControl(endpoint, { op: 'node-stop', name: command.name })).name));
      return 0;
    case 'node-start': {
      const result = await callControl(endpoint, { op: 'node-start', name: command.name });
      print(out.nodeStartText(result.name, command.typed, result.alreadyRunning));
      return 0;
    }
    case 'node-list':
      print(out.nodeListText((await callControl(endpoint, { op: 'node-list' })).nodes));
      return 0;
    case 'service': {
      const { urls } = await callControl(endpoint, { op: 'service-url', namespace: command.namespace, name: command.name });
      print(command.url ? urls.map((u) => `${u}\n`).join('') : out.serviceText(command.namespace, command.name, urls));
      return 0;
    }
    case 'dashboard':
      print(out.dashboardText((await callControl(endpoint, { op: 'dashboard' })).focused));
      return 0;
    case 'tunnel': {
      print(out.tunnelText((await callControl(endpoint, { op: 'tunnel' })).services));
      // Like minikube, keep running (and keep assigning IPs to new LoadBalancers) until Ctrl-C.
      // Ctrl-C, a closed terminal tab (SIGHUP) or a kill all end it the same way: the LoadBalancer
      // IPs are taken back and their listeners closed, as minikube cleans up its routes.
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        const timer = setInterval(() => void callControl(endpoint, { op: 'tunnel' }).catch(() => undefined), 2000);
        for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
          process.once(name, () => {
            clearInterval(timer);
            resolve(name);
          });
        }
      });
      const stopped = await callControl(endpoint, { op: 'tunnel-stop' }).catch(() => ({ services: [] }));
      if (signal !== 'SIGHUP') print(out.tunnelStoppedText(stopped.services));
      return 0;
    }
  }
}

async function main(): Promise<number> {
  let command: MinikubeCommand;
  try {
    command = parseMinikubeArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof MinikubeUsageError) {
      process.stderr.write(`Error: ${error.message}\nSee 'minikube --help' for usage.\n`);
      return 64;
    }
    throw error;
  }
  const url = process.env[CONTROL_URL_ENV];
  const token = process.env[CONTROL_TOKEN_ENV];
  if (!url || !token) {
    if (command.cmd === 'help' || command.cmd === 'version') return run(command, { url: '', token: '' });
    process.stderr.write(out.errorText('MK_ENV', "this minikube belongs to Kubelab: run it in Kubelab's terminal."));
    return 1;
  }
  try {
    return await run(command, { url, token });
  } catch (error) {
    const code = error instanceof ControlError ? ERROR_NAMES[error.code] : 'MK_INTERNAL';
    process.stderr.write(out.errorText(code, (error as Error).message));
    return error instanceof ControlError && error.code === 'NOT_RUNNING' ? 80 : 1;
  }
}

void main().then((code) => process.exit(code));
