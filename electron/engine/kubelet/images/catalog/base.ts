/**
 * Base and language images: busybox, alpine, ubuntu, python, node and perl. Their default command is
 * a shell or an interpreter reading a closed stdin, so without a command they exit 0 at once, as
 * the real ones do (`kubectl run u --image=ubuntu` ends in Completed / CrashLoopBackOff); with a
 * command they run it (script.ts interprets the usual shell one-liners). Tags are a snapshot of
 * Docker Hub around alpine 3.21.0, python 3.13.1 and node 23.4.0.
 */
import { DEFAULT_PATH, image, versionTags } from './helpers';
import type { ImageProfile, LaunchSpec } from '../types';
import { nodeRun, perlRun, pythonRun } from './interpreters';

/** docker's argv: the pod's command or the image's Entrypoint, then the pod's args or (without a command) the image's Cmd. */
function argvOf(profile: ImageProfile, spec: LaunchSpec): string[] {
  return [...(spec.command ?? profile.entrypoint ?? []), ...(spec.args ?? (spec.command ? [] : (profile.cmd ?? [])))];
}

/** Runs `run` when the program is this interpreter (`python3`, `/usr/local/bin/node`, ...); other programs are left to the shell model. */
function interpreter(name: RegExp, run: (base: ImageProfile, argv: string[]) => ImageProfile): (base: ImageProfile, spec: LaunchSpec) => ImageProfile | undefined {
  return (base, spec) => {
    const argv = argvOf(base, spec).filter((w, i) => !(i === 0 && w === 'docker-entrypoint.sh'));
    const program = (argv[0] ?? '').split('/').pop() ?? '';
    return name.test(program) ? run(base, argv.slice(1)) : undefined;
  };
}


const SCRIPT = { kind: 'script' } as const;

export const BUSYBOX: ImageProfile = image('docker.io/library/busybox', {
  tagGroups: [
    [...versionTags('1.37.0', ['latest', 'stable']), '1.37.0-glibc', '1.37-glibc', '1-glibc', 'glibc', 'stable-glibc'],
    ['1.37.0-musl', '1.37-musl', '1-musl', 'musl', 'stable-musl'], ['1.37.0-uclibc', '1.37-uclibc', '1-uclibc', 'uclibc', 'stable-uclibc'],
    ['1.36.1', '1.36'], ['1.36.1-glibc', '1.36-glibc'], ['1.36.1-musl', '1.36-musl'], ['1.36.1-uclibc', '1.36-uclibc'], ['1.36.0'],
    ['1.35.0', '1.35'], ['1.34.1', '1.34'], ['1.34.0'], ['1.33.1', '1.33'], ['1.33.0'], ['1.32.1', '1.32'], ['1.32.0'],
    ['1.31.1', '1.31'], ['1.31.0'], ['1.30.1', '1.30'], ['1.30.0'], ['1.29.3', '1.29'], ['1.29.2'], ['1.28.4', '1.28'], ['1.28.0'], ['1.27.2', '1.27'], ['1.26.2', '1.26'], ['1.25.1', '1.25'], ['1.24.2', '1.24'],
    ['unstable', 'unstable-glibc'], ['unstable-musl'], ['unstable-uclibc'],
  ],
  // A real minikube Pulled event for busybox:latest reports 4269694 bytes.
  sizeBytes: 4_269_694,
  pullMs: 800,
  behaviour: SCRIPT,
  cmd: ['sh'],
  cpuMilli: 0,
  memoryBytes: 300 * 1024,
});

export const ALPINE: ImageProfile = image('docker.io/library/alpine', {
  tagGroups: [
    versionTags('3.21.0', ['latest']),
    ['3.20.3', '3.20'], ['3.20.2'], ['3.20.1'], ['3.20.0'], ['3.19.4', '3.19'], ['3.19.1'], ['3.19.0'], ['3.18.9', '3.18'], ['3.18.4'], ['3.18.0'],
    ['3.17.10', '3.17'], ['3.16.9', '3.16'], ['3.15.11', '3.15'], ['3.14'], ['3.13'], ['3.12'],
    ['edge'],
  ],
  sizeBytes: 7_800_000,
  pullMs: 900,
  behaviour: SCRIPT,
  cmd: ['/bin/sh'],
  cpuMilli: 0,
  memoryBytes: 400 * 1024,
});

export const UBUNTU: ImageProfile = image('docker.io/library/ubuntu', {
  tagGroups: [
    ['24.04', 'noble', 'latest'], ['24.10', 'oracular', 'rolling'],
    ['22.04', 'jammy'], ['20.04', 'focal'], ['18.04', 'bionic'], ['16.04', 'xenial'], ['14.04', 'trusty'],
  ],
  sizeBytes: 78_100_000,
  behaviour: SCRIPT,
  cmd: ['/bin/bash'],
  cpuMilli: 0,
  memoryBytes: 1024 * 1024,
});

const PYTHON_ENV = { PATH: DEFAULT_PATH, LANG: 'C.UTF-8', PYTHON_VERSION: '3.13.1' };

export const PYTHON: ImageProfile = image('docker.io/library/python', {
  tagGroups: [
    [...versionTags('3.13.1', ['latest']), '3.13.1-bookworm', '3.13-bookworm', '3-bookworm', 'bookworm'],
    [...versionTags('3.13.1', ['slim'], '-slim'), '3.13.1-slim-bookworm', '3.13-slim-bookworm', 'slim-bookworm'],
    [...versionTags('3.13.1', ['alpine'], '-alpine')],
    ['3.12.8', '3.12', '3.12.8-bookworm', '3.12-bookworm'], ['3.12.8-slim', '3.12-slim', '3.12-slim-bookworm'], ['3.12.8-alpine', '3.12-alpine'],
    ['3.11.11', '3.11'], ['3.11.11-slim', '3.11-slim'], ['3.11.11-alpine', '3.11-alpine'],
    ['3.10.16', '3.10'], ['3.10.16-slim', '3.10-slim'], ['3.9.21', '3.9'], ['3.9.21-slim', '3.9-slim'], ['3.8.20', '3.8'], ['3.8.20-slim', '3.8-slim'],
  ],
  sizeBytes: 1_020_000_000,
  behaviour: SCRIPT,
  cmd: ['python3'],
  cpuMilli: 0,
  memoryBytes: 8 * 1024 * 1024,
  env: PYTHON_ENV,
  launch: (spec) => pythonHttpServer([...(spec.command ?? []), ...(spec.args ?? [])]) ?? interpreter(/^python[\d.]*$/, pythonRun)(PYTHON, spec),
});

/** The root of a Debian-based image, as http.server lists it (symlinks end in @). */
const DEBIAN_ROOT = ['bin@', 'boot/', 'dev/', 'etc/', 'home/', 'lib@', 'lib64@', 'media/', 'mnt/', 'opt/', 'proc/', 'root/', 'run/', 'sbin@', 'srv/', 'sys/', 'tmp/', 'usr/', 'var/'];

/** `python -m http.server [port]` (Lib/http/server.py): serves the working directory's listing. */
function pythonHttpServer(words: string[]): ImageProfile | undefined {
  const at = words.indexOf('http.server');
  if (at < 1 || words[at - 1] !== '-m') return undefined;
  const port = Number(words.slice(at + 1).find((w) => /^\d+$/.test(w)) ?? 8000);
  const listing = `<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for /</title>\n</head>\n<body>\n<h1>Directory listing for /</h1>\n<hr>\n<ul>\n${DEBIAN_ROOT.map((n) => `<li><a href="${n.replace('@', '/')}">${n}</a></li>`).join('\n')}\n</ul>\n<hr>\n</body>\n</html>\n`;
  return {
    ...PYTHON,
    behaviour: { kind: 'serve' },
    ports: [port],
    startLogs: () => [`Serving HTTP on 0.0.0.0 port ${port} (http://0.0.0.0:${port}/) ...`],
    http: (p, req) => (p === port ? { status: 200, headers: { 'Content-type': 'text/html; charset=utf-8', Server: 'SimpleHTTP/0.6 Python/3.13.1' }, body: listing, log: () => `${req.clientIp} - - [${req.now.slice(8, 10)}/${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(req.now.slice(5, 7)) - 1]}/${req.now.slice(0, 4)} ${req.now.slice(11, 19)}] "${req.method} ${req.path} HTTP/1.1" 200 -` } : undefined),
    launch: undefined,
  };
}

export const NODE: ImageProfile = image('docker.io/library/node', {
  tagGroups: [
    [...versionTags('23.4.0', ['current', 'latest']), '23.4.0-bookworm', '23-bookworm', 'current-bookworm', 'bookworm'],
    ['23.4.0-alpine', '23.4-alpine', '23-alpine', 'current-alpine', 'alpine'], ['23.4.0-slim', '23-slim', 'current-slim', 'slim'],
    [...versionTags('22.12.0', ['lts', 'jod']), '22-bookworm', 'lts-bookworm'], ['22.12.0-alpine', '22.12-alpine', '22-alpine', 'lts-alpine', 'jod-alpine'], ['22.12.0-slim', '22-slim', 'lts-slim', 'jod-slim'],
    [...versionTags('20.18.1', ['iron']), '20-bookworm'], ['20.18.1-alpine', '20.18-alpine', '20-alpine', 'iron-alpine'], ['20.18.1-slim', '20-slim', 'iron-slim'],
    [...versionTags('18.20.5', ['hydrogen']), '18-bookworm'], ['18.20.5-alpine', '18.20-alpine', '18-alpine', 'hydrogen-alpine'], ['18.20.5-slim', '18-slim', 'hydrogen-slim'],
    ['16.20.2', '16.20', '16', 'gallium'], ['16-alpine'], ['14.21.3', '14.21', '14', 'fermium'], ['14-alpine'],
  ],
  sizeBytes: 1_120_000_000,
  entrypoint: ['docker-entrypoint.sh'],
  behaviour: SCRIPT,
  cmd: ['node'],
  cpuMilli: 0,
  memoryBytes: 10 * 1024 * 1024,
  env: { PATH: DEFAULT_PATH, NODE_VERSION: '23.4.0', YARN_VERSION: '1.22.22' },
  launch: (spec) => interpreter(/^node(js)?$/, nodeRun)(NODE, spec),
});

export const PERL: ImageProfile = image('docker.io/library/perl', {
  tagGroups: [
    [...versionTags('5.40.0', ['latest']), '5.40.0-bookworm', '5.40-bookworm', '5-bookworm', 'bookworm'], ['5.40.0-slim', '5.40-slim', '5-slim', 'slim'],
    ['5.38.2', '5.38'], ['5.38.2-slim', '5.38-slim'], ['5.36.3', '5.36'], ['5.36.3-slim', '5.36-slim'], ['5.34.3', '5.34'], ['5.34.0'], ['5.32.1', '5.32'], ['5.30.3', '5.30'],
  ],
  sizeBytes: 890_000_000,
  behaviour: SCRIPT,
  cmd: ['perl5.40.0', '-de0'],
  workingDir: '/usr/src/app',
  cpuMilli: 0,
  memoryBytes: 4 * 1024 * 1024,
  env: { PATH: DEFAULT_PATH },
  launch: (spec) => interpreter(/^perl[\d.]*$/, perlRun)(PERL, spec),
});
