/**
 * Parses the bundled `minikube` command's arguments into one command value. It accepts minikube's
 * own spellings (`--nodes=3`, `-n 3`, `node delete m02`) and ignores driver and sizing flags that only
 * matter for a real VM, so tutorial commands copied verbatim still work.
 */
export type MinikubeCommand =
  | { cmd: 'start'; nodes?: number; force: boolean }
  | { cmd: 'status' }
  | { cmd: 'stop' }
  | { cmd: 'delete' }
  | { cmd: 'ip'; node?: string }
  | { cmd: 'node-add' }
  | { cmd: 'node-delete'; name: string }
  | { cmd: 'node-list' }
  | { cmd: 'node-stop'; name: string; typed: string }
  | { cmd: 'node-start'; name: string; typed: string }
  | { cmd: 'service'; name: string; namespace: string; url: boolean }
  | { cmd: 'tunnel' }
  | { cmd: 'dashboard'; url: boolean }
  | { cmd: 'kubectl'; args: string[] }
  | { cmd: 'version' }
  | { cmd: 'help' };

export class MinikubeUsageError extends Error {}

/** Flags of real minikube that make no difference to a simulated cluster; accepted and ignored. */
const IGNORED_VALUE_FLAGS = new Set(['--driver', '--vm-driver', '--memory', '--cpus', '--disk-size', '--kubernetes-version', '--container-runtime', '--profile', '-p', '--image-repository', '--cni', '--addons', '--extra-config']);
const IGNORED_BOOL_FLAGS = new Set(['--alsologtostderr', '--wait', '--embed-certs', '--interactive', '--delete-on-failure']);

export const MAX_NODES = 10;

interface Flags {
  values: Map<string, string>;
  bools: Set<string>;
  positional: string[];
}

function parseFlags(args: string[], valueFlags: Set<string>, boolFlags: Set<string>): Flags {
  const flags: Flags = { values: new Map(), bools: new Set(), positional: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('-') || arg === '-') {
      flags.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (valueFlags.has(name) || IGNORED_VALUE_FLAGS.has(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new MinikubeUsageError(`flag needs an argument: ${name}`);
      if (valueFlags.has(name)) flags.values.set(name, value);
    } else if (boolFlags.has(name) || IGNORED_BOOL_FLAGS.has(name)) {
      if (boolFlags.has(name) && inline !== 'false') flags.bools.add(name);
    } else {
      throw new MinikubeUsageError(`unknown flag: ${name}`);
    }
  }
  return flags;
}

function parseNodes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new MinikubeUsageError(`invalid argument "${value}" for "-n, --nodes" flag: not a number`);
  const nodes = Number(value);
  if (nodes < 1 || nodes > MAX_NODES) throw new MinikubeUsageError(`--nodes must be between 1 and ${MAX_NODES}`);
  return nodes;
}

function noPositional(flags: Flags, command: string): void {
  if (flags.positional.length) throw new MinikubeUsageError(`"minikube ${command}" takes no arguments, got "${flags.positional.join(' ')}"`);
}

export function parseMinikubeArgs(argv: string[]): MinikubeCommand {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '-h':
    case '--help':
      return { cmd: 'help' };
    case 'version':
      return { cmd: 'version' };
    case 'start': {
      const flags = parseFlags(rest, new Set(['--nodes', '-n']), new Set(['--force', '-f', '--yes', '-y']));
      noPositional(flags, 'start');
      const nodes = parseNodes(flags.values.get('--nodes') ?? flags.values.get('-n'));
      const force = ['--force', '-f', '--yes', '-y'].some((f) => flags.bools.has(f));
      return nodes === undefined ? { cmd: 'start', force } : { cmd: 'start', nodes, force };
    }
    case 'status':
    case 'stop':
    case 'tunnel': {
      const flags = parseFlags(rest, new Set(), new Set(['--all', '--cleanup']));
      noPositional(flags, command);
      return { cmd: command };
    }
    case 'delete': {
      const flags = parseFlags(rest, new Set(), new Set(['--all', '--purge']));
      noPositional(flags, command);
      return { cmd: 'delete' };
    }
    case 'ip': {
      const flags = parseFlags(rest, new Set(['--node', '-n']), new Set());
      noPositional(flags, 'ip');
      const node = flags.values.get('--node') ?? flags.values.get('-n');
      return node === undefined ? { cmd: 'ip' } : { cmd: 'ip', node: fullNodeName(node) };
    }
    case 'node': {
      const [sub, ...tail] = rest;
      const flags = parseFlags(tail, new Set(), new Set(['--worker', '--control-plane']));
      if (sub === 'add') {
        noPositional(flags, 'node add');
        return { cmd: 'node-add' };
      }
      if (sub === 'list') return { cmd: 'node-list' };
      if (sub === 'delete') {
        const [name, ...extra] = flags.positional;
        if (!name || extra.length) throw new MinikubeUsageError('usage: minikube node delete NAME');
        return { cmd: 'node-delete', name: fullNodeName(name) };
      }
      if (sub === 'stop' || sub === 'start') {
        const [name, ...extra] = flags.positional;
        // node_stop.go / node_start.go: exit.Message(reason.Usage, "Usage: minikube node stop [name]")
        if (!name || extra.length) throw new MinikubeUsageError(`Usage: minikube node ${sub} [name]`);
        return { cmd: sub === 'stop' ? 'node-stop' : 'node-start', name: fullNodeName(name), typed: name };
      }
      throw new MinikubeUsageError('usage: minikube node [add|delete|list|start|stop]');
    }
    case 'service': {
      const flags = parseFlags(rest, new Set(['--namespace', '-n']), new Set(['--url', '--https']));
      const [name, ...extra] = flags.positional;
      if (!name || extra.length) throw new MinikubeUsageError('usage: minikube service NAME [--url] [-n NAMESPACE]');
      return { cmd: 'service', name, namespace: flags.values.get('--namespace') ?? flags.values.get('-n') ?? 'default', url: flags.bools.has('--url') };
    }
    case 'dashboard': {
      const flags = parseFlags(rest, new Set(), new Set(['--url']));
      noPositional(flags, 'dashboard');
      return { cmd: 'dashboard', url: flags.bools.has('--url') };
    }
    case 'kubectl':
      // `minikube kubectl -- get pods`: everything after `--` goes to kubectl.
      return { cmd: 'kubectl', args: rest[0] === '--' ? rest.slice(1) : rest };
    default:
      throw new MinikubeUsageError(`unknown command "${command}" for "minikube"`);
  }
}

/** minikube lets users say `m02` for `minikube-m02`. */
export function fullNodeName(name: string): string {
  return /^m\d{2,}$/.test(name) ? `minikube-${name}` : name;
}

export function shortNodeName(name: string): string {
  return name.startsWith('minikube-') ? name.slice('minikube-'.length) : name;
}
