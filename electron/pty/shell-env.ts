/**
 * What a new terminal runs and with which environment. The user's own shell ($SHELL, then bash,
 * then sh; PowerShell on Windows) starts in their home folder, with KUBECONFIG pointing only at
 * Kubelab's kubeconfig so their real clusters are never touched by accident, Kubelab's shim folder
 * first on PATH (minikube, and kubectl when it has to be a bundled copy or the "missing" shim),
 * and a small rc file that adds the context to the prompt and kubectl completion.
 */
import { basename, delimiter, join } from 'node:path';
import type { ShellSpec } from './terminal-manager';

export type ShellKind = 'bash' | 'zsh' | 'sh' | 'powershell' | 'other';

export interface ShellChoice {
  file: string;
  kind: ShellKind;
}

export function shellKind(file: string): ShellKind {
  // Split on both separators: a Windows path must be understood wherever this runs.
  const name = (file.split(/[\\/]/).pop() ?? file).toLowerCase().replace(/\.exe$/, '');
  if (name === 'bash') return 'bash';
  if (name === 'zsh') return 'zsh';
  if (name === 'sh' || name === 'dash' || name === 'ash') return 'sh';
  if (name === 'pwsh' || name === 'powershell') return 'powershell';
  return 'other';
}

/** $SHELL when it exists, then bash, then sh (PowerShell on Windows). */
export function chooseShell(env: Record<string, string | undefined>, platform: NodeJS.Platform, exists: (path: string) => boolean): ShellChoice {
  if (platform === 'win32') {
    const file = env.COMSPEC && /pwsh|powershell/i.test(env.COMSPEC) ? env.COMSPEC : 'powershell.exe';
    return { file, kind: 'powershell' };
  }
  const candidates = [env.SHELL, '/bin/bash', '/usr/bin/bash', '/usr/local/bin/bash', '/bin/sh'];
  for (const file of candidates) {
    if (file && file.startsWith('/') && exists(file)) return { file, kind: shellKind(file) };
  }
  return { file: '/bin/sh', kind: 'sh' };
}

export interface ShellEnvInput {
  platform: NodeJS.Platform;
  /** The environment Kubelab itself was started with. */
  baseEnv: Record<string, string | undefined>;
  kubeconfigPath: string;
  /** Kubelab's shim folder, put first on PATH. */
  binDir: string;
  /** The local control endpoint the `minikube` shim uses. */
  controlUrl?: string;
  controlToken?: string;
  /** The kubeconfig context, shown in the prompt. */
  context: string;
  kubectlAvailable: boolean;
}

/** Variables that would point kubectl (or a child Node) somewhere other than Kubelab's cluster. */
const DROPPED = /^(KUBECONFIG|KUBELAB_.*|ELECTRON_.*|NODE_OPTIONS|VSCODE_.*|npm_.*)$/;

export function buildShellEnv(input: ShellEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.baseEnv)) {
    if (value !== undefined && !DROPPED.test(key)) env[key] = value;
  }
  const pathKey = input.platform === 'win32' ? (Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'Path') : 'PATH';
  const separator = input.platform === 'win32' ? ';' : delimiter === ';' ? ':' : delimiter;
  const inherited = env[pathKey] ?? (input.platform === 'win32' ? '' : '/usr/local/bin:/usr/bin:/bin');
  env[pathKey] = inherited ? `${input.binDir}${separator}${inherited}` : input.binDir;
  env.KUBECONFIG = input.kubeconfigPath;
  env.TERM = 'xterm-256color';
  env.COLORTERM = 'truecolor';
  env.TERM_PROGRAM = 'Kubelab';
  env.LANG ??= 'C.UTF-8';
  env.KUBELAB_CONTEXT = input.context;
  env.KUBELAB_BIN = input.binDir;
  if (!input.kubectlAvailable) env.KUBELAB_KUBECTL_MISSING = '1';
  if (input.controlUrl) env.KUBELAB_CONTROL_URL = input.controlUrl;
  if (input.controlToken) env.KUBELAB_CONTROL_TOKEN = input.controlToken;
  // Shells without an rc file of ours (sh, dash) still show the context.
  if (input.platform !== 'win32') env.PS1 = `(${input.context}) \\$ `;
  return env;
}

export interface ShellSpecInput extends ShellEnvInput {
  shell: ShellChoice;
  home: string;
  /** Folder holding Kubelab's rc files (see shims.ts). */
  rcDir: string;
}

export function buildShellSpec(input: ShellSpecInput): ShellSpec {
  const env = buildShellEnv(input);
  let args: string[];
  switch (input.shell.kind) {
    case 'bash':
      args = ['--rcfile', join(input.rcDir, 'bashrc'), '-i'];
      break;
    case 'zsh':
      // zsh reads $ZDOTDIR/.zshrc; ours sources the user's own files first.
      env.ZDOTDIR = join(input.rcDir, 'zsh');
      env.KUBELAB_USER_ZDOTDIR = input.baseEnv.ZDOTDIR ?? input.home;
      args = ['-i'];
      break;
    case 'powershell':
      args = ['-NoLogo'];
      break;
    default:
      args = ['-i'];
  }
  return { file: input.shell.file, args, cwd: input.home, env, name: basename(input.shell.file).replace(/\.exe$/i, '') };
}
