// The shell environment points kubectl at Kubelab only, puts the shims first and picks a sensible shell.
import { describe, expect, it } from 'vitest';
import { buildShellEnv, buildShellSpec, chooseShell, shellKind, type ShellEnvInput } from './shell-env';

const base: ShellEnvInput = {
  platform: 'linux',
  baseEnv: {
    PATH: '/usr/bin:/bin',
    HOME: '/home/ada',
    KUBECONFIG: '/home/ada/.kube/prod-config',
    KUBELAB_CONTROL_TOKEN: 'leaked-from-parent',
    ELECTRON_RUN_AS_NODE: '1',
    NODE_OPTIONS: '--inspect',
    EDITOR: 'vim',
    UNSET: undefined,
  },
  kubeconfigPath: '/data/kubeconfig',
  binDir: '/data/terminal/bin',
  controlUrl: 'http://127.0.0.1:5555',
  controlToken: 'secret',
  context: 'minikube',
  kubectlAvailable: true,
};

describe('buildShellEnv', () => {
  it('sets KUBECONFIG to Kubelab\'s kubeconfig only, whatever the user had', () => {
    const env = buildShellEnv(base);
    expect(env.KUBECONFIG).toBe('/data/kubeconfig');
    expect(env.KUBECONFIG).not.toContain(':');
  });

  it('puts the shim folder first on PATH and keeps the rest', () => {
    expect(buildShellEnv(base).PATH).toBe('/data/terminal/bin:/usr/bin:/bin');
    expect(buildShellEnv({ ...base, baseEnv: {} }).PATH).toBe('/data/terminal/bin:/usr/local/bin:/usr/bin:/bin');
  });

  it('drops variables that would leak Kubelab internals or change child Node processes', () => {
    const env = buildShellEnv(base);
    expect(env.ELECTRON_RUN_AS_NODE).toBeUndefined();
    expect(env.NODE_OPTIONS).toBeUndefined();
    expect(env.KUBELAB_CONTROL_TOKEN).toBe('secret');
    expect(env.EDITOR).toBe('vim');
    expect('UNSET' in env).toBe(false);
  });

  it('passes the control endpoint, the context and a terminal type', () => {
    const env = buildShellEnv(base);
    expect(env.KUBELAB_CONTROL_URL).toBe('http://127.0.0.1:5555');
    expect(env.KUBELAB_CONTEXT).toBe('minikube');
    expect(env.TERM).toBe('xterm-256color');
    expect(env.PS1).toContain('(minikube)');
    expect(env.KUBELAB_KUBECTL_MISSING).toBeUndefined();
    expect(buildShellEnv({ ...base, kubectlAvailable: false }).KUBELAB_KUBECTL_MISSING).toBe('1');
  });

  it('uses ; and the existing Path key on Windows', () => {
    const env = buildShellEnv({ ...base, platform: 'win32', baseEnv: { Path: 'C:\\Windows' }, binDir: 'C:\\kubelab\\bin' });
    expect(env.Path).toBe('C:\\kubelab\\bin;C:\\Windows');
    expect(env.PS1).toBeUndefined();
  });
});

describe('chooseShell', () => {
  const exists = (files: string[]) => (path: string) => files.includes(path);
  it('uses $SHELL when it exists, then bash, then sh', () => {
    expect(chooseShell({ SHELL: '/usr/bin/zsh' }, 'linux', exists(['/usr/bin/zsh', '/bin/bash']))).toEqual({ file: '/usr/bin/zsh', kind: 'zsh' });
    expect(chooseShell({ SHELL: '/usr/bin/fish' }, 'linux', exists(['/bin/bash']))).toEqual({ file: '/bin/bash', kind: 'bash' });
    expect(chooseShell({}, 'linux', exists(['/bin/sh']))).toEqual({ file: '/bin/sh', kind: 'sh' });
    expect(chooseShell({ SHELL: 'relative/bash' }, 'linux', exists([]))).toEqual({ file: '/bin/sh', kind: 'sh' });
  });
  it('uses PowerShell on Windows', () => {
    expect(chooseShell({}, 'win32', exists([])).kind).toBe('powershell');
  });
  it('recognises shells by program name', () => {
    expect(shellKind('/bin/dash')).toBe('sh');
    expect(shellKind('C:\\Program Files\\PowerShell\\pwsh.exe')).toBe('powershell');
    expect(shellKind('/usr/bin/fish')).toBe('other');
  });
});

describe('buildShellSpec', () => {
  it('starts bash with Kubelab\'s rc file in the home folder', () => {
    const spec = buildShellSpec({ ...base, shell: { file: '/bin/bash', kind: 'bash' }, home: '/home/ada', rcDir: '/data/terminal/rc' });
    expect(spec).toMatchObject({ file: '/bin/bash', args: ['--rcfile', '/data/terminal/rc/bashrc', '-i'], cwd: '/home/ada', name: 'bash' });
  });
  it('points zsh at Kubelab\'s ZDOTDIR and remembers the user\'s', () => {
    const spec = buildShellSpec({ ...base, shell: { file: '/bin/zsh', kind: 'zsh' }, home: '/home/ada', rcDir: '/rc' });
    expect(spec.env.ZDOTDIR).toBe('/rc/zsh');
    expect(spec.env.KUBELAB_USER_ZDOTDIR).toBe('/home/ada');
  });
});
