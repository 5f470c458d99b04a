/**
 * Writes Kubelab's per-launch shell helpers into the data folder: the `minikube` command (a tiny
 * script that runs the bundled minikube.js with the app's own Node), a `kubectl` wrapper when the
 * kubectl is a bundled copy or missing altogether, and the rc files that set the prompt hint and
 * kubectl completion. They are regenerated on every launch, so they always match the running app.
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KUBECTL_MISSING_MESSAGE, type KubectlResolution } from './kubectl-resolve';

export interface ShimOptions {
  /** Root folder for the helpers, e.g. `<dataDir>/terminal`. */
  dir: string;
  platform: NodeJS.Platform;
  /** The Node (or Electron) executable that runs minikube.js. */
  nodePath: string;
  /** Node flags before the script (e.g. `--import tsx` when running sources). */
  nodeArgs?: string[];
  /** Set ELECTRON_RUN_AS_NODE for the minikube command (when nodePath is Electron). */
  runAsNode: boolean;
  minikubeScript: string;
  kubectl: KubectlResolution;
}

export interface ShimPaths {
  binDir: string;
  rcDir: string;
}

/** Quotes a string for POSIX sh, so paths with spaces or quotes survive. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function writeExecutable(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o755 });
  chmodSync(path, 0o755);
}

export function posixMinikubeShim(options: Pick<ShimOptions, 'nodePath' | 'nodeArgs' | 'runAsNode' | 'minikubeScript'>): string {
  const env = options.runAsNode ? 'ELECTRON_RUN_AS_NODE=1 ' : '';
  const command = [options.nodePath, ...(options.nodeArgs ?? []), options.minikubeScript].map(shQuote).join(' ');
  return `#!/bin/sh\n# Kubelab's minikube: speaks minikube's language for the simulated cluster.\n${env}exec ${command} "$@"\n`;
}

export function posixKubectlShim(kubectl: KubectlResolution): string | undefined {
  if (kubectl.source === 'path') return undefined;
  if (kubectl.source === 'none') return `#!/bin/sh\necho ${shQuote(KUBECTL_MISSING_MESSAGE)} >&2\nexit 127\n`;
  return `#!/bin/sh\nexec ${shQuote(kubectl.path)} "$@"\n`;
}

const BASHRC = `# Kubelab: the user's own bashrc, then the context in the prompt and kubectl completion.
if [ -f /etc/bash.bashrc ]; then . /etc/bash.bashrc; fi
if [ -f "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi
PATH="$KUBELAB_BIN:$PATH"
export PATH
case "$PS1" in "(\${KUBELAB_CONTEXT}) "*) ;; *) PS1="(\${KUBELAB_CONTEXT}) \${PS1:-\\$ }" ;; esac
if [ -z "$KUBELAB_KUBECTL_MISSING" ] && command -v kubectl >/dev/null 2>&1; then
  source <(kubectl completion bash 2>/dev/null)
fi
`;

const ZSHENV = `# Kubelab: read the user's own .zshenv.
if [ -f "\${KUBELAB_USER_ZDOTDIR:-$HOME}/.zshenv" ]; then . "\${KUBELAB_USER_ZDOTDIR:-$HOME}/.zshenv"; fi
`;

const ZSHRC = `# Kubelab: the user's own .zshrc, then the context in the prompt and kubectl completion.
KUBELAB_ZDOTDIR="$ZDOTDIR"
ZDOTDIR="\${KUBELAB_USER_ZDOTDIR:-$HOME}"
if [ -f "$ZDOTDIR/.zshrc" ]; then . "$ZDOTDIR/.zshrc"; fi
PATH="$KUBELAB_BIN:$PATH"
export PATH
case "$PROMPT" in "(\${KUBELAB_CONTEXT}) "*) ;; *) PROMPT="(\${KUBELAB_CONTEXT}) \${PROMPT:-%# }" ;; esac
if [ -z "$KUBELAB_KUBECTL_MISSING" ] && command -v kubectl >/dev/null 2>&1; then
  if ! whence compdef >/dev/null 2>&1; then autoload -Uz compinit && compinit -u; fi
  source <(kubectl completion zsh 2>/dev/null)
fi
`;

export function writeShims(options: ShimOptions): ShimPaths {
  const binDir = join(options.dir, 'bin');
  const rcDir = join(options.dir, 'rc');
  rmSync(binDir, { recursive: true, force: true });
  mkdirSync(binDir, { recursive: true, mode: 0o700 });
  mkdirSync(join(rcDir, 'zsh'), { recursive: true, mode: 0o700 });
  if (options.platform === 'win32') {
    const env = options.runAsNode ? 'set ELECTRON_RUN_AS_NODE=1\r\n' : '';
    writeFileSync(join(binDir, 'minikube.cmd'), `@echo off\r\n${env}"${options.nodePath}" "${options.minikubeScript}" %*\r\n`);
    if (options.kubectl.source === 'none') {
      writeFileSync(join(binDir, 'kubectl.cmd'), `@echo off\r\necho ${KUBECTL_MISSING_MESSAGE} 1>&2\r\nexit /b 127\r\n`);
    } else if (options.kubectl.source !== 'path') {
      writeFileSync(join(binDir, 'kubectl.cmd'), `@echo off\r\n"${options.kubectl.path}" %*\r\n`);
    }
    return { binDir, rcDir };
  }
  writeExecutable(join(binDir, 'minikube'), posixMinikubeShim(options));
  const kubectl = posixKubectlShim(options.kubectl);
  if (kubectl) writeExecutable(join(binDir, 'kubectl'), kubectl);
  writeFileSync(join(rcDir, 'bashrc'), BASHRC);
  writeFileSync(join(rcDir, 'zsh', '.zshenv'), ZSHENV);
  writeFileSync(join(rcDir, 'zsh', '.zshrc'), ZSHRC);
  return { binDir, rcDir };
}
