/**
 * tar on the container filesystem, checked against the host's GNU tar where it exists: archives
 * the host's tar wrote (gnu, ustar and pax formats) extract here, and archives written here list
 * and extract with the host's tar. kubectl cp's own commands are run as it runs them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContainerFs } from '../../fs';
import type { CommandEnv, Flavour, ShellHost } from '../types';
import { TAR_COMMANDS } from './tar';
import { TEST_COMMANDS } from './test';
import { BLOCK, GNU_RECORD, readArchive, writeArchive } from './ustar';

function hostTar(): boolean {
  try {
    execFileSync('tar', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const HAS_TAR = hostTar();

function envFor(fs: ContainerFs, flavour: Flavour = 'gnu'): CommandEnv {
  const host: ShellHost = {
    fs,
    env: {},
    cwd: '/',
    pod: { namespace: 'default', name: 'p', podIP: '10.244.0.5' },
    container: 'c',
    flavour,
    network: { http: () => ({ status: 502, headers: {}, body: '' }), resolve: () => undefined, byIp: () => undefined },
    wallNow: () => Date.UTC(2026, 0, 1, 0, 0, 0),
    after: () => () => undefined,
    mainProcess: 'sh',
  };
  return { host, sleep: () => ({ pending: true, start: (resume) => resume(0) }) };
}

function run(args: string[], env: CommandEnv, stdin?: string): { status: number; out: string; err: string } {
  let out = '';
  let err = '';
  const status = TAR_COMMANDS.tar!(args, env, { ...(stdin === undefined ? {} : { stdin }), out: (t) => (out += t), err: (t) => (err += t) });
  if (typeof status !== 'number') throw new Error('tar does not wait');
  return { status, out, err };
}

describe('tar cf - (kubectl cp from a pod)', () => {
  it('archives a folder with GNU tar format and record padding, naming entries without the root', () => {
    const fs = new ContainerFs({ '/data/a.txt': 'alpha\n', '/data/sub/b.txt': 'héllo wörld\n' });
    const r = run(['cf', '-', '/data'], envFor(fs));
    expect(r.status).toBe(0);
    expect(r.err).toBe("tar: Removing leading `/' from member names\n");
    const archive = Buffer.from(r.out, 'utf8');
    expect(archive.length % GNU_RECORD).toBe(0);
    expect(archive.subarray(257, 265).toString('latin1')).toBe('ustar  \0');
    const { entries } = readArchive(archive);
    expect(entries.map((e) => [e.name, e.type])).toEqual([
      ['data', 'dir'],
      ['data/a.txt', 'file'],
      ['data/sub', 'dir'],
      ['data/sub/b.txt', 'file'],
    ]);
    expect(entries[3]!.content!.toString('utf8')).toBe('héllo wörld\n');
  });

  it('writes busybox ustar without record padding and busybox words', () => {
    const fs = new ContainerFs({ '/tmp/f': 'x' });
    const r = run(['cf', '-', '/tmp/f'], envFor(fs, 'busybox'));
    expect(r.err).toBe("tar: removing leading '/' from member names\n");
    const archive = Buffer.from(r.out, 'utf8');
    expect(archive.length).toBe(4 * BLOCK);
    expect(archive.subarray(257, 265).toString('latin1')).toBe('ustar\x0000');
  });

  it('fails on a missing path as GNU tar does, and on no operand', () => {
    const env = envFor(new ContainerFs({}));
    const missing = run(['cf', '-', '/tmp/nope'], env);
    expect(missing.status).toBe(2);
    // GNU tar 1.34: it names the member (dropping the /) before it stats the file.
    expect(missing.err).toBe("tar: Removing leading `/' from member names\ntar: /tmp/nope: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n");
    expect(run(['cf', '-'], env)).toMatchObject({ status: 2, err: "tar: Cowardly refusing to create an empty archive\nTry 'tar --help' or 'tar --usage' for more information.\n" });
    expect(run(['-f', '-', 'x'], env).err).toContain("tar: You must specify one of the '-Acdtrux'");
  });

  it.skipIf(!HAS_TAR)('writes archives the host GNU tar lists and extracts byte for byte', () => {
    // One name needs ustar's prefix field, one a component too long for it (a GNU long-name entry).
    const name = `deep/${'n'.repeat(120)}/file.txt`;
    const split = `${'p/'.repeat(60)}q/file.txt`;
    const fs = new ContainerFs({ '/srv/one.txt': 'one\n', [`/srv/${name}`]: 'long name\n', [`/srv/${split}`]: 'split name\n' });
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-tar-'));
    for (const flavour of ['gnu', 'busybox'] as const) {
      const archive = join(dir, `${flavour}.tar`);
      writeFileSync(archive, Buffer.from(run(['cf', '-', '/srv'], envFor(fs, flavour)).out, 'utf8'));
      const listed = execFileSync('tar', ['tf', archive]).toString().trim().split('\n');
      expect(listed).toContain(`srv/${name}`);
      const out = join(dir, `out-${flavour}`);
      mkdirSync(out);
      execFileSync('tar', ['xf', archive, '-C', out]);
      expect(readFileSync(join(out, 'srv', name), 'utf8')).toBe('long name\n');
      expect(readFileSync(join(out, 'srv', split), 'utf8')).toBe('split name\n');
      expect(readFileSync(join(out, 'srv/one.txt'), 'utf8')).toBe('one\n');
    }
  });
});

describe('tar -xmf - -C dir (kubectl cp into a pod)', () => {
  it('extracts what kubectl sends into the folder, creating parents', () => {
    const source = new ContainerFs({ '/x/notes.txt': 'remember\n', '/x/d/e.txt': 'deep\n' });
    const archive = run(['cf', '-', '/x'], envFor(source)).out;
    const target = new ContainerFs({});
    const env = envFor(target);
    const r = run(['--no-same-permissions', '--no-same-owner', '-xmf', '-', '-C', '/tmp'], env, archive);
    expect(r).toEqual({ status: 0, out: '', err: '' });
    expect(target.read('/tmp/x/notes.txt')).toBe('remember\n');
    expect(target.read('/tmp/x/d/e.txt')).toBe('deep\n');
    expect(target.isDir('/tmp/x/d')).toBe(true);
  });

  // The messages and their order are GNU tar 1.34's (checked on a Debian host).
  it('refuses a -C folder that does not exist once it reaches a member, and input that is not tar', () => {
    const env = envFor(new ContainerFs({ '/etc/hostname': 'p\n' }));
    const one = writeArchive([{ name: 'hi.txt', type: 'file', mode: 0o644, mtimeSeconds: 0, content: Buffer.from('hi\n') }], 'gnu').toString('utf8');
    expect(run(['-xmf', '-', '-C', '/nope'], env, one)).toEqual({ status: 2, out: '', err: 'tar: /nope: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n' });
    expect(run(['-xmf', '-', '-C', '/etc/hostname'], env, one).err).toBe('tar: /etc/hostname: Cannot open: Not a directory\ntar: Error is not recoverable: exiting now\n');
    expect(run(['-xmf', '-', '-C', '/nope'], envFor(new ContainerFs({}), 'busybox'), one)).toMatchObject({ status: 1, err: "tar: can't change directory to '/nope': No such file or directory\n" });
    const notTar = 'tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n';
    expect(run(['-xmf', '-'], env, 'hello\n'.repeat(200))).toEqual({ status: 2, out: '', err: notTar });
    // Empty input: GNU tar says it is no archive (even before -C), busybox takes it as an empty one.
    expect(run(['-xmf', '-', '-C', '/nope'], env, '')).toEqual({ status: 2, out: '', err: notTar });
    expect(run(['-xmf', '-'], envFor(new ContainerFs({}), 'busybox'), '')).toEqual({ status: 0, out: '', err: '' });
    expect(run(['tf', '-'], env, one.slice(0, 300)).err).toBe(notTar);
  });

  it('extracts the members before a truncation, then says so twice', () => {
    const fs = new ContainerFs({});
    const archive = writeArchive(
      [
        { name: 'first', type: 'file', mode: 0o644, mtimeSeconds: 0, content: Buffer.from('1') },
        { name: 'second', type: 'file', mode: 0o644, mtimeSeconds: 0, content: Buffer.from('2'.repeat(2000)) },
      ],
      'gnu',
    ).toString('utf8');
    const r = run(['xf', '-'], envFor(fs), archive.slice(0, 1600));
    expect(r).toEqual({ status: 2, out: '', err: 'tar: Unexpected EOF in archive\ntar: Unexpected EOF in archive\ntar: Error is not recoverable: exiting now\n' });
    expect(fs.read('/first')).toBe('1');
    expect(fs.isFile('/second')).toBe(false);
  });

  it('skips a damaged header and goes on to the next member', () => {
    const fs = new ContainerFs({});
    const archive = writeArchive(
      [
        { name: 'a', type: 'file', mode: 0o644, mtimeSeconds: 0, content: Buffer.from('A') },
        { name: 'b', type: 'file', mode: 0o644, mtimeSeconds: 0, content: Buffer.from('B') },
        { name: 'c', type: 'file', mode: 0o644, mtimeSeconds: 0, content: Buffer.from('C') },
      ],
      'ustar',
    );
    archive[2 * 512] = 0x7a; // b's name: its checksum no longer matches.
    const r = run(['xf', '-'], envFor(fs), archive.toString('latin1'));
    expect(r.err).toBe('tar: Skipping to next header\ntar: Exiting with failure status due to previous errors\n');
    expect([fs.read('/a'), fs.isFile('/b'), fs.read('/c')]).toEqual(['A', false, 'C']);
  });

  it('reports a read-only mount and goes on with the rest', () => {
    const archive = writeArchive(
      [
        { name: 'ro/a', type: 'file', mode: 0o644, mtimeSeconds: 0, content: Buffer.from('a') },
        { name: 'rw/b', type: 'file', mode: 0o644, mtimeSeconds: 0, content: Buffer.from('b') },
      ],
      'ustar',
    ).toString('utf8');
    const fs = new ContainerFs({});
    const volume = new (class {
      files = new Map<string, string>();
      dirs = new Set<string>(['']);
      mkdirs() {}
      replace() {}
      names() {
        return [];
      }
    })();
    fs.mount({ path: '/ro', volume: volume as never, base: '', readOnly: true });
    const r = run(['-xmf', '-'], envFor(fs), archive);
    expect(r.status).toBe(2);
    expect(r.err).toBe('tar: ro/a: Cannot open: Read-only file system\ntar: Exiting with failure status due to previous errors\n');
    expect(fs.read('/rw/b')).toBe('b');
  });

  it.skipIf(!HAS_TAR)('extracts archives the host tar wrote in gnu, ustar and pax formats', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-tar-'));
    mkdirSync(join(dir, 'src/sub'), { recursive: true });
    writeFileSync(join(dir, 'src/sub/f.txt'), 'from the host\n');
    writeFileSync(join(dir, 'src/ünïcode.txt'), 'ü\n');
    for (const format of ['gnu', 'ustar', 'pax']) {
      const archive = execFileSync('tar', [`--format=${format}`, '-cf', '-', '-C', dir, 'src']).toString('utf8');
      const fs = new ContainerFs({});
      expect(run(['-xmf', '-', '-C', '/tmp'], envFor(fs), archive)).toMatchObject({ status: 0 });
      expect(fs.read('/tmp/src/sub/f.txt')).toBe('from the host\n');
      expect(fs.read('/tmp/src/ünïcode.txt')).toBe('ü\n');
    }
  });

  it('lists with t', () => {
    const archive = run(['cf', '-', '/etc/x'], envFor(new ContainerFs({ '/etc/x/y': '1' }))).out;
    expect(run(['tf', '-'], envFor(new ContainerFs({})), archive).out).toBe('etc/x/\netc/x/y\n');
  });
});

describe('test (kubectl cp checkDestinationIsDir)', () => {
  const fs = new ContainerFs({ '/tmp/file': 'x' });
  const env = envFor(fs);
  const t = (args: string[], name: 'test' | '[' = 'test') => {
    let err = '';
    const status = TEST_COMMANDS[name]!(args, env, { out: () => undefined, err: (e) => (err += e) });
    return { status, err };
  };
  it('tells folders from files and missing paths', () => {
    expect(t(['-d', '/tmp']).status).toBe(0);
    expect(t(['-d', '/tmp/file']).status).toBe(1);
    expect(t(['-f', '/tmp/file']).status).toBe(0);
    expect(t(['-e', '/nope']).status).toBe(1);
    expect(t(['!', '-e', '/nope']).status).toBe(0);
    expect(t(['-d', '/tmp', ']'], '[').status).toBe(0);
    expect(t(['-d', '/tmp'], '[')).toEqual({ status: 2, err: "[: missing ']'\n" });
    expect(t(['1', '-lt', '2']).status).toBe(0);
    expect(t(['a', '-lt', '2'])).toEqual({ status: 2, err: 'test: a: integer expression expected\n' });
  });
});
